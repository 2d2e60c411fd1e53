import { sql, type Kysely } from 'kysely';

/** Schema v1.9: what plan enforcement and the admin audit trail need. See docs/database-schema.md. */
export async function up(db: Kysely<any>): Promise<void> {
  /*
   * Authentication must know the tenant's plan (rate limit) and trial end (an expired trial acts as
   * suspended). Same narrow, exact-match lookup as before, two more columns; the return type
   * changes, so the function is recreated with the same owner and grants.
   */
  await sql
    .raw(
      `
DROP FUNCTION app.find_api_key(text);
CREATE FUNCTION app.find_api_key(p_key_hash text)
  RETURNS TABLE (api_key_id uuid, tenant_id uuid, permissions jsonb, key_is_active boolean,
                 tenant_is_active boolean, subscription_status varchar, subscription_plan varchar,
                 trial_ends_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ''
  AS $$
    SELECT k.id, k.tenant_id, k.permissions, k.is_active, t.is_active, t.subscription_status,
           t.subscription_plan, t.trial_ends_at
      FROM public.api_keys k JOIN public.tenants t ON t.id = k.tenant_id
     WHERE k.key_hash = p_key_hash
  $$;
ALTER FUNCTION app.find_api_key(text) OWNER TO netia_definer;
REVOKE ALL ON FUNCTION app.find_api_key(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.find_api_key(text) TO netia_app;
`,
    )
    .execute(db);

  // Platform operators' actions on a tenant are audited in that tenant's trail, as 'admin' only.
  await sql
    .raw(
      `
CREATE POLICY platform_admin_audit ON audit_events FOR INSERT TO netia_admin
  WITH CHECK (actor_type = 'admin');
GRANT INSERT ON audit_events TO netia_admin;
`,
    )
    .execute(db);

  /*
   * Request-rate windows (rate-limiter-flexible's table layout). Keys are API key ids, not tenant
   * data; only the owner connection touches it, so netia_app gets no grant and it needs no RLS.
   */
  await sql
    .raw(
      `
CREATE TABLE rate_limits (
    key VARCHAR(255) PRIMARY KEY,
    points INTEGER NOT NULL DEFAULT 0,
    expire BIGINT
);
`,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
DROP TABLE rate_limits;
REVOKE INSERT ON audit_events FROM netia_admin;
DROP POLICY platform_admin_audit ON audit_events;
DROP FUNCTION app.find_api_key(text);
CREATE FUNCTION app.find_api_key(p_key_hash text)
  RETURNS TABLE (api_key_id uuid, tenant_id uuid, permissions jsonb, key_is_active boolean,
                 tenant_is_active boolean, subscription_status varchar)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ''
  AS $$
    SELECT k.id, k.tenant_id, k.permissions, k.is_active, t.is_active, t.subscription_status
      FROM public.api_keys k JOIN public.tenants t ON t.id = k.tenant_id
     WHERE k.key_hash = p_key_hash
  $$;
ALTER FUNCTION app.find_api_key(text) OWNER TO netia_definer;
REVOKE ALL ON FUNCTION app.find_api_key(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.find_api_key(text) TO netia_app;
`,
    )
    .execute(db);
}
