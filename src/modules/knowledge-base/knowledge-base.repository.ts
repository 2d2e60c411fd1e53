import { sql, type Selectable } from 'kysely';
import type { KnowledgeBases } from '../../db/db.generated';
import type { TenantTx } from '../../db/tenant-transaction';

export type KnowledgeBaseRow = Selectable<KnowledgeBases>;

const COLUMNS = [
  'id',
  'tenantId',
  'entryKey',
  'contentType',
  'title',
  'content',
  'alternativeQuestions',
  'version',
  'isActive',
  'createdAt',
  'updatedAt',
] as const;

export async function listKnowledgeBase(
  tx: TenantTx,
  filter: { contentType?: string | null; includeInactive: boolean },
): Promise<KnowledgeBaseRow[]> {
  let query = tx.selectFrom('knowledgeBases').select(COLUMNS);
  if (filter.contentType) query = query.where('contentType', '=', filter.contentType);
  if (!filter.includeInactive) query = query.where('isActive', '=', true);
  return query.orderBy('contentType').orderBy('version', 'desc').execute();
}

export async function findKnowledgeBaseEntry(tx: TenantTx, id: string): Promise<KnowledgeBaseRow | null> {
  return (await tx.selectFrom('knowledgeBases').select(COLUMNS).where('id', '=', id).executeTakeFirst()) ?? null;
}

/**
 * Serialises version numbering per (tenant, content type) for the rest of the transaction, so two
 * concurrent publishes cannot both take max(version) + 1.
 */
export async function lockContentType(tx: TenantTx, tenantId: string, contentType: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`kb:${tenantId}:${contentType}`}, 0))`.execute(tx);
}

export async function nextVersion(tx: TenantTx, contentType: string): Promise<number> {
  const row = await tx
    .selectFrom('knowledgeBases')
    .select((eb) => eb.fn.coalesce(eb.fn.max('version'), eb.lit(0)).as('latest'))
    .where('contentType', '=', contentType)
    .executeTakeFirstOrThrow();
  return Number(row.latest) + 1;
}

/** The live version of the entry whose title is `title` (compared trimmed and case-insensitively). */
export async function findActiveEntryByTitle(tx: TenantTx, contentType: string, title: string): Promise<KnowledgeBaseRow | null> {
  return (
    (await tx
      .selectFrom('knowledgeBases')
      .select(COLUMNS)
      .where('contentType', '=', contentType)
      .where('isActive', '=', true)
      .where(sql<string>`lower(btrim(title))`, '=', title.trim().toLowerCase())
      .orderBy('version', 'desc')
      .executeTakeFirst()) ?? null
  );
}

/** The live version of an entry (by the key its versions share), or null. */
export async function findActiveVersion(tx: TenantTx, entryKey: string): Promise<KnowledgeBaseRow | null> {
  return (await tx.selectFrom('knowledgeBases').select(COLUMNS).where('entryKey', '=', entryKey).where('isActive', '=', true).executeTakeFirst()) ?? null;
}

/** Deactivates the live version(s) of an entry (kept as history). */
export async function deactivateEntry(tx: TenantTx, entryKey: string): Promise<void> {
  await tx.updateTable('knowledgeBases').set({ isActive: false }).where('entryKey', '=', entryKey).where('isActive', '=', true).execute();
}

export async function deactivateContentType(tx: TenantTx, contentType: string): Promise<void> {
  await tx.updateTable('knowledgeBases').set({ isActive: false }).where('contentType', '=', contentType).where('isActive', '=', true).execute();
}

export async function insertKnowledgeBaseEntry(
  tx: TenantTx,
  values: {
    tenantId: string;
    contentType: string;
    title: string | null;
    content: string;
    version: number;
    alternativeQuestions: string[];
    /** The entry this is a new version of; omitted for a new entry. */
    entryKey?: string;
  },
): Promise<KnowledgeBaseRow> {
  return tx.insertInto('knowledgeBases').values({ ...values, isActive: true }).returning(COLUMNS).executeTakeFirstOrThrow();
}

export async function activateKnowledgeBaseEntry(tx: TenantTx, id: string): Promise<KnowledgeBaseRow | null> {
  return (await tx.updateTable('knowledgeBases').set({ isActive: true }).where('id', '=', id).returning(COLUMNS).executeTakeFirst()) ?? null;
}

export async function deleteKnowledgeBaseEntry(tx: TenantTx, id: string): Promise<boolean> {
  return (await tx.deleteFrom('knowledgeBases').where('id', '=', id).returning('id').executeTakeFirst()) !== undefined;
}

/** How many active entries of a content type there are, and their characters (title included). */
export async function measureActiveContentType(tx: TenantTx, contentType: string): Promise<{ entries: number; characters: number }> {
  const { rows } = await sql<{ entries: number; characters: number }>`
    select count(*)::int as entries,
           coalesce(sum(char_length(content) + coalesce(char_length(title), 0)), 0)::int as characters
      from knowledge_bases where is_active and content_type = ${contentType}`.execute(tx);
  return rows[0]!;
}
