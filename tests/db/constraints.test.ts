import { sql } from 'kysely';
import { withTenantTransaction } from '../../src/db/tenant-transaction';
import { buildConversation, buildLead } from '../factories/conversation.factory';
import { buildKnowledgeBaseEntry } from '../factories/knowledge-base.factory';
import { buildTenant } from '../factories/tenant.factory';
import { useTestDatabase } from '../setup/database';
import { sqlErrorCode } from '../support/sql-error';

const testDb = useTestDatabase();

describe('value sets', () => {
  it.each([
    ['subscription status', { subscriptionStatus: 'frozen' }],
    ['subscription plan', { subscriptionPlan: 'platinum' }],
  ])('rejects an unknown tenant %s', async (_label, values) => {
    expect(await sqlErrorCode(() => buildTenant(testDb.db, values))).toBe('23514');
  });

  it('accepts every documented status and plan', async () => {
    for (const subscriptionStatus of ['trial', 'active', 'suspended', 'cancelled']) {
      for (const subscriptionPlan of ['basic', 'pro', 'enterprise']) {
        await expect(buildTenant(testDb.db, { subscriptionStatus, subscriptionPlan })).resolves.toMatchObject({ subscriptionStatus });
      }
    }
  });

  it('rejects an unknown lead status and accepts the documented ones', async () => {
    expect(await sqlErrorCode(() => buildLead(testDb.db, { status: 'maybe' }))).toBe('23514');
    for (const status of ['new', 'contacted', 'qualified', 'converted', 'lost']) {
      await expect(buildLead(testDb.db, { status })).resolves.toMatchObject({ status });
    }
  });

  it('defaults a new tenant to an active trial on the basic plan', async () => {
    await expect(buildTenant(testDb.db)).resolves.toMatchObject({ subscriptionStatus: 'trial', subscriptionPlan: 'basic', isActive: true });
  });
});

describe('updated_at', () => {
  it.each(['conversations', 'leads', 'knowledgeBases'] as const)('%s: moves forward on every update', async (table) => {
    const row =
      table === 'conversations'
        ? await buildConversation(testDb.db)
        : table === 'leads'
          ? await buildLead(testDb.db)
          : await buildKnowledgeBaseEntry(testDb.db);
    await sql`select pg_sleep(0.01)`.execute(testDb.db);
    const after: { updatedAt: Date } = await withTenantTransaction(testDb.db, row.tenantId, (tx) =>
      (tx as any).updateTable(table).set({ tenantId: row.tenantId }).where('id', '=', row.id).returning('updatedAt').executeTakeFirstOrThrow(),
    );
    expect((after.updatedAt as Date).getTime()).toBeGreaterThan((row.updatedAt as Date).getTime());
  });

  it('tenants: moves forward on update', async () => {
    const tenant = await buildTenant(testDb.db);
    await sql`select pg_sleep(0.01)`.execute(testDb.db);
    const after = await testDb.db.updateTable('tenants').set({ name: 'renamed' }).where('id', '=', tenant.id).returning('updatedAt').executeTakeFirstOrThrow();
    expect(after.updatedAt.getTime()).toBeGreaterThan(tenant.updatedAt.getTime());
  });
});

describe('knowledge base versions', () => {
  it('allows one active system prompt per tenant and keeps old versions as history', async () => {
    const tenant = await buildTenant(testDb.db);
    const first = await buildKnowledgeBaseEntry(testDb.db, { tenantId: tenant.id, contentType: 'system_prompt', content: 'v1' });
    expect(
      await sqlErrorCode(() => buildKnowledgeBaseEntry(testDb.db, { tenantId: tenant.id, contentType: 'system_prompt', content: 'v2' })),
    ).toBe('23505');
    await testDb.db.updateTable('knowledgeBases').set({ isActive: false }).where('id', '=', first.id).execute();
    const second = await buildKnowledgeBaseEntry(testDb.db, { tenantId: tenant.id, contentType: 'system_prompt', content: 'v2' });
    expect([first.version, second.version]).toEqual([1, 2]);
    const other = await buildKnowledgeBaseEntry(testDb.db, { contentType: 'system_prompt' });
    expect(other.isActive).toBe(true);
  });

  it('refuses a duplicate version number for one tenant and content type', async () => {
    const entry = await buildKnowledgeBaseEntry(testDb.db, { contentType: 'faq' });
    expect(
      await sqlErrorCode(() => buildKnowledgeBaseEntry(testDb.db, { tenantId: entry.tenantId, contentType: 'faq', version: entry.version })),
    ).toBe('23505');
  });

  it('allows many active FAQ entries', async () => {
    const tenant = await buildTenant(testDb.db);
    await buildKnowledgeBaseEntry(testDb.db, { tenantId: tenant.id, contentType: 'faq' });
    await expect(buildKnowledgeBaseEntry(testDb.db, { tenantId: tenant.id, contentType: 'faq' })).resolves.toMatchObject({ version: 2, isActive: true });
  });
});
