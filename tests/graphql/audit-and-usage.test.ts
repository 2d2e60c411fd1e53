import { withTenantTransaction } from '../../src/db/tenant-transaction';
import { incrementUsage } from '../../src/modules/usage/usage.repository';
import { buildMessage } from '../factories/conversation.factory';
import { buildKnowledgeBaseEntry } from '../factories/knowledge-base.factory';
import {
  AuditEventsDocument,
  CreateApiKeyDocument,
  CreateLeadDocument,
  CreateTenantDocument,
  RevokeApiKeyDocument,
  TenantDocument,
  UpdateLeadDocument,
  UpdateTenantSubscriptionDocument,
  UsageDocument,
} from './generated';
import { ADMIN_TOKEN, addKey, createTestApp, errorCodes, succeeded, tenantWithKey, userErrorCodes, type TestApp } from './harness';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const actions = async (key: string) => {
  const result = await t.run(key, AuditEventsDocument, { first: 50 });
  return result.data!.auditEvents.edges.map((edge) => edge.node);
};

describe('audit trail', () => {
  it("records each successful mutation in its own tenant's trail, with the key, target and request id", async () => {
    const a = await tenantWithKey(t.database);
    const b = await tenantWithKey(t.database);
    const created = await t.run(a.key, CreateLeadDocument, { input: { intent: 'demo', contactInfo: { email: 'jane@example.com' } } });
    const leadId = succeeded(created.data?.createLead).lead.id;
    await t.run(a.key, UpdateLeadDocument, { id: leadId, input: { status: 'CONTACTED' } });
    await t.run(b.key, CreateLeadDocument, { input: { intent: 'pricing' } });

    const trailA = await actions(a.key);
    expect(trailA.map((e) => e.action)).toEqual(['updateLead', 'createLead']);
    for (const event of trailA) {
      expect(event).toMatchObject({ actorType: 'API_KEY', actorId: a.apiKeyId, targetId: leadId });
      expect(event.requestId).toEqual(expect.any(String));
    }
    expect(trailA[1]!.details).toEqual({ arguments: ['input'], inputFields: ['contactInfo', 'intent'] });
    expect(JSON.stringify(trailA)).not.toContain('jane@example.com');
    expect((await actions(b.key)).map((e) => e.action)).toEqual(['createLead']);
  });

  it('records nothing for queries and for mutations that failed', async () => {
    const a = await tenantWithKey(t.database);
    await t.run(a.key, TenantDocument);
    const bad = await t.run(a.key, UpdateLeadDocument, { id: crypto.randomUUID(), input: { status: 'LOST' } });
    expect(userErrorCodes(bad.data?.updateLead)).toEqual(['NOT_FOUND']);
    const malformed = await t.run(a.key, CreateLeadDocument, { input: { intent: 'Not An Intent' } });
    expect(errorCodes(malformed)).toEqual(['BAD_USER_INPUT']);
    expect(await actions(a.key)).toEqual([]);
  });

  it('records API key creation and revocation', async () => {
    const a = await tenantWithKey(t.database);
    const created = await t.run(a.key, CreateApiKeyDocument, { input: { name: 'ci', scopes: ['LEADS_READ'] } });
    const keyId = succeeded(created.data?.createApiKey).apiKey.id;
    await t.run(a.key, RevokeApiKeyDocument, { id: keyId });
    const trail = await actions(a.key);
    expect(trail.map((e) => [e.action, e.targetId])).toEqual([
      ['revokeApiKey', keyId],
      ['createApiKey', keyId],
    ]);
    expect(JSON.stringify(trail)).not.toMatch(/ntk_/);
  });

  it("records platform admin actions in the target tenant's trail as admin", async () => {
    const created = await t.run(ADMIN_TOKEN, CreateTenantDocument, { input: { name: 'Acme', email: `${crypto.randomUUID()}@acme.test` } });
    const { tenant, plaintextKey } = succeeded(created.data?.createTenant);
    await t.run(ADMIN_TOKEN, UpdateTenantSubscriptionDocument, { id: tenant.id, input: { plan: 'PRO' } });
    const trail = await actions(plaintextKey);
    expect(trail.map((e) => [e.action, e.actorType, e.targetId])).toEqual([
      ['updateTenantSubscription', 'ADMIN', tenant.id],
      ['createTenant', 'ADMIN', tenant.id],
    ]);
  });

  it('filters by action', async () => {
    const a = await tenantWithKey(t.database);
    await t.run(a.key, CreateLeadDocument, { input: { intent: 'demo' } });
    await t.run(a.key, CreateLeadDocument, { input: { intent: 'pricing' } });
    const result = await t.run(a.key, AuditEventsDocument, { filter: { action: 'updateLead' } });
    expect(result.data!.auditEvents.totalCount).toBe(0);
    const creates = await t.run(a.key, AuditEventsDocument, { filter: { action: 'createLead' } });
    expect(creates.data!.auditEvents.totalCount).toBe(2);
  });
});

describe('usage', () => {
  it("reports this month's use against the tenant's plan limits", async () => {
    const a = await tenantWithKey(t.database, { tenant: { subscriptionPlan: 'pro' } });
    await buildMessage(t.database.db, { tenantId: a.tenantId });
    await buildKnowledgeBaseEntry(t.database.db, { tenantId: a.tenantId, content: '12345', title: 'abc' });
    await addKey(t.database, a.tenantId);
    await withTenantTransaction(t.database.db, a.tenantId, async (tx) => {
      await incrementUsage(tx, a.tenantId, 'ai_replies', 7, new Date());
      await incrementUsage(tx, a.tenantId, 'ai_quota_exceeded', 2, new Date());
    });
    const { data } = await t.run(a.key, UsageDocument);
    const now = new Date();
    expect(data!.usage).toEqual({
      period: `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`,
      plan: 'PRO',
      aiReplies: { used: 7, limit: 20_000 },
      aiQuotaExceeded: 2,
      messages: 1,
      apiRequests: expect.any(Number),
      apiRequestsPerMinuteLimit: 600,
      activeApiKeys: { used: 2, limit: 25 },
      knowledgeBaseEntries: { used: 1, limit: 2_000 },
      knowledgeBaseCharacters: { used: 8, limit: 2_000_000 },
    });
  });
});
