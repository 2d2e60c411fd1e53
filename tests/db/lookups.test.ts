import { sql } from 'kysely';
import { findApiKeyByHashAsApp, findTenantIdByPlatformKeyAsApp } from '../../src/db/privileged';
import { asLookupArgument, withAdminTransaction, withLookupTransaction } from '../../src/db/tenant-transaction';
import { buildApiKeyRow } from '../factories/knowledge-base.factory';
import { buildTenant } from '../factories/tenant.factory';
import { useTestDatabase } from '../setup/database';

const testDb = useTestDatabase();

describe('pre-tenant lookups (SECURITY DEFINER)', () => {
  it('finds an API key by its exact hash, with only what authentication needs', async () => {
    const tenant = await buildTenant(testDb.db, { subscriptionStatus: 'active' });
    const key = await buildApiKeyRow(testDb.db, { tenantId: tenant.id, permissions: JSON.stringify({ scopes: ['leads:read'] }) });
    const found = await findApiKeyByHashAsApp(testDb.db, key.keyHash);
    expect(found).toEqual({
      apiKeyId: key.id,
      tenantId: tenant.id,
      permissions: { scopes: ['leads:read'] },
      keyIsActive: true,
      tenantIsActive: true,
      subscriptionStatus: 'active',
      subscriptionPlan: 'basic',
      trialEndsAt: null,
    });
  });

  it('answers null for an unknown hash and cannot be used to list keys', async () => {
    await buildApiKeyRow(testDb.db);
    expect(await findApiKeyByHashAsApp(testDb.db, 'no-such-hash')).toBeNull();
    expect(await findApiKeyByHashAsApp(testDb.db, '%')).toBeNull();
    expect(await findApiKeyByHashAsApp(testDb.db, "' or true --")).toBeNull();
  });

  it('finds a key in one statement as netia_app and leaves the connection as its login role', async () => {
    const tenant = await buildTenant(testDb.db, { subscriptionStatus: 'active' });
    const key = await buildApiKeyRow(testDb.db, { tenantId: tenant.id });
    await testDb.db.connection().execute(async (connection) => {
      const whoAmI = async () => (await sql<{ role: string }>`select current_user as role`.execute(connection)).rows[0]?.role;
      const before = await whoAmI();
      const during = await sql<{ role: string }>`
        select current_user as role from app.find_api_key(${asLookupArgument(key.keyHash)})`.execute(connection);
      expect(during.rows).toEqual([{ role: 'netia_app' }]);
      expect(await findApiKeyByHashAsApp(connection, key.keyHash)).toMatchObject({ apiKeyId: key.id, tenantId: tenant.id, keyIsActive: true });
      expect(await findApiKeyByHashAsApp(connection, "' or true --")).toBeNull();
      expect(await findTenantIdByPlatformKeyAsApp(connection, 'crisp', 'bench-none')).toBeNull();
      expect(await whoAmI()).toBe(before);
      expect(before).not.toBe('netia_app');
    });
  });

  it('maps a Crisp website id and a Tidio project key to their tenant, and nothing else', async () => {
    const crisp = await buildTenant(testDb.db, { crispWebsiteId: crypto.randomUUID() });
    const tidio = await buildTenant(testDb.db, { tidioWebsiteId: 'm8ixolegtgfvo6ckzvmuempdq0obbqsy' });
    expect(await findTenantIdByPlatformKeyAsApp(testDb.db, 'crisp', crisp.crispWebsiteId!)).toBe(crisp.id);
    expect(await findTenantIdByPlatformKeyAsApp(testDb.db, 'tidio', tidio.tidioWebsiteId!)).toBe(tidio.id);
    expect(await findTenantIdByPlatformKeyAsApp(testDb.db, 'crisp', tidio.tidioWebsiteId!)).toBeNull();
    expect(await findTenantIdByPlatformKeyAsApp(testDb.db, 'tidio', 'unknown')).toBeNull();
  });

  it('leaves the tables themselves invisible to netia_app without a tenant', async () => {
    await buildApiKeyRow(testDb.db);
    const [keys, tenants] = await withLookupTransaction(testDb.db, (tx) =>
      Promise.all([tx.selectFrom('apiKeys').selectAll().execute(), tx.selectFrom('tenants').selectAll().execute()]),
    );
    expect([keys, tenants]).toEqual([[], []]);
  });

  it('is not executable by roles it was not granted to', async () => {
    const code = await withAdminTransaction(testDb.db, (tx) => sql`select * from app.find_api_key('x')`.execute(tx)).then(
      () => undefined,
      (error: { code?: string }) => error.code,
    );
    expect(code).toBe('42501');
  });

  it('pins search_path on every SECURITY DEFINER function', async () => {
    const { rows } = await sql<{ proname: string; proconfig: string[] | null; owner: string }>`
      select p.proname, p.proconfig, r.rolname as owner
        from pg_proc p join pg_roles r on r.oid = p.proowner
       where p.prosecdef order by 1`.execute(testDb.db);
    expect(rows.map((row) => row.proname)).toEqual([
      'find_api_key',
      'find_tenant_id_by_crisp_website',
      'find_tenant_id_by_tidio_project',
      'integration_secrets_exist',
    ]);
    for (const row of rows) {
      expect(row.proconfig).toEqual(['search_path=""']);
      expect(row.owner).toBe('netia_definer');
    }
  });
});

describe('platform admin role', () => {
  it('sees every tenant but no tenant data', async () => {
    const tenant = await buildTenant(testDb.db);
    await buildApiKeyRow(testDb.db, { tenantId: tenant.id });
    const tenantIds = await withAdminTransaction(testDb.db, async (tx) => {
      const rows = await tx.selectFrom('tenants').select('id').execute();
      return rows.map((row) => row.id);
    });
    const keysError = await withAdminTransaction(testDb.db, (tx) => tx.selectFrom('apiKeys').selectAll().execute()).then(
      () => undefined,
      (error: { code?: string }) => error.code,
    );
    expect(tenantIds).toContain(tenant.id);
    expect(keysError).toBe('42501');
  });
});
