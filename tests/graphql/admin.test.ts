import {
  CreateTenantApiKeyDocument,
  CreateTenantDocument,
  DeactivateTenantDocument,
  LeadsDocument,
  SetCrispIntegrationDocument,
  SetTidioIntegrationDocument,
  TenantDocument,
  TenantsDocument,
  UpdateTenantSubscriptionDocument,
} from './generated';
import { ADMIN_TOKEN, createTestApp, errorCodes, succeeded, tenantWithKey, userErrorCodes, type TestApp } from './harness';

describe('platform admin operations', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('creates a tenant whose first key works at once, lists, re-plans and deactivates it', async () => {
    const created = await t.run(ADMIN_TOKEN, CreateTenantDocument, {
      input: { name: 'Acme', email: 'ops@acme.example', plan: 'PRO', crispWebsiteId: 'crisp-acme' },
    });
    expect(created.errors).toBeUndefined();
    const { tenant, plaintextKey, apiKey } = succeeded(created.data?.createTenant);
    expect(tenant).toMatchObject({ name: 'Acme', subscriptionPlan: 'PRO', crispWebsiteId: 'crisp-acme' });
    expect(apiKey.scopes).toContain('API_KEYS_WRITE');
    expect((await t.run(plaintextKey, TenantDocument)).data?.tenant.id).toBe(tenant.id);

    const listed = await t.run(ADMIN_TOKEN, TenantsDocument);
    expect(listed.data?.tenants.map((row) => row.id)).toContain(tenant.id);

    const updated = await t.run(ADMIN_TOKEN, UpdateTenantSubscriptionDocument, { id: tenant.id, input: { status: 'ACTIVE', plan: 'ENTERPRISE' } });
    expect(succeeded(updated.data?.updateTenantSubscription).tenant).toMatchObject({ subscriptionStatus: 'ACTIVE', subscriptionPlan: 'ENTERPRISE' });

    const deactivated = await t.run(ADMIN_TOKEN, DeactivateTenantDocument, { id: tenant.id });
    expect(succeeded(deactivated.data?.deactivateTenant).tenant.isActive).toBe(false);
    const refused = await t.run(plaintextKey, TenantDocument);
    expect(refused.status).toBe(403);
    expect(errorCodes(refused)).toEqual(['FORBIDDEN']);
  });

  it('suspending a subscription locks its keys out', async () => {
    const { tenantId, key } = await tenantWithKey(t.database);
    await t.run(ADMIN_TOKEN, UpdateTenantSubscriptionDocument, { id: tenantId, input: { status: 'SUSPENDED' } });
    expect((await t.run(key, TenantDocument)).status).toBe(403);
  });

  it('answers a duplicate email as CONFLICT and an unknown id as NOT_FOUND in the payload; bad input is BAD_USER_INPUT', async () => {
    await t.run(ADMIN_TOKEN, CreateTenantDocument, { input: { name: 'One', email: 'dup@example.com' } });
    const dup = await t.run(ADMIN_TOKEN, CreateTenantDocument, { input: { name: 'Two', email: 'dup@example.com' } });
    expect(dup.errors).toBeUndefined();
    expect(dup.data?.createTenant).toEqual({
      errors: [{ code: 'CONFLICT', message: 'input.email: is already used by another tenant', field: 'input.email' }],
      plaintextKey: null,
      tenant: null,
      apiKey: null,
    });
    const bad = await t.run(ADMIN_TOKEN, CreateTenantDocument, { input: { name: 'Three', email: 'not-an-email' } });
    expect(errorCodes(bad)).toEqual(['BAD_USER_INPUT']);
    expect(bad.errors?.[0]?.message).toContain('input.email');
    const missing = await t.run(ADMIN_TOKEN, DeactivateTenantDocument, { id: '00000000-0000-4000-8000-000000000000' });
    expect(userErrorCodes(missing.data?.deactivateTenant)).toEqual(['NOT_FOUND']);
    expect(missing.data?.deactivateTenant.errors[0]?.field).toBe('id');
    const malformed = await t.run(ADMIN_TOKEN, DeactivateTenantDocument, { id: 'not-a-uuid' });
    expect(errorCodes(malformed)).toEqual(['BAD_USER_INPUT']);
  });

  it('gives an existing tenant a key with chosen scopes', async () => {
    const { tenantId } = await tenantWithKey(t.database);
    const created = await t.run(ADMIN_TOKEN, CreateTenantApiKeyDocument, { tenantId, input: { name: 'CRM', scopes: ['LEADS_READ'] } });
    const { plaintextKey, apiKey } = succeeded(created.data?.createTenantApiKey);
    expect(apiKey).toMatchObject({ name: 'CRM', scopes: ['LEADS_READ'] });
    expect((await t.run(plaintextKey, LeadsDocument, {})).errors).toBeUndefined();
    expect(errorCodes(await t.run(plaintextKey, TenantDocument))).toEqual(['FORBIDDEN']);
    const unknown = await t.run(ADMIN_TOKEN, CreateTenantApiKeyDocument, { tenantId: crypto.randomUUID(), input: { name: 'x' } });
    expect(unknown.data?.createTenantApiKey.errors).toEqual([{ code: 'NOT_FOUND', message: 'Tenant not found', field: 'tenantId' }]);
  });

  it("sets a tenant's chat platform ids, refusing a taken id, an unknown tenant and secrets the server cannot encrypt", async () => {
    const { tenantId } = await tenantWithKey(t.database);
    const { tenantId: otherId } = await tenantWithKey(t.database);
    const crisp = await t.run(ADMIN_TOKEN, SetCrispIntegrationDocument, { tenantId, input: { websiteId: 'crisp-admin-1' } });
    expect(succeeded(crisp.data?.setCrispIntegration)).toMatchObject({ secretsSet: [], tenant: { id: tenantId, crispWebsiteId: 'crisp-admin-1' } });
    const taken = await t.run(ADMIN_TOKEN, SetCrispIntegrationDocument, { tenantId: otherId, input: { websiteId: 'crisp-admin-1' } });
    expect(taken.data?.setCrispIntegration.errors).toEqual([{ code: 'CONFLICT', message: 'input.websiteId: is already used by another tenant', field: 'input.websiteId' }]);
    const unknown = await t.run(ADMIN_TOKEN, SetTidioIntegrationDocument, { tenantId: crypto.randomUUID(), input: { projectKey: 'pk_x' } });
    expect(userErrorCodes(unknown.data?.setTidioIntegration)).toEqual(['NOT_FOUND']);
    // This test server has no NETIA_ENCRYPTION_KEY: secrets are refused, and nothing of the request is stored.
    const secrets = await t.run(ADMIN_TOKEN, SetTidioIntegrationDocument, { tenantId, input: { projectKey: 'pk_new', webhookSecret: 'whsec-0123456789' } });
    expect(userErrorCodes(secrets.data?.setTidioIntegration)).toEqual(['NOT_SUPPORTED']);
    const row = await t.database.db.selectFrom('tenants').select('tidioWebsiteId').where('id', '=', tenantId).executeTakeFirstOrThrow();
    expect(row.tidioWebsiteId).toBeNull();
    const short = await t.run(ADMIN_TOKEN, SetTidioIntegrationDocument, { tenantId, input: { flowToken: 'short' } });
    expect(errorCodes(short)).toEqual(['BAD_USER_INPUT']);
    expect(short.errors?.[0]?.message).toMatch(/^input\.flowToken: /);
  });

  it('keeps admin and tenant operations apart', async () => {
    const { key } = await tenantWithKey(t.database);
    const asTenant = await t.run(key, TenantsDocument);
    expect(errorCodes(asTenant)).toEqual(['FORBIDDEN']);
    expect(asTenant.data).toBeNull();
    expect(errorCodes(await t.run(key, CreateTenantDocument, { input: { name: 'X', email: 'x@example.com' } }))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await t.run(ADMIN_TOKEN, TenantDocument))).toEqual(['FORBIDDEN']);
    const wrongToken = await t.run(`${ADMIN_TOKEN}x`, TenantsDocument);
    expect(wrongToken.status).toBe(401);
  });

  it("accepts the CLI's local token from this machine only, and records its actions as the cli", async () => {
    const local = await createTestApp({ graphql: { adminToken: null }, database: t.database, localAdminToken: 'nla_local-token-for-this-start-0123456789' });
    try {
      const ask = (remoteAddress: string) =>
        local.app.inject({
          method: 'POST',
          url: '/graphql',
          remoteAddress,
          headers: { 'content-type': 'application/json', authorization: 'Bearer nla_local-token-for-this-start-0123456789' },
          payload: { query: 'mutation { createTenant(input: { name: "Local", email: "local@example.com" }) { tenant { id } plaintextKey errors { code } } }' },
        });
      expect((await ask('203.0.113.9')).statusCode).toBe(401);
      const created = await ask('127.0.0.1');
      expect(created.statusCode).toBe(200);
      const { plaintextKey } = created.json().data.createTenant;
      const trail = await local.app.inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${plaintextKey}` },
        payload: { query: '{ auditEvents { edges { node { action actorType actorId } } } }' },
      });
      expect(trail.json().data.auditEvents.edges).toEqual([{ node: { action: 'createTenant', actorType: 'ADMIN', actorId: 'cli' } }]);
    } finally {
      await local.close();
    }
  });

  it('has no admin at all when NETIA_ADMIN_TOKEN is unset', async () => {
    const noAdmin = await createTestApp({ graphql: { adminToken: null }, database: t.database });
    try {
      const result = await noAdmin.run(ADMIN_TOKEN, TenantsDocument);
      expect(result.status).toBe(401);
    } finally {
      await noAdmin.close();
    }
  });
});
