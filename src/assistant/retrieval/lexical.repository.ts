import { sql } from 'kysely';
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
  /** Document frequency of each looked-up term (terms absent from the KB are absent here); knowledge-snapshots.ts reads them. */
  frequencies: Map<string, number>;
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
