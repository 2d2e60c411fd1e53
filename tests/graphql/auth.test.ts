import { TenantDocument, UpdateTenantDocument, ApiKeysDocument, CreateApiKeyDocument, RevokeApiKeyDocument } from './generated';
import { addKey, createTestApp, errorCodes, succeeded, tenantWithKey, type TestApp } from './harness';

describe('GraphQL authentication and scopes', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers the caller its own tenant', async () => {
    const { tenantId, key } = await tenantWithKey(t.database);
    const result = await t.run(key, TenantDocument);
    expect(result.status).toBe(200);
    expect(result.errors).toBeUndefined();
    expect(result.data?.tenant.id).toBe(tenantId);
    expect(result.data?.tenant.subscriptionStatus).toBe('TRIAL');
  });

  it.each([
    ['missing', null, 'Missing API key'],
    ['malformed', 'not-a-key', 'Malformed API key'],
    ['unknown', `ntk_${'A'.repeat(43)}`, 'Unknown API key'],
  ])('refuses a %s key with 401 UNAUTHENTICATED and no data', async (_label, key, message) => {
    const result = await t.run(key, TenantDocument);
    expect(result.status).toBe(401);
    expect(result.data).toBeUndefined();
    expect(errorCodes(result)).toEqual(['UNAUTHENTICATED']);
    expect(result.errors?.[0]?.message).toContain(message);
  });

  it('accepts the key in X-API-Key too', async () => {
    const { tenantId, key } = await tenantWithKey(t.database);
    const response = await t.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      payload: { query: '{ tenant { id } }' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().data.tenant.id).toBe(tenantId);
  });

  it('refuses a revoked key from the very next request', async () => {
    const { key } = await tenantWithKey(t.database);
    const keys = await t.run(key, ApiKeysDocument);
    const other = await t.run(key, CreateApiKeyDocument, { input: { name: 'to revoke', scopes: ['TENANT_READ'] } });
    const { plaintextKey: revokedKey, apiKey } = succeeded(other.data?.createApiKey);
    expect((await t.run(revokedKey, TenantDocument)).status).toBe(200);
    const revoked = await t.run(key, RevokeApiKeyDocument, { id: apiKey.id });
    expect(succeeded(revoked.data?.revokeApiKey).apiKey.isActive).toBe(false);
    const refused = await t.run(revokedKey, TenantDocument);
    expect(refused.status).toBe(401);
    expect(refused.data).toBeUndefined();
    expect(refused.errors?.[0]?.message).toContain('revoked');
    expect(keys.data?.apiKeys).toHaveLength(1);
  });

  it.each([
    ['suspended', { subscriptionStatus: 'suspended' }],
    ['cancelled', { subscriptionStatus: 'cancelled' }],
    ['inactive', { isActive: false }],
  ])('refuses the keys of a %s tenant with 403 FORBIDDEN', async (_label, tenant) => {
    const { key } = await tenantWithKey(t.database, { tenant });
    const result = await t.run(key, TenantDocument);
    expect(result.status).toBe(403);
    expect(result.data).toBeUndefined();
    expect(errorCodes(result)).toEqual(['FORBIDDEN']);
  });

  it('lets a read-only key read but not mutate', async () => {
    const { tenantId } = await tenantWithKey(t.database);
    const { key } = await addKey(t.database, tenantId);
    expect((await t.run(key, TenantDocument)).data?.tenant.id).toBe(tenantId);
    const result = await t.run(key, UpdateTenantDocument, { input: { name: 'Hijacked' } });
    expect(errorCodes(result)).toEqual(['FORBIDDEN']);
    expect(result.errors?.[0]?.message).toContain('tenant:write');
    expect(result.data).toBeNull();
    const after = await t.run(key, TenantDocument);
    expect(after.data?.tenant.name).not.toBe('Hijacked');
  });

  it('refuses a key without the area scope', async () => {
    const { tenantId } = await tenantWithKey(t.database);
    const { key } = await addKey(t.database, tenantId, ['leads:read']);
    const result = await t.run(key, TenantDocument);
    expect(errorCodes(result)).toEqual(['FORBIDDEN']);
  });

  it('records last use, at most once a minute', async () => {
    const { key, apiKeyId } = await tenantWithKey(t.database);
    await t.run(key, TenantDocument);
    const first = await t.database.db.selectFrom('apiKeys').select('lastUsedAt').where('id', '=', apiKeyId).executeTakeFirstOrThrow();
    expect(first.lastUsedAt).toBeInstanceOf(Date);
    await t.run(key, TenantDocument);
    const second = await t.database.db.selectFrom('apiKeys').select('lastUsedAt').where('id', '=', apiKeyId).executeTakeFirstOrThrow();
    expect(second.lastUsedAt?.getTime()).toBe(first.lastUsedAt?.getTime());
  });

  it('never exposes a key hash, and shows the plaintext only at creation', async () => {
    const { key } = await tenantWithKey(t.database);
    const created = await t.run(key, CreateApiKeyDocument, { input: { name: 'partner', scopes: ['LEADS_READ'] } });
    const { plaintextKey, apiKey } = succeeded(created.data?.createApiKey);
    expect(plaintextKey).toMatch(/^ntk_/);
    expect(apiKey.scopes).toEqual(['LEADS_READ']);
    const listed = await t.run(key, ApiKeysDocument);
    expect(JSON.stringify(listed.data)).not.toContain(plaintextKey);
    const introspection = await t.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      payload: { query: '{ __type(name: "ApiKey") { fields { name } } }' },
    });
    const fields = (introspection.json().data.__type.fields as { name: string }[]).map((field) => field.name);
    expect(fields).not.toContain('keyHash');
  });

  it('does not let a key grant scopes it does not hold', async () => {
    const { tenantId } = await tenantWithKey(t.database);
    const { key } = await addKey(t.database, tenantId, ['api_keys:write']);
    const result = await t.run(key, CreateApiKeyDocument, { input: { name: 'escalate', scopes: ['LEADS_WRITE'] } });
    expect(errorCodes(result)).toEqual(['FORBIDDEN']);
    expect(result.errors?.[0]?.message).toContain('leads:write');
  });

  it("keeps API keys per tenant: another tenant's key id is missing, read-only keys cannot manage keys", async () => {
    const { tenantId, key, apiKeyId } = await tenantWithKey(t.database);
    const { key: otherKey } = await tenantWithKey(t.database);
    const revoke = await t.run(otherKey, RevokeApiKeyDocument, { id: apiKeyId });
    const revokeMissing = await t.run(otherKey, RevokeApiKeyDocument, { id: '00000000-0000-4000-8000-000000000000' });
    expect(revoke.data).toEqual(revokeMissing.data);
    expect(revoke.data?.revokeApiKey).toEqual({ apiKey: null, errors: [{ code: 'NOT_FOUND', message: 'API key not found', field: 'id' }] });
    expect((await t.run(otherKey, ApiKeysDocument)).data?.apiKeys.map((row) => row.id)).not.toContain(apiKeyId);
    expect((await t.run(key, TenantDocument)).status).toBe(200);

    const { key: readOnly } = await addKey(t.database, tenantId);
    expect(errorCodes(await t.run(readOnly, CreateApiKeyDocument, { input: { name: 'x' } }))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await t.run(readOnly, RevokeApiKeyDocument, { id: apiKeyId }))).toEqual(['FORBIDDEN']);
    expect((await t.run(readOnly, ApiKeysDocument)).data?.apiKeys).toHaveLength(2);
  });

  it('refuses blank names with BAD_USER_INPUT naming the field', async () => {
    const { key } = await tenantWithKey(t.database);
    const tenant = await t.run(key, UpdateTenantDocument, { input: { name: '  ' } });
    expect(errorCodes(tenant)).toEqual(['BAD_USER_INPUT']);
    expect(tenant.errors?.[0]?.message).toBe('input.name: must be 1 to 255 characters');
    const apiKey = await t.run(key, CreateApiKeyDocument, { input: { name: '' } });
    expect(apiKey.errors?.[0]?.message).toBe('input.name: must be 1 to 100 characters');
    const renamed = await t.run(key, UpdateTenantDocument, { input: { name: 'Renamed' } });
    expect(succeeded(renamed.data?.updateTenant).tenant.name).toBe('Renamed');
  });
});
