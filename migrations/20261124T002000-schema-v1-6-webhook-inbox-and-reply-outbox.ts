import { sql, type Kysely } from 'kysely';

/**
 * Schema v1.6: the chat platforms' inbox (every accepted webhook delivery, deduplicated) and the
 * reply outbox (one row per reply to send, so a retried job or a redelivered webhook never sends it
 * twice). Listed in docs/database-schema.md under "Version 1.6".
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
CREATE TABLE inbound_events (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id UUID NOT NULL DEFAULT app.current_tenant_id() REFERENCES tenants(id) ON DELETE CASCADE,
    platform VARCHAR(20) NOT NULL CONSTRAINT inbound_events_platform_check CHECK (platform IN ('crisp', 'tidio')),
    dedupe_key VARCHAR(255) NOT NULL,
    event_type VARCHAR(100) NOT NULL,
    payload JSONB NOT NULL DEFAULT '{}',
    received_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    CONSTRAINT inbound_events_dedupe_key UNIQUE (tenant_id, platform, dedupe_key)
);
CREATE INDEX idx_inbound_events_tenant_recency ON inbound_events (tenant_id, received_at DESC);

CREATE TABLE outbound_replies (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id UUID NOT NULL DEFAULT app.current_tenant_id() REFERENCES tenants(id) ON DELETE CASCADE,
    conversation_id UUID NOT NULL,
    kind VARCHAR(20) NOT NULL CONSTRAINT outbound_replies_kind_check CHECK (kind IN ('assistant', 'operator')),
    in_reply_to_message_id UUID,
    message_id UUID,
    content TEXT,
    status VARCHAR(20) NOT NULL DEFAULT 'pending'
      CONSTRAINT outbound_replies_status_check CHECK (status IN ('pending', 'sent', 'skipped', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    lease_until TIMESTAMP WITH TIME ZONE,
    external_id VARCHAR(255),
    last_error VARCHAR(500),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    sent_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT outbound_replies_conversation_same_tenant_fkey FOREIGN KEY (tenant_id, conversation_id)
      REFERENCES conversations (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT outbound_replies_in_reply_to_same_tenant_fkey FOREIGN KEY (tenant_id, in_reply_to_message_id)
      REFERENCES messages (tenant_id, id) ON DELETE SET NULL (in_reply_to_message_id),
    CONSTRAINT outbound_replies_message_same_tenant_fkey FOREIGN KEY (tenant_id, message_id)
      REFERENCES messages (tenant_id, id) ON DELETE SET NULL (message_id)
);
-- One answer per visitor message: a redelivered webhook cannot queue a second reply.
CREATE UNIQUE INDEX idx_outbound_replies_one_per_message ON outbound_replies (tenant_id, in_reply_to_message_id)
  WHERE in_reply_to_message_id IS NOT NULL;
-- The reply worker takes the oldest unfinished reply of a conversation first.
CREATE INDEX idx_outbound_replies_conversation_queue ON outbound_replies (conversation_id, created_at, id)
  WHERE status = 'pending';
CREATE TRIGGER outbound_replies_touch_updated_at BEFORE UPDATE ON outbound_replies
  FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
`,
    )
    .execute(db);

  for (const table of ['inbound_events', 'outbound_replies']) {
    await sql
      .raw(
        `
ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON ${table} FOR ALL TO netia_app
  USING (tenant_id = (SELECT app.current_tenant_id()))
  WITH CHECK (tenant_id = (SELECT app.current_tenant_id()));
GRANT SELECT, INSERT, UPDATE, DELETE ON ${table} TO netia_app;
`,
      )
      .execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`DROP TABLE outbound_replies, inbound_events;`).execute(db);
}
