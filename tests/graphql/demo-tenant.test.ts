import { DEMO_TENANT_EMAIL, seedDemoTenantIfEmpty } from '../../src/modules/tenants/demo-tenant';
import { buildTenant } from '../factories/tenant.factory';
import { ConversationsWithDetailsDocument, TenantDocument } from './generated';
import { createTestApp, type TestApp } from './harness';

describe(seedDemoTenantIfEmpty.name, () => {
  let t: TestApp;

  beforeAll(async () => {
    // TRIAL_DAYS=0: a trial tenant created now would be refused at once; the demo must not be one.
    t = await createTestApp({ env: { TRIAL_DAYS: '0' } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('seeds a usable demo tenant, active on the Pro plan with nothing that expires, only while there is no tenant at all', async () => {
    const demo = await seedDemoTenantIfEmpty(t.database.db);
    expect(demo?.apiKey).toMatch(/^ntk_/);
    const result = await t.run(demo!.apiKey, ConversationsWithDetailsDocument, { first: 10, messages: 10 });
    const conversations = result.data!.conversations.edges.map((edge) => edge.node);
    expect(conversations).toHaveLength(3);
    expect(conversations.flatMap((conversation) => conversation.leads)).toHaveLength(1);
    expect((await t.run(demo!.apiKey, TenantDocument)).data?.tenant).toMatchObject({ subscriptionStatus: 'ACTIVE', subscriptionPlan: 'PRO' });
    const row = await t.database.db.selectFrom('tenants').select(['trialEndsAt']).where('id', '=', demo!.tenantId).executeTakeFirstOrThrow();
    expect(row.trialEndsAt).toBeNull();
    expect(await seedDemoTenantIfEmpty(t.database.db)).toBeNull();
    expect(await t.database.db.selectFrom('tenants').select('id').execute()).toHaveLength(1);
  });

  it('makes a demo tenant that an older version created as a trial active again, and leaves other trials alone', async () => {
    const ended = new Date(Date.now() - 86_400_000);
    // The demo seeded above, as an older Netia left it: a trial that has ended.
    const legacy = await t.database.db
      .updateTable('tenants')
      .set({ subscriptionStatus: 'trial', trialEndsAt: ended })
      .where('email', '=', DEMO_TENANT_EMAIL)
      .returning('id')
      .executeTakeFirstOrThrow();
    const other = await buildTenant(t.database.db, { subscriptionStatus: 'trial', trialEndsAt: ended });
    expect(await seedDemoTenantIfEmpty(t.database.db)).toBeNull();
    const status = async (id: string) =>
      t.database.db.selectFrom('tenants').select(['subscriptionStatus', 'trialEndsAt']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(await status(legacy.id)).toEqual({ subscriptionStatus: 'active', trialEndsAt: null });
    expect(await status(other.id)).toEqual({ subscriptionStatus: 'trial', trialEndsAt: ended });
  });
});
