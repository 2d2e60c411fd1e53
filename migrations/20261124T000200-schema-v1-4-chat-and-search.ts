import { sql, type Kysely } from 'kysely';

/**
 * Schema v1.4: what the chat platforms, the AI and the admin API need from the core tables.
 * Listed in docs/database-schema.md under "Version 1.4".
 */
export async function up(db: Kysely<any>): Promise<void> {
  // Conversations: which platform they live on, and whether the bot has handed over to a human.
  await sql
    .raw(
      `
ALTER TABLE conversations
  ADD COLUMN platform VARCHAR(20) NOT NULL DEFAULT 'api'
    CONSTRAINT conversations_platform_check CHECK (platform IN ('crisp', 'tidio', 'api')),
  ADD COLUMN handoff_reason VARCHAR(50)
    CONSTRAINT conversations_handoff_reason_check
    CHECK (handoff_reason IN ('visitor_request', 'no_answer', 'operator_replied', 'manual')),
  ADD COLUMN handoff_at TIMESTAMP WITH TIME ZONE,
  ADD COLUMN flagged_reason VARCHAR(100),
  ADD COLUMN flagged_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX idx_conversations_tenant_platform ON conversations (tenant_id, platform);
`,
    )
    .execute(db);

  // Messages: the platform's own message id (Crisp fingerprint, Tidio message id) for dedup, and
  // full-text search over content for the admin inbox.
  await sql
    .raw(
      `
ALTER TABLE messages
  ADD COLUMN external_id VARCHAR(255),
  ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', content)) STORED;
CREATE UNIQUE INDEX idx_messages_external_id ON messages (tenant_id, conversation_id, external_id)
  WHERE external_id IS NOT NULL;
CREATE INDEX idx_messages_search ON messages USING gin (search_vector);
`,
    )
    .execute(db);

  // Knowledge base: an optional title (an FAQ's question) and a ranked full-text index for retrieval.
  await sql
    .raw(
      `
ALTER TABLE knowledge_bases
  ADD COLUMN title VARCHAR(255),
  ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', content), 'B')
  ) STORED;
CREATE INDEX idx_kb_search ON knowledge_bases USING gin (search_vector);
`,
    )
    .execute(db);

  // Leads: one per conversation and intent, pointing at the message that showed the intent.
  await sql
    .raw(
      `
ALTER TABLE messages ADD CONSTRAINT messages_tenant_id_id_key UNIQUE (tenant_id, id);
ALTER TABLE leads ADD COLUMN source_message_id UUID,
  ADD CONSTRAINT leads_source_message_same_tenant_fkey FOREIGN KEY (tenant_id, source_message_id)
    REFERENCES messages (tenant_id, id) ON DELETE SET NULL (source_message_id);
CREATE UNIQUE INDEX idx_leads_conversation_intent ON leads (tenant_id, conversation_id, intent)
  WHERE conversation_id IS NOT NULL;
`,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
DROP INDEX idx_leads_conversation_intent;
ALTER TABLE leads DROP COLUMN source_message_id;
ALTER TABLE messages DROP CONSTRAINT messages_tenant_id_id_key;
DROP INDEX idx_kb_search;
ALTER TABLE knowledge_bases DROP COLUMN search_vector, DROP COLUMN title;
DROP INDEX idx_messages_search, idx_messages_external_id;
ALTER TABLE messages DROP COLUMN search_vector, DROP COLUMN external_id;
DROP INDEX idx_conversations_tenant_platform;
ALTER TABLE conversations DROP COLUMN flagged_at, DROP COLUMN flagged_reason, DROP COLUMN handoff_at,
  DROP COLUMN handoff_reason, DROP COLUMN platform;
`,
    )
    .execute(db);
}
