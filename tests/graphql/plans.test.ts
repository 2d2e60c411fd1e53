import { CreateApiKeyDocument, PublishKnowledgeBaseDocument, RevokeApiKeyDocument, TenantDocument } from './generated';
import { createTestApp, errorCodes, succeeded, userErrorCodes, tenantWithKey, type TestApp } from './harness';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { PLAN_BASIC_API_REQUESTS_PER_MINUTE: '3', PLAN_PRO_API_REQUESTS_PER_MINUTE: '5' } });
});
afterAll(() => t.close());

describe('request rate per API key and plan', () => {
  it('answers 429 with Retry-After and RATE_LIMITED once a key is over its plan rate', async () => {
    const a = await tenantWithKey(t.database);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await t.run(a.key, TenantDocument)).status);
    expect(statuses).toEqual([200, 200, 200]);

    const refused = await t.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${a.key}` },
      payload: { query: '{ tenant { id } }' },
    });
    expect(refused.statusCode).toBe(429);
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.json()).toEqual({
      errors: [{ message: expect.stringContaining('Rate limit'), extensions: { code: 'RATE_LIMITED', retryAfterSeconds: retryAfter } }],
    });
  });

  it("limits each key on its own, at its tenant's plan rate", async () => {
    const basic = await tenantWithKey(t.database);
    const pro = await tenantWithKey(t.database, { tenant: { subscriptionPlan: 'pro' } });
    for (let i = 0; i < 3; i++) await t.run(basic.key, TenantDocument);
    expect(errorCodes(await t.run(basic.key, TenantDocument))).toEqual(['RATE_LIMITED']);
    const proStatuses = [];
    for (let i = 0; i < 6; i++) proStatuses.push((await t.run(pro.key, TenantDocument)).status);
    expect(proStatuses).toEqual([200, 200, 200, 200, 200, 429]);
  });
});

describe('trials', () => {
  it('refuses a tenant whose trial has ended (403), and serves a running trial', async () => {
    const ended = await tenantWithKey(t.database, { tenant: { subscriptionStatus: 'trial', trialEndsAt: new Date(Date.now() - 1000) } });
    const running = await tenantWithKey(t.database, { tenant: { subscriptionStatus: 'trial', trialEndsAt: new Date(Date.now() + 86_400_000) } });
    const refused = await t.run(ended.key, TenantDocument);
    expect([refused.status, errorCodes(refused)]).toEqual([403, ['FORBIDDEN']]);
    expect(refused.errors![0]!.message).toContain('trial has ended');
    expect((await t.run(running.key, TenantDocument)).status).toBe(200);
  });
});

describe('plan limits on what a tenant keeps', () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await createTestApp({
      database: t.database,
      env: { PLAN_BASIC_ACTIVE_API_KEYS: '2', PLAN_BASIC_KNOWLEDGE_BASE_ENTRIES: '2', PLAN_BASIC_KNOWLEDGE_BASE_CHARACTERS: '60' },
    });
  });
  afterAll(() => limited.close());

  it('refuses an API key beyond the active-key limit, and allows one again after a revocation', async () => {
    const a = await tenantWithKey(t.database);
    const second = await limited.run(a.key, CreateApiKeyDocument, { input: { name: 'second' } });
    const { apiKey } = succeeded(second.data?.createApiKey);
    const third = await limited.run(a.key, CreateApiKeyDocument, { input: { name: 'third' } });
    expect(userErrorCodes(third.data?.createApiKey)).toEqual(['PLAN_LIMIT_REACHED']);
    expect(third.data?.createApiKey.errors[0]?.message).toContain('2 active API keys');
    expect(third.data?.createApiKey.plaintextKey).toBeNull();
    await limited.run(a.key, RevokeApiKeyDocument, { id: apiKey.id });
    succeeded((await limited.run(a.key, CreateApiKeyDocument, { input: { name: 'again' } })).data?.createApiKey);
  });

  it('refuses knowledge base entries beyond the entry or character limit; replacing the system prompt fits', async () => {
    const a = await tenantWithKey(t.database);
    const publish = (contentType: 'FAQ' | 'SYSTEM_PROMPT', content: string, title?: string) =>
      limited.run(a.key, PublishKnowledgeBaseDocument, { input: { contentType, content, ...(title && { title }) } });
    const published = async (...args: Parameters<typeof publish>) => (await publish(...args)).data?.publishKnowledgeBase;
    succeeded(await published('SYSTEM_PROMPT', 'Be brief and kind.'));
    succeeded(await published('SYSTEM_PROMPT', 'Be brief, kind and exact.'));
    expect(userErrorCodes(await published('FAQ', 'x'.repeat(40), 'Too long?'))).toEqual(['PLAN_LIMIT_REACHED']);
    succeeded(await published('FAQ', 'We ship to the EU.', 'Shipping?'));
    const overCount = await published('FAQ', 'Yes.', 'Open?');
    expect(overCount?.errors).toEqual([
      { code: 'PLAN_LIMIT_REACHED', message: expect.stringContaining('2 active knowledge base entries'), field: null },
    ]);
  });
});
