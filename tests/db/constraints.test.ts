import { sql, type Kysely } from 'kysely';
import type { DB } from '../../src/db/db.generated';
import { withTenantTransaction } from '../../src/db/tenant-transaction';
import { buildConversation, buildLead } from '../factories/conversation.factory';
import { buildKnowledgeBaseEntry } from '../factories/knowledge-base.factory';
import { buildTenant } from '../factories/tenant.factory';
import { createTestDatabase, type TestDatabase } from '../setup/database';

let database: TestDatabase;
let db: Kysely<DB>;
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(() => database.destroy());

async function errorCode(work: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await work();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

describe('value sets', () => {
  it.each([
    ['subscription status', { subscriptionStatus: 'frozen' }],
    ['subscription plan', { subscriptionPlan: 'platinum' }],
  ])('rejects an unknown tenant %s', async (_label, values) => {
    expect(await errorCode(() => buildTenant(db, values))).toBe('23514');
  });

  it('accepts every documented status and plan', async () => {
    for (const subscriptionStatus of ['trial', 'active', 'suspended', 'cancelled']) {
      for (const subscriptionPlan of ['basic', 'pro', 'enterprise']) {
        await expect(buildTenant(db, { subscriptionStatus, subscriptionPlan })).resolves.toMatchObject({ subscriptionStatus });
      }
    }
  });

  it('rejects an unknown lead status and accepts the documented ones', async () => {
    expect(await errorCode(() => buildLead(db, { status: 'maybe' }))).toBe('23514');
    for (const status of ['new', 'contacted', 'qualified', 'converted', 'lost']) {
      await expect(buildLead(db, { status })).resolves.toMatchObject({ status });
    }
  });

  it('defaults a new tenant to an active trial on the basic plan', async () => {
    await expect(buildTenant(db)).resolves.toMatchObject({ subscriptionStatus: 'trial', subscriptionPlan: 'basic', isActive: true });
  });
});

describe('updated_at', () => {
  it.each(['conversations', 'leads', 'knowledgeBases'] as const)('%s: moves forward on every update', async (table) => {
    const row =
      table === 'conversations'
        ? await buildConversation(db)
        : table === 'leads'
          ? await buildLead(db)
          : await buildKnowledgeBaseEntry(db);
    await sql`select pg_sleep(0.01)`.execute(db);
    const after: { updatedAt: Date } = await withTenantTransaction(db, row.tenantId, (tx) =>
      (tx as any).updateTable(table).set({ tenantId: row.tenantId }).where('id', '=', row.id).returning('updatedAt').executeTakeFirstOrThrow(),
    );
    expect((after.updatedAt as Date).getTime()).toBeGreaterThan((row.updatedAt as Date).getTime());
  });

  it('tenants: moves forward on update', async () => {
    const tenant = await buildTenant(db);
    await sql`select pg_sleep(0.01)`.execute(db);
    const after = await db.updateTable('tenants').set({ name: 'renamed' }).where('id', '=', tenant.id).returning('updatedAt').executeTakeFirstOrThrow();
    expect(after.updatedAt.getTime()).toBeGreaterThan(tenant.updatedAt.getTime());
  });
});

describe('knowledge base versions', () => {
  it('allows one active system prompt per tenant and keeps old versions as history', async () => {
    const tenant = await buildTenant(db);
    const first = await buildKnowledgeBaseEntry(db, { tenantId: tenant.id, contentType: 'system_prompt', content: 'v1' });
    expect(
      await errorCode(() => buildKnowledgeBaseEntry(db, { tenantId: tenant.id, contentType: 'system_prompt', content: 'v2' })),
    ).toBe('23505');
    await db.updateTable('knowledgeBases').set({ isActive: false }).where('id', '=', first.id).execute();
    const second = await buildKnowledgeBaseEntry(db, { tenantId: tenant.id, contentType: 'system_prompt', content: 'v2' });
    expect([first.version, second.version]).toEqual([1, 2]);
    const other = await buildKnowledgeBaseEntry(db, { contentType: 'system_prompt' });
    expect(other.isActive).toBe(true);
  });

  it('refuses a duplicate version number for one tenant and content type', async () => {
    const entry = await buildKnowledgeBaseEntry(db, { contentType: 'faq' });
    expect(
      await errorCode(() => buildKnowledgeBaseEntry(db, { tenantId: entry.tenantId, contentType: 'faq', version: entry.version })),
    ).toBe('23505');
  });

  it('allows many active FAQ entries', async () => {
    const tenant = await buildTenant(db);
    await buildKnowledgeBaseEntry(db, { tenantId: tenant.id, contentType: 'faq' });
    await expect(buildKnowledgeBaseEntry(db, { tenantId: tenant.id, contentType: 'faq' })).resolves.toMatchObject({ version: 2, isActive: true });
  });
});
