import { sql } from 'kysely';
import type { TenantTx } from '../../db/tenant-transaction';
import type { KnowledgeContentType } from '../assistant.types';

/** BM25F parameters: questions (title + alternatives) weigh more than the answer text. */
export const BM25 = { k1: 1.2, questionWeight: 2.5, contentWeight: 1, questionB: 0.4, contentB: 0.75 } as const;

export interface TermStats {
  /** Active, indexed, searchable entries of the tenant. */
  documents: number;
  /** Document frequency of each asked term and of each vocabulary term sharing an asked prefix. */
  frequencies: Map<string, number>;
}

/**
 * How many of the tenant's active entries contain each term, plus the vocabulary sharing one of
 * `prefixes` (two letters; candidates for a misspelt word). Both lookups use the (tenant_id, term)
 * and (tenant_id, left(term, 2)) indexes; RLS keeps them to the bound tenant.
 */
export async function lookupTermStats(tx: TenantTx, analyzer: string, terms: string[], prefixes: string[]): Promise<TermStats> {
  // Driven by the term indexes (no CTE over all entries): a fresh table without statistics must
  // not make the planner loop over every entry.
  const { rows } = await sql<{ term: string | null; df: number }>`
    select null as term, count(*)::int as df
      from knowledge_bases kb join knowledge_base_search_entries se on se.entry_id = kb.id
     where kb.is_active and kb.content_type in ('faq', 'custom') and se.analyzer = ${analyzer}
    union all
    select t.term, count(distinct t.entry_id)::int
      from knowledge_base_search_terms t
      join knowledge_bases kb on kb.id = t.entry_id
      join knowledge_base_search_entries se on se.entry_id = t.entry_id
     where (t.term = any(${terms}::text[]) or left(t.term, 2) = any(${prefixes}::text[]))
       and kb.is_active and kb.content_type in ('faq', 'custom') and se.analyzer = ${analyzer}
     group by t.term`.execute(tx);
  const frequencies = new Map<string, number>();
  let documents = 0;
  for (const row of rows) {
    if (row.term === null) documents = Number(row.df);
    else frequencies.set(row.term, Number(row.df));
  }
  return { documents, frequencies };
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
export async function scoreEntries(tx: TenantTx, analyzer: string, terms: WeightedTerm[], limit: number): Promise<ScoredEntry[]> {
  if (terms.length === 0) return [];
  const { k1, questionWeight, contentWeight, questionB, contentB } = BM25;
  const { rows } = await sql<ScoredEntry>`
    with q as (
      select * from unnest(${terms.map((t) => t.term)}::text[], ${terms.map((t) => t.concept)}::int[],
                           ${terms.map((t) => t.weight)}::float8[], ${terms.map((t) => t.idf)}::float8[])
        as q(term, concept, weight, idf)
    ),
    lengths as materialized (
      select greatest(avg(se.question_length), 1)::float8 as aq, greatest(avg(se.content_length), 1)::float8 as ac
      from knowledge_bases kb join knowledge_base_search_entries se on se.entry_id = kb.id
      where kb.is_active and kb.content_type in ('faq', 'custom') and se.analyzer = ${analyzer}
    ),
    tf as (
      select t.entry_id, t.term,
             sum(case when t.field = 'q'
                      then ${questionWeight}::float8 * t.frequency / (1 - ${questionB}::float8 + ${questionB}::float8 * se.question_length / l.aq)
                      else ${contentWeight}::float8 * t.frequency / (1 - ${contentB}::float8 + ${contentB}::float8 * se.content_length / l.ac)
                 end) as tfw
      from knowledge_base_search_terms t
      join knowledge_bases kb on kb.id = t.entry_id
      join knowledge_base_search_entries se on se.entry_id = t.entry_id
      cross join lengths l
      where t.term = any(${[...new Set(terms.map((t) => t.term))]}::text[])
        and kb.is_active and kb.content_type in ('faq', 'custom') and se.analyzer = ${analyzer}
      group by t.entry_id, t.term
    ),
    per_concept as (
      select tf.entry_id, q.concept,
             max(q.weight * q.idf * tf.tfw * (${k1}::float8 + 1) / (tf.tfw + ${k1}::float8)) as score,
             max(q.weight) as weight
      from tf join q on q.term = tf.term
      group by tf.entry_id, q.concept
    ),
    scored as (
      select entry_id, sum(score) as score, array_agg(concept order by concept) as concepts,
             array_agg(weight order by concept) as concept_weights
      from per_concept group by entry_id
    )
    select kb.id, kb.entry_key, kb.content_type, kb.title, kb.content, kb.alternative_questions,
           s.score, s.concepts, s.concept_weights
    from scored s join knowledge_bases kb on kb.id = s.entry_id
    order by round(s.score::numeric, 9) desc, lower(kb.title) nulls last, kb.entry_key
    limit ${limit}`.execute(tx);
  return rows.map((row) => ({
    ...row,
    score: Number(row.score),
    concepts: row.concepts.map(Number),
    conceptWeights: row.conceptWeights.map(Number),
    alternativeQuestions: row.alternativeQuestions ?? [],
  }));
}
