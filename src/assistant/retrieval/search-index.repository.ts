import { sql } from 'kysely';
import type { TenantTx } from '../../db/tenant-transaction';
import type { EntryDocument, EntryText } from './entry-document';

/** Searchable content types: FAQ entries and custom documents (the system prompt is not searched). */
export const SEARCHABLE_TYPES = ['faq', 'custom'] as const;

/**
 * Active searchable entries whose stored terms were not made by `analyzer` (never indexed, made
 * live again, the tenant changed language, or the analyser's word lists changed). RLS keeps this
 * to the tenant.
 */
export async function listEntriesToIndex(tx: TenantTx, analyzer: string, limit: number): Promise<EntryText[]> {
  const rows = await tx
    .selectFrom('knowledgeBases as kb')
    .leftJoin('knowledgeBaseSearchEntries as se', 'se.entryId', 'kb.id')
    .select(['kb.id', 'kb.title', 'kb.content', 'kb.alternativeQuestions'])
    .where('kb.isActive', '=', true)
    .where('kb.contentType', 'in', SEARCHABLE_TYPES)
    .where((eb) => eb.or([eb('se.analyzer', 'is', null), eb('se.analyzer', '!=', analyzer)]))
    .orderBy('kb.id')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ ...row, alternativeQuestions: row.alternativeQuestions ?? [] }));
}

/** Replaces the stored terms of these entry versions of `tenantId` (three statements, whatever their number). */
export async function saveEntryDocuments(tx: TenantTx, tenantId: string, documents: EntryDocument[]): Promise<void> {
  if (documents.length === 0) return;
  const ids = documents.map((d) => d.entryId);
  await tx.deleteFrom('knowledgeBaseSearchEntries').where('entryId', 'in', ids).execute();
  await sql`
    insert into knowledge_base_search_entries (tenant_id, entry_id, analyzer, question_length, content_length)
    select ${tenantId}::uuid, * from unnest(${ids}::uuid[], ${documents.map((d) => d.analyzer)}::text[],
                         ${documents.map((d) => d.questionLength)}::int[], ${documents.map((d) => d.contentLength)}::int[])`.execute(tx);
  const terms = documents.flatMap((d) => d.terms.map((t) => ({ ...t, entryId: d.entryId })));
  if (terms.length === 0) return;
  await sql`
    insert into knowledge_base_search_terms (tenant_id, entry_id, field, term, frequency)
    select ${tenantId}::uuid, * from unnest(${terms.map((t) => t.entryId)}::uuid[], ${terms.map((t) => t.field)}::text[],
                         ${terms.map((t) => t.term)}::text[], ${terms.map((t) => t.frequency)}::int[])`.execute(tx);
}
