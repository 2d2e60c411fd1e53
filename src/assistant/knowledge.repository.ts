import { sql } from 'kysely';
import type { TenantTx } from '../db/tenant-transaction';
import type { KnowledgeContentType, KnowledgeSource } from './assistant.types';

/** At most this many distinct words of a question go into the search query. */
const MAX_QUERY_TERMS = 32;

/** The tenant's live system prompt, or null. RLS limits the read to the bound tenant. */
export async function findActiveSystemPrompt(tx: TenantTx): Promise<string | null> {
  const row = await tx
    .selectFrom('knowledgeBases')
    .select('content')
    .where('contentType', '=', 'system_prompt')
    .where('isActive', '=', true)
    .orderBy('version', 'desc')
    .executeTakeFirst();
  return row?.content ?? null;
}

/**
 * Splits a question into plain words for an OR query. Only letters and digits survive, so the
 * to_tsquery input below can never contain tsquery operators, whatever the visitor typed.
 */
export function questionTerms(question: string): string[] {
  const words = question.toLowerCase().match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
  return [...new Set(words)].slice(0, MAX_QUERY_TERMS);
}

/**
 * The active FAQ and custom entries most relevant to `question`, best first.
 *
 * A natural question ("how much does shipping cost?") rarely has every word in one entry, so the
 * query ORs the question's words (to_tsquery with the same `english` configuration as the generated
 * search_vector: stemming, stop words dropped). `score` is ts_rank (title weighted A, content B);
 * `coverage` is the share of the question's stemmed words that the entry contains, which the
 * built-in responder uses to decide whether an FAQ really answers the question.
 */
export async function searchKnowledge(tx: TenantTx, question: string, limit: number): Promise<KnowledgeSource[]> {
  const terms = questionTerms(question);
  if (terms.length === 0) return [];
  const queryText = terms.join(' | ');
  const rows = await sql<{
    id: string;
    contentType: KnowledgeContentType;
    title: string | null;
    content: string;
    score: number;
    coverage: number;
  }>`
    with q as (
      select to_tsquery('english', ${queryText}) as query,
             tsvector_to_array(to_tsvector('english', ${question})) as lexemes
    )
    select kb.id, kb.content_type, kb.title, kb.content,
           ts_rank(kb.search_vector, q.query)::float8 as score,
           (cardinality(array(select unnest(q.lexemes) intersect select unnest(tsvector_to_array(kb.search_vector))))::float8
             / greatest(cardinality(q.lexemes), 1))::float8 as coverage
    from knowledge_bases kb, q
    where kb.is_active and kb.content_type in ('faq', 'custom') and kb.search_vector @@ q.query
    order by score desc, kb.id
    limit ${limit}
  `.execute(tx);
  return rows.rows.map((row) => ({ ...row, score: Number(row.score), coverage: Number(row.coverage) }));
}
