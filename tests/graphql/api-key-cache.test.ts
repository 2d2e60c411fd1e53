import { performance } from 'node:perf_hooks';
import { API_KEY_CACHE_MS } from '../../src/graphql/api-key-cache';
import { CreateApiKeyDocument, RevokeApiKeyDocument, TenantDocument, UpdateTenantSubscriptionDocument } from './generated';
import { ADMIN_TOKEN, createTestApp, succeeded, tenantWithKey, type TestApp } from './harness';

/**
 * Issue #14: POST /graphql caches accepted API keys in process. Two instances on one database: a key
 * revoked or a tenant suspended through one of them (or by hand in SQL) is refused by both within 1 s.
 */
describe('API key cache across two instances', () => {
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    a = await createTestApp();
    b = await createTestApp({ database: a.database });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  /** Milliseconds from now until `app` answers `key` with `status` (polled without pause; fails after 5 s). */
  async function msUntil(app: TestApp, key: string, status: number): Promise<number> {
    const start = performance.now();
    for (;;) {
      if ((await app.run(key, TenantDocument)).status === status) return performance.now() - start;
      if (performance.now() - start > 5_000) throw new Error(`no ${status} within 5 s`);
    }
  }

  async function warm(key: string) {
    for (const app of [a, b, a, b]) expect((await app.run(key, TenantDocument)).status).toBe(200);
  }

  it('keeps a key accepted for less than a second', () => {
    expect(API_KEY_CACHE_MS).toBeLessThan(1_000);
  });

  it('refuses a key revoked on one instance on both within 1 s (at once on the one that revoked it)', async () => {
    const { key } = await tenantWithKey(a.database);
    const created = succeeded((await a.run(key, CreateApiKeyDocument, { input: { name: 'cached', scopes: ['TENANT_READ'] } })).data?.createApiKey);
    await warm(created.plaintextKey!);
    succeeded((await a.run(key, RevokeApiKeyDocument, { id: created.apiKey!.id })).data?.revokeApiKey);
    expect((await a.run(created.plaintextKey!, TenantDocument)).status).toBe(401);
    expect(await msUntil(b, created.plaintextKey!, 401)).toBeLessThan(1_000);
  });

  it("refuses a tenant's keys on both instances within 1 s of its suspension by the admin", async () => {
    const { tenantId, key } = await tenantWithKey(a.database);
    await warm(key);
    await a.run(ADMIN_TOKEN, UpdateTenantSubscriptionDocument, { id: tenantId, input: { status: 'SUSPENDED' } });
    expect((await a.run(key, TenantDocument)).status).toBe(403);
    expect(await msUntil(b, key, 403)).toBeLessThan(1_000);
  });

  it('refuses on both instances within 1 s when the key is revoked outside the API (SQL)', async () => {
    const { key, apiKeyId } = await tenantWithKey(a.database);
    await warm(key);
    await a.database.db.updateTable('apiKeys').set({ isActive: false }).where('id', '=', apiKeyId).execute();
    const [onA, onB] = await Promise.all([msUntil(a, key, 401), msUntil(b, key, 401)]);
    expect(onA).toBeLessThan(1_000);
    expect(onB).toBeLessThan(1_000);
  });
});
