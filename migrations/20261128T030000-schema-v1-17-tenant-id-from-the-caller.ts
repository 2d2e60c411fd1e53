import { sql, type Kysely } from 'kysely';

/**
 * Schema v1.17: tenant_id is always written by the caller. Seven tables declared
 * `DEFAULT app.current_tenant_id()` (v1.6, v1.12, v1.15) while every other tenant table takes the
 * value from the insert; no insert relies on the default any more, and without it the generated
 * database types require `tenantId` in every insert. RLS WITH CHECK still refuses a row of another
 * tenant. See docs/database-schema.md, "Version 1.17".
 */
const TABLES = [
  'inbound_events',
  'outbound_replies',
  'knowledge_base_embeddings',
  'knowledge_base_search_entries',
  'knowledge_base_search_terms',
  'answer_ratings',
  'unanswered_question_resolutions',
];

export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(TABLES.map((table) => `ALTER TABLE ${table} ALTER COLUMN tenant_id DROP DEFAULT;`).join('\n')).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(TABLES.map((table) => `ALTER TABLE ${table} ALTER COLUMN tenant_id SET DEFAULT app.current_tenant_id();`).join('\n')).execute(db);
}
