import { sql, type Kysely } from 'kysely';

/** Schema v1.10: the start-up check for stored integration secrets. See docs/database-schema.md. */
export async function up(db: Kysely<any>): Promise<void> {
  /*
   * At start-up, before any tenant is bound, the server must know whether ANY tenant has sealed
   * Crisp/Tidio credentials: without NETIA_ENCRYPTION_KEY they could never be read, so it refuses to
   * start. Forced RLS hides tenant_configurations from every role without a tenant binding (owners
   * included), so this is one more SECURITY DEFINER yes/no question, as narrow as can be:
   * - netia_definer gets SELECT on the config_type COLUMN only (never config_data), through a policy
   *   that admits the two secret types only;
   * - the function answers a boolean: no tenant, no row, no count leaves it.
   */
  await sql
    .raw(
      `
GRANT SELECT (config_type) ON tenant_configurations TO netia_definer;
CREATE POLICY secrets_check ON tenant_configurations FOR SELECT TO netia_definer
  USING (config_type IN ('crisp', 'tidio'));

CREATE FUNCTION app.integration_secrets_exist() RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ''
  AS $$ SELECT EXISTS (SELECT 1 FROM public.tenant_configurations WHERE config_type IN ('crisp', 'tidio')) $$;
ALTER FUNCTION app.integration_secrets_exist() OWNER TO netia_definer;
REVOKE ALL ON FUNCTION app.integration_secrets_exist() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.integration_secrets_exist() TO netia_app;
`,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
DROP FUNCTION app.integration_secrets_exist();
DROP POLICY secrets_check ON tenant_configurations;
REVOKE SELECT (config_type) ON tenant_configurations FROM netia_definer;
`,
    )
    .execute(db);
}
