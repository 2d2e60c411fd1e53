import { sql, type RawBuilder } from 'kysely';
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
 * Every active FAQ and custom entry when their text (titles, alternatives, answers) fits in
 * `budgetChars`, ordered by title then entry key; null when it does not fit (one statement: the
 * size is summed first and the rows are only read when they fit).
 */
export async function listWholeKnowledgeIfFits(tx: TenantTx, budgetChars: number): Promise<KnowledgeSource[] | null> {
  const { rows } = await sql<{ whole: WholeKnowledge }>`select ${wholeKnowledgeIfFits(budgetChars)} as whole`.execute(tx);
  return wholeKnowledgeOf(rows[0]?.whole ?? null);
}

/** What wholeKnowledgeIfFits reads: the entries (json), or null when they do not fit. */
export type WholeKnowledge = EntryRow[] | null;

/**
 * listWholeKnowledgeIfFits' read as one json value, for a statement that reads it beside its own
 * (retrieval's term statistics, which the same answer needs): saves the round trip.
 */
export function wholeKnowledgeIfFits(budgetChars: number): RawBuilder<WholeKnowledge> {
  return sql<WholeKnowledge>`(
    with active as (
      select id, entry_key, content_type, title, content, alternative_questions,
             char_length(content) + coalesce(char_length(title), 0)
               + coalesce(char_length(array_to_string(alternative_questions, ' ')), 0) as size
      from knowledge_bases where is_active and content_type in ('faq', 'custom')
    )
    select case when coalesce(sum(size), 0) <= ${budgetChars} then (
             select coalesce(json_agg(json_build_object('id', a.id, 'entryKey', a.entry_key, 'contentType', a.content_type,
                                                        'title', a.title, 'content', a.content, 'alternativeQuestions', a.alternative_questions)
                                      order by lower(a.title) nulls last, a.entry_key), '[]'::json)
             from active a)
           end
    from active)`;
}

/** The prompt facts wholeKnowledgeIfFits read, or null when the knowledge base does not fit. */
export function wholeKnowledgeOf(whole: WholeKnowledge): KnowledgeSource[] | null {
  return whole === null ? null : whole.map(unrankedSource);
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
