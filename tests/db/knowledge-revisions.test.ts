import type { Kysely } from 'kysely';
import { analyzerFor } from '../../src/assistant/retrieval/analyzer';
import { ensureIndexed } from '../../src/assistant/retrieval/indexer';
import type { DB } from '../../src/db/db.generated';
import { withTenantTransaction, type TenantTx } from '../../src/db/tenant-transaction';
import { buildConversation } from '../factories/conversation.factory';
import { buildTenant } from '../factories/tenant.factory';
import { createTestDatabase, type TestDatabase } from '../setup/database';

/**
 * Schema v1.23: every statement that writes a tenant's knowledge base or its search index gives the
 * tenant a new knowledge revision, in the writer's transaction and under its RLS; nothing else does.
 * Servers keep knowledge snapshots by revision (knowledge-snapshots.ts), so a write that left it
 * unchanged would leave them answering from the old knowledge.
 */
let database: TestDatabase;
let db: Kysely<DB>;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(() => database.destroy());

const revisionOf = (tenantId: string) =>
  withTenantTransaction(db, tenantId, async (tx) => (await tx.selectFrom('knowledgeBaseRevisions').select('revision').execute()).map((row) => row.revision));

const asTenant = <T>(tenantId: string, work: (tx: TenantTx) => Promise<T>) => withTenantTransaction(db, tenantId, work);

describe('knowledge revisions (schema v1.23)', () => {
  it('change with every write to the knowledge base or its index, for the writing tenant only', async () => {
    const [a, b] = [(await buildTenant(db)).id, (await buildTenant(db)).id];
    expect(await revisionOf(a)).toEqual([]);

    const seen: string[] = [];
    const expectNewRevision = async () => {
      const [revision] = await revisionOf(a);
      expect(revision).toEqual(expect.any(String));
      expect(seen).not.toContain(revision);
      seen.push(revision!);
    };
    const entry = await asTenant(a, (tx) =>
      tx.insertInto('knowledgeBases').values({ tenantId: a, contentType: 'faq', title: 'Shipping?', content: 'Worldwide.', version: 1 }).returning('id').executeTakeFirstOrThrow(),
    );
    await expectNewRevision();
    await asTenant(a, (tx) => ensureIndexed(tx, a, analyzerFor('en')));
    await expectNewRevision();
    await asTenant(a, (tx) => tx.updateTable('knowledgeBases').set({ content: 'To 40 countries.' }).where('id', '=', entry.id).execute());
    await expectNewRevision();
    await asTenant(a, (tx) => tx.updateTable('knowledgeBases').set({ isActive: false }).where('id', '=', entry.id).execute());
    await expectNewRevision();
    await asTenant(a, (tx) => tx.deleteFrom('knowledgeBases').where('id', '=', entry.id).execute());
    await expectNewRevision();

    // Another tenant's writes, a write that is rolled back, and the tenant's conversations leave it as it is.
    const current = await revisionOf(a);
    await asTenant(b, (tx) => tx.insertInto('knowledgeBases').values({ tenantId: b, contentType: 'custom', content: 'B only.', version: 1 }).execute());
    await expect(
      asTenant(a, async (tx) => {
        await tx.insertInto('knowledgeBases').values({ tenantId: a, contentType: 'custom', content: 'Never committed.', version: 1 }).execute();
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await buildConversation(db, { tenantId: a });
    expect(await revisionOf(a)).toEqual(current);
    expect(await revisionOf(b)).toHaveLength(1);
    expect(await revisionOf(b)).not.toEqual(current);
  });
});
