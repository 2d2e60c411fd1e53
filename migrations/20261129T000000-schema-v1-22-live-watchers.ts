import { sql, type Kysely } from 'kysely';

/**
 * Schema v1.22: live events only for tenants someone watches (issue #14). PostgreSQL serialises every
 * transaction that sent a NOTIFY behind one cluster-wide lock held until its commit is flushed
 * (async.c, PreCommit_Notify), so every webhook delivery's commit waited for every other's. A server
 * with live connections of a tenant keeps a row here (src/live/live-watchers.ts); app.notify_live
 * sends nothing for a tenant without one. UNLOGGED: the rows are refreshed every few seconds and mean
 * nothing after a PostgreSQL restart. See docs/database-schema.md, "Version 1.22".
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
CREATE UNLOGGED TABLE live_watchers (
    tenant_id UUID NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    -- The server process with live connections of the tenant (a random id per process).
    server_id UUID NOT NULL,
    -- Refreshed while the connections last; a server that died stops counting after it.
    watched_until TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant_id, server_id)
);
ALTER TABLE live_watchers ENABLE ROW LEVEL SECURITY;
ALTER TABLE live_watchers FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON live_watchers FOR ALL TO netia_app
  USING (tenant_id = (SELECT app.current_tenant_id()))
  WITH CHECK (tenant_id = (SELECT app.current_tenant_id()));
GRANT SELECT, INSERT, UPDATE, DELETE ON live_watchers TO netia_app;

-- As v1.16, and first: is the row's tenant watched? Read under the writer's RLS (the writer is bound
-- to the row's tenant), in a snapshot taken now, at the end of the writing statement.
CREATE OR REPLACE FUNCTION app.notify_live() RETURNS trigger
  LANGUAGE plpgsql SET search_path = '' AS $$
DECLARE
  kind text := TG_ARGV[0];
  conversation uuid;
  reason text := NULL;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM public.live_watchers w WHERE w.tenant_id = NEW.tenant_id AND w.watched_until > pg_catalog.now()) THEN
    RETURN NULL;
  END IF;
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
`,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
CREATE OR REPLACE FUNCTION app.notify_live() RETURNS trigger
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
DROP TABLE live_watchers;
`,
    )
    .execute(db);
}
