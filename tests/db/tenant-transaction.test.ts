import { sql } from 'kysely';
import { withTenantTransaction } from '../../src/db/tenant-transaction';
import { buildConversation } from '../factories/conversation.factory';
import { useTestDatabase } from '../setup/database';

const testDb = useTestDatabase();

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(withTenantTransaction.name, () => {
  it('keeps concurrent tenants apart: each transaction sees only its own tenant throughout', async () => {
    const conversations = await Promise.all(Array.from({ length: 6 }, () => buildConversation(testDb.db)));
    const seen = await Promise.all(
      conversations.flatMap((conversation) =>
        [0, 1].map(() =>
          withTenantTransaction(testDb.db, conversation.tenantId, async (tx) => {
            const ids: string[] = [];
            for (let step = 0; step < 3; step++) {
              const row = await sql<{ tenant: string }>`select current_setting('app.current_tenant_id') as tenant`.execute(tx);
              ids.push(row.rows[0]!.tenant);
              const visible = await tx.selectFrom('conversations').select('tenantId').execute();
              ids.push(...visible.map((v) => v.tenantId));
              await pause(Math.random() * 5);
            }
            return { expected: conversation.tenantId, ids };
          }),
        ),
      ),
    );
    for (const { expected, ids } of seen) {
      expect(new Set(ids)).toEqual(new Set([expected]));
    }
  });

  it('runs as netia_app and rolls back when the work throws', async () => {
    const conversation = await buildConversation(testDb.db);
    const failing = withTenantTransaction(testDb.db, conversation.tenantId, async (tx) => {
      const who = await sql<{ role: string }>`select current_user as role`.execute(tx);
      expect(who.rows[0]!.role).toBe('netia_app');
      await tx.deleteFrom('conversations').where('id', '=', conversation.id).execute();
      throw new Error('boom');
    });
    await expect(failing).rejects.toThrow('boom');
    expect(await testDb.db.selectFrom('conversations').select('id').where('id', '=', conversation.id).execute()).toHaveLength(1);
  });

  it('refuses a tenant id that is not a UUID before touching the database', async () => {
    await expect(withTenantTransaction(testDb.db, "x'; reset role; --", async () => 1)).rejects.toThrow(TypeError);
  });
});
