import { sql, type Kysely } from 'kysely';

/**
 * Schema v1.20: tell the planner that a message's conversation decides its tenant (issue #14, inbox).
 * Under RLS every read of `messages` carries `tenant_id = app.current_tenant_id()` beside the query's own
 * `conversation_id = …`. Treating the two as independent, the planner expected about one row and read a
 * conversation's messages by AND-ing its index with the tenant's whole index (thousands of entries per
 * conversation). Functional-dependency statistics make it use the conversation's index alone. See
 * docs/database-schema.md, "Version 1.20".
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE STATISTICS messages_tenant_conversation (dependencies) ON tenant_id, conversation_id FROM messages`.execute(db);
  // Built by ANALYZE (and autovacuum's analyze from then on); without it the statistics stay empty until then.
  await sql`ANALYZE messages`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP STATISTICS messages_tenant_conversation`.execute(db);
}
