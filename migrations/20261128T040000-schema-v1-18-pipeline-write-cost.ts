import { sql, type Kysely } from 'kysely';

/**
 * Schema v1.18: what every webhook delivery paid on its writes for nothing (issue #14, whole pipeline).
 * - Foreign keys implied by the composite same-tenant ones: `messages (tenant_id, conversation_id)` and
 *   `outbound_replies (tenant_id, conversation_id)` reference `conversations (tenant_id, id)` ON DELETE
 *   CASCADE, and a conversation references its tenant ON DELETE CASCADE. So the single-column keys to
 *   `tenants` and `conversations` allowed no row the composite keys refuse and cascaded the same
 *   deletes, while each insert ran their checks too (and locked the tenant row FOR KEY SHARE).
 * - Single-column indexes that are the leading column of a composite index on the same table.
 * RLS, policies and grants are unchanged. See docs/database-schema.md, "Version 1.18".
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    ALTER TABLE messages DROP CONSTRAINT messages_tenant_id_fkey, DROP CONSTRAINT messages_conversation_id_fkey;
    ALTER TABLE outbound_replies DROP CONSTRAINT outbound_replies_tenant_id_fkey;
    DROP INDEX idx_messages_tenant_id;
    DROP INDEX idx_messages_conversation_id;
    DROP INDEX idx_conversations_tenant_id;
  `,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    CREATE INDEX idx_conversations_tenant_id ON conversations (tenant_id);
    CREATE INDEX idx_messages_conversation_id ON messages (conversation_id);
    CREATE INDEX idx_messages_tenant_id ON messages (tenant_id);
    ALTER TABLE outbound_replies ADD CONSTRAINT outbound_replies_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE;
    ALTER TABLE messages
      ADD CONSTRAINT messages_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
      ADD CONSTRAINT messages_conversation_id_fkey FOREIGN KEY (conversation_id) REFERENCES conversations(id) ON DELETE CASCADE;
  `,
    )
    .execute(db);
}
