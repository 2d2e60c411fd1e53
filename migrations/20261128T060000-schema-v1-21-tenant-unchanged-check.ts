import { sql, type Kysely } from 'kysely';

/**
 * Schema v1.21: a visitor message of a tenant read by an earlier delivery is stored by one statement
 * that commits in the same round trip (issue #14, webhooks). The statement checks that the tenant's
 * chat row is still the one the delivery was verified with; when it is not, nothing may be stored, and
 * with the COMMIT already on its way only an error can stop it. `app.tenant_unchanged` raises that
 * error (SQLSTATE NT001, mapped to TenantChangedError). See docs/database-schema.md, "Version 1.21".
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
CREATE FUNCTION app.tenant_unchanged(unchanged boolean) RETURNS boolean
  LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
  IF unchanged IS NOT TRUE THEN
    RAISE EXCEPTION 'the tenant changed since the delivery read it' USING ERRCODE = 'NT001';
  END IF;
  RETURN true;
END $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP FUNCTION app.tenant_unchanged(boolean)`.execute(db);
}
