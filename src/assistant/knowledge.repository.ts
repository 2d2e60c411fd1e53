import { sql } from 'kysely';
import type { TenantTx } from '../db/tenant-transaction';
import type { KnowledgeContentType, KnowledgeSource } from './assistant.types';
import { MAX_SOURCE_CHARS } from './answer.prompt';

/** An entry as the knowledge reads select it (id, entry key, type, title, answer, alternatives). */
export interface EntryRow {
  id: string;
  entryKey: string;
  contentType: KnowledgeContentType;
  title: string | null;
  content: string;
  alternativeQuestions: string[] | null;
}

/** An entry read without a ranking: a prompt fact with score and coverage 0. */
export function unrankedSource(row: EntryRow): KnowledgeSource {
  return { ...row, score: 0, coverage: 0, alternativeQuestions: row.alternativeQuestions ?? [] };
}

/**
 * The active FAQ and custom entries other than `exceptIds`, shortest first (then by title, so the
 * choice does not depend on random entry keys), as many as fit in
 * `budgetChars` (sized as `promptSize` sizes them): what fills the facts budget that the ranked
 * entries leave, so that the LLM still sees an entry the question words missed. One statement: every
 * active entry is sized in PostgreSQL, and only those that fit come back (a running sum).
 */
export async function listShortestEntries(tx: TenantTx, budgetChars: number, exceptIds: string[]): Promise<KnowledgeSource[]> {
  if (budgetChars <= 0) return [];
  const { rows } = await sql<EntryRow>`
    with sized as (
      select id, entry_key, content_type, title, content, alternative_questions,
             least(char_length(content), ${MAX_SOURCE_CHARS}::int)
               + char_length(array_to_string(array_remove(array_prepend(nullif(title, ''), alternative_questions), ''), ' / ')) as size
      from knowledge_bases
      where is_active and content_type in ('faq', 'custom') and not (id = any(${exceptIds}::uuid[]))
    ), running as (
      select *, sum(size) over (order by size, lower(title) nulls last, entry_key) as used from sized
    )
    select id, entry_key, content_type, title, content, alternative_questions
    from running where used <= ${budgetChars} order by size, lower(title) nulls last, entry_key`.execute(tx);
  return rows.map(unrankedSource);
}
