import { seedDemoTenantIfEmpty } from '../../src/modules/tenants/demo-tenant';
import { ConversationsWithDetailsDocument } from './generated';
import { createTestApp, type TestApp } from './harness';

describe(seedDemoTenantIfEmpty.name, () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('seeds a usable demo tenant only while there is no tenant at all', async () => {
    const demo = await seedDemoTenantIfEmpty(t.database.db, { trialDays: 14 });
    expect(demo?.apiKey).toMatch(/^ntk_/);
    const result = await t.run(demo!.apiKey, ConversationsWithDetailsDocument, { first: 10, messages: 10 });
    const conversations = result.data!.conversations.edges.map((edge) => edge.node);
    expect(conversations).toHaveLength(3);
    expect(conversations.flatMap((conversation) => conversation.leads)).toHaveLength(1);
    expect(await seedDemoTenantIfEmpty(t.database.db, { trialDays: 14 })).toBeNull();
    expect(await t.database.db.selectFrom('tenants').select('id').execute()).toHaveLength(1);
  });
});
