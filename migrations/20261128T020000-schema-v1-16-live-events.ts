import { sql, type Kysely } from 'kysely';

/**
 * Schema v1.16: live events for GraphQL subscriptions. Triggers on messages, conversations, leads and
 * outbound_replies NOTIFY channel `netia_live` with ids only (tenant, kind, entity, conversation), never
 * content. NOTIFY is transactional: listeners hear it at COMMIT and never after a ROLLBACK, so a
 * subscriber is only told about rows that exist. See docs/database-schema.md, "Version 1.16".
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
-- SECURITY INVOKER: it runs as the writer (netia_app inside tenant transactions); pg_notify needs no
-- privilege. The payload is built from the row's own tenant_id, so an event names the tenant whose
-- transaction wrote the row; subscribers still read the entity back under their own RLS.
CREATE FUNCTION app.notify_live() RETURNS trigger
  LANGUAGE plpgsql SET search_path = '' AS $$
DECLARE
  kind text := TG_ARGV[0];
  conversation uuid;
  reason text := NULL;
BEGIN
  IF TG_TABLE_NAME = 'conversations' THEN
    conversation := NEW.id;
    IF TG_OP = 'INSERT' THEN
      reason := 'created';
    ELSIF NEW.handoff_reason IS NULL THEN
      reason := 'released';
    ELSE
      reason := 'handoff';
    END IF;
  ELSE
    conversation := NEW.conversation_id;
  END IF;
  PERFORM pg_catalog.pg_notify('netia_live', pg_catalog.json_build_object(
    't', NEW.tenant_id, 'k', kind, 'id', NEW.id, 'c', conversation, 'r', reason)::text);
  RETURN NULL;
END
$$;

CREATE TRIGGER messages_notify_live AFTER INSERT ON messages
  FOR EACH ROW EXECUTE FUNCTION app.notify_live('message');
CREATE TRIGGER conversations_notify_live_insert AFTER INSERT ON conversations
  FOR EACH ROW EXECUTE FUNCTION app.notify_live('conversation');
CREATE TRIGGER conversations_notify_live_handoff AFTER UPDATE OF handoff_reason ON conversations
  FOR EACH ROW WHEN (OLD.handoff_reason IS DISTINCT FROM NEW.handoff_reason)
  EXECUTE FUNCTION app.notify_live('conversation');
CREATE TRIGGER leads_notify_live_insert AFTER INSERT ON leads
  FOR EACH ROW EXECUTE FUNCTION app.notify_live('lead_captured');
CREATE TRIGGER leads_notify_live_update AFTER UPDATE ON leads
  FOR EACH ROW WHEN (OLD.intent IS DISTINCT FROM NEW.intent OR OLD.status IS DISTINCT FROM NEW.status
    OR OLD.contact_info IS DISTINCT FROM NEW.contact_info OR OLD.conversation_id IS DISTINCT FROM NEW.conversation_id)
  EXECUTE FUNCTION app.notify_live('lead_updated');
CREATE TRIGGER outbound_replies_notify_live_insert AFTER INSERT ON outbound_replies
  FOR EACH ROW EXECUTE FUNCTION app.notify_live('reply');
CREATE TRIGGER outbound_replies_notify_live_status AFTER UPDATE OF status ON outbound_replies
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
  EXECUTE FUNCTION app.notify_live('reply');
`,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
DROP TRIGGER outbound_replies_notify_live_status ON outbound_replies;
DROP TRIGGER outbound_replies_notify_live_insert ON outbound_replies;
DROP TRIGGER leads_notify_live_update ON leads;
DROP TRIGGER leads_notify_live_insert ON leads;
DROP TRIGGER conversations_notify_live_handoff ON conversations;
DROP TRIGGER conversations_notify_live_insert ON conversations;
DROP TRIGGER messages_notify_live ON messages;
DROP FUNCTION app.notify_live();
`,
    )
    .execute(db);
}
