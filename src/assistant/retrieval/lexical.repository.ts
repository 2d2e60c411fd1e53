import { sql, type RawBuilder } from 'kysely';
import type { TenantTx } from '../../db/tenant-transaction';
import type { KnowledgeContentType } from '../assistant.types';

/** BM25F parameters: questions (title + alternatives) weigh more than the answer text. */
export const BM25 = { k1: 1.2, questionWeight: 2.5, contentWeight: 1, questionB: 0.4, contentB: 0.75 } as const;

export interface TermStats {
  /** Active, indexed (with this analyser), searchable entries of the tenant. */
  documents: number;
  /** Active searchable entries, indexed or not: more than `documents` means some need indexing. */
  active: number;
  /** Average number of terms in the questions (title + alternatives) and in the answers. */
  averageQuestionLength: number;
  averageContentLength: number;
  /** Document frequency of each looked-up term (terms absent from the KB are absent here). */
  frequencies: Map<string, number>;
}

/**
 * The corpus figures BM25 needs and how many entries contain each of `terms`, in one statement.
 * The index holds live versions only (v1.12 trigger), so the terms are counted without a join;
 * `active` vs `documents` tells whether some live entry still needs indexing with this analyser
 * (the caller then indexes and asks again). `alongside`, when given, is read in the same statement
 * for a caller that needs it too (the answer's whole knowledge base), saving a round trip. RLS keeps
 * every read to the bound tenant.
 */
export async function lookupTermStats<A = never>(
  tx: TenantTx,
  analyzer: string,
  terms: string[],
  alongside?: RawBuilder<A>,
): Promise<TermStats & { alongside?: A }> {
  const { rows } = await sql<{ term: string | null; df: number; indexed: number | null; aq: number | null; ac: number | null; alongside: A }>`
    select null as term,
           (select count(*) from knowledge_bases where is_active and content_type in ('faq', 'custom'))::int as df,
           count(*)::int as indexed, avg(question_length)::float8 as aq, avg(content_length)::float8 as ac,
           ${alongside ?? sql`null`} as alongside
      from knowledge_base_search_entries where analyzer = ${analyzer}
    union all
    select term, count(distinct entry_id)::int, null, null, null, null
      from knowledge_base_search_terms where term = any(${terms}::text[])
     group by term`.execute(tx);
  const stats: TermStats & { alongside?: A } = { documents: 0, active: 0, averageQuestionLength: 1, averageContentLength: 1, frequencies: new Map() };
  for (const row of rows) {
    if (row.term !== null) {
      stats.frequencies.set(row.term, Number(row.df));
      continue;
    }
    stats.active = Number(row.df);
    stats.documents = Number(row.indexed ?? 0);
    stats.averageQuestionLength = Math.max(1, Number(row.aq ?? 1));
    stats.averageContentLength = Math.max(1, Number(row.ac ?? 1));
    if (alongside) stats.alongside = row.alongside;
  }
  return stats;
}

/** The exclusive upper bound of the byte-ordered range of strings starting with `prefix`. */
function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

/**
 * The tenant's vocabulary (active entries) starting with one of `prefixes`, with document
 * frequencies: the candidates a misspelt word may stand for. Each prefix is one range scan of the
 * (tenant_id, term) index (terms are byte-ordered, COLLATE "C").
 */
export async function lookupVocabulary(tx: TenantTx, prefixes: string[]): Promise<Map<string, number>> {
  if (prefixes.length === 0) return new Map();
  const { rows } = await sql<{ term: string; df: number }>`
    select t.term, count(distinct t.entry_id)::int as df
      from unnest(${prefixes}::text[], ${prefixes.map(prefixEnd)}::text[]) as p(low, high)
      cross join lateral (
        select x.term, x.entry_id from knowledge_base_search_terms x
         where x.term >= p.low collate "C" and x.term < p.high collate "C"
      ) t
     group by t.term`.execute(tx);
  return new Map(rows.map((row) => [row.term, Number(row.df)]));
}

/** One weighted term of the question: `concept` groups a word with its synonyms and corrections. */
export interface WeightedTerm {
  term: string;
  concept: number;
  weight: number;
  idf: number;
}

export interface ScoredEntry {
  id: string;
  entryKey: string;
  contentType: KnowledgeContentType;
  title: string | null;
  content: string;
  alternativeQuestions: string[];
  score: number;
  /** The concepts the entry matched, and the weight of the best term that matched each. */
  concepts: number[];
  conceptWeights: number[];
}

/**
 * BM25F over the tenant's active entries: per concept, the best of its terms
 * (weight × idf × saturated field-weighted frequency), summed over concepts. Ties are broken by
 * title and then by the entry key, which a re-publish keeps: the same question gets the same
 * answer after a re-publish.
 */
export async function scoreEntries(
  tx: TenantTx,
  analyzer: string,
  terms: WeightedTerm[],
  lengths: { averageQuestionLength: number; averageContentLength: number },
  limit: number,
): Promise<ScoredEntry[]> {
  if (terms.length === 0) return [];
  const { k1, questionWeight, contentWeight, questionB, contentB } = BM25;
  const { rows } = await sql<ScoredEntry>`
    with q as (
      select * from unnest(${terms.map((t) => t.term)}::text[], ${terms.map((t) => t.concept)}::int[],
                           ${terms.map((t) => t.weight)}::float8[], ${terms.map((t) => t.idf)}::float8[])
        as q(term, concept, weight, idf)
    ),
    tf as (
      select t.entry_id, t.term,
             sum(case when t.field = 'q'
                      then ${questionWeight}::float8 * t.frequency / (1 - ${questionB}::float8 + ${questionB}::float8 * se.question_length / ${lengths.averageQuestionLength}::float8)
                      else ${contentWeight}::float8 * t.frequency / (1 - ${contentB}::float8 + ${contentB}::float8 * se.content_length / ${lengths.averageContentLength}::float8)
                 end) as tfw
      from knowledge_base_search_terms t join knowledge_base_search_entries se on se.entry_id = t.entry_id
      where t.term = any(${[...new Set(terms.map((t) => t.term))]}::text[]) and se.analyzer = ${analyzer}
      group by t.entry_id, t.term
    ),
    per_concept as (
      select tf.entry_id, q.concept,
             max(q.weight * q.idf * tf.tfw * (${k1}::float8 + 1) / (tf.tfw + ${k1}::float8)) as score,
             max(q.weight) as weight
      from tf join q on q.term = tf.term
      group by tf.entry_id, q.concept
    ),
    scored as materialized (
      select entry_id, round(sum(score)::numeric, 9)::float8 as score, array_agg(concept order by concept) as concepts,
             array_agg(weight order by concept) as concept_weights
      from per_concept group by entry_id
    ),
    -- The limit-th best score: only entries scoring at least that (ties included) need their rows.
    cut as (select coalesce(min(score), 0) as score from (select score from scored order by score desc limit ${limit}) top)
    select kb.id, kb.entry_key, kb.content_type, kb.title, kb.content, kb.alternative_questions,
           s.score, s.concepts, s.concept_weights
    from scored s cross join cut join knowledge_bases kb on kb.id = s.entry_id
    where s.score >= cut.score and kb.is_active and kb.content_type in ('faq', 'custom')
    order by s.score desc, lower(kb.title) nulls last, kb.entry_key
    limit ${limit}`.execute(tx);
  return rows.map((row) => ({
    ...row,
    score: Number(row.score),
    concepts: row.concepts.map(Number),
    conceptWeights: row.conceptWeights.map(Number),
    alternativeQuestions: row.alternativeQuestions ?? [],
  }));
}
