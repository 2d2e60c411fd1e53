import { sql, type Kysely } from 'kysely';

/** Schema v1.8: audit trail, monthly usage counters, trial end dates. See docs/database-schema.md. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
ALTER TABLE tenants ADD COLUMN trial_ends_at TIMESTAMP WITH TIME ZONE;

CREATE TABLE audit_events (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id UUID NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    actor_type VARCHAR(20) NOT NULL CHECK (actor_type IN ('api_key', 'admin', 'system')),
    actor_id VARCHAR(255),
    action VARCHAR(100) NOT NULL,
    target_type VARCHAR(50),
    target_id VARCHAR(255),
    request_id VARCHAR(100),
    details JSONB NOT NULL DEFAULT '{}',
    -- clock_timestamp(), not now(): several events of one transaction keep their order.
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX idx_audit_events_tenant_recency ON audit_events (tenant_id, created_at DESC, id DESC);
CREATE INDEX idx_audit_events_tenant_action ON audit_events (tenant_id, action);

CREATE TABLE usage_counters (
    tenant_id UUID NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    period DATE NOT NULL,
    metric VARCHAR(50) NOT NULL,
    count BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, period, metric)
);
`,
    )
    .execute(db);

  // Audit rows are append-only for the application: netia_app may insert and read, never rewrite.
  await sql
    .raw(
      `
ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_events FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit_events FOR ALL TO netia_app
  USING (tenant_id = (SELECT app.current_tenant_id()))
  WITH CHECK (tenant_id = (SELECT app.current_tenant_id()));
GRANT SELECT, INSERT ON audit_events TO netia_app;

ALTER TABLE usage_counters ENABLE ROW LEVEL SECURITY;
ALTER TABLE usage_counters FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON usage_counters FOR ALL TO netia_app
  USING (tenant_id = (SELECT app.current_tenant_id()))
  WITH CHECK (tenant_id = (SELECT app.current_tenant_id()));
GRANT SELECT, INSERT, UPDATE ON usage_counters TO netia_app;
`,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`DROP TABLE usage_counters, audit_events; ALTER TABLE tenants DROP COLUMN trial_ends_at;`).execute(db);
}
