import { sql } from 'kysely';
import { Client } from 'pg';
import { withAdminTransaction, withTenantTransaction } from '../../src/db/tenant-transaction';
import { buildConversation } from '../factories/conversation.factory';
import { useTestDatabase } from '../setup/database';

// The round-trip saving is the pg dialect's (PGlite has no network to save on).
const describeOnPostgres = process.env.TEST_DATABASE_URL ? describe : describe.skip;
const testDb = useTestDatabase();

/** The SQL texts every pg client sends while `work` runs. */
async function sent<T>(work: () => Promise<T>): Promise<{ result: T; texts: string[] }> {
  const spy = jest.spyOn(Client.prototype, 'query');
  try {
    const result = await work();
    return { result, texts: spy.mock.calls.map(([text]) => (typeof text === 'string' ? text : String((text as { text?: string }).text))) };
  } finally {
    spy.mockRestore();
  }
}

describeOnPostgres('BEGIN sent with the session binding (pg)', () => {
  it('costs a tenant transaction one round trip for BEGIN and its binding together', async () => {
    const conversation = await buildConversation(testDb.db);
    const { result, texts } = await sent(() =>
      withTenantTransaction(testDb.db, conversation.tenantId, (tx) => tx.selectFrom('conversations').select('id').execute()),
    );
    expect(result).toEqual([{ id: conversation.id }]);
    expect(texts).toHaveLength(3);
    expect(texts[0]).toMatch(/^begin; \/\* binding \*\/ select set_config\('role', 'netia_app', true\)/);
    expect(texts[2]).toBe('commit');
  });

  it('still sends BEGIN on its own before an unmarked first statement, whose rows arrive intact', async () => {
    const conversation = await buildConversation(testDb.db);
    const { result, texts } = await sent(() =>
      testDb.db.transaction().execute((trx) => sql<{ id: string }>`select id from conversations where id = ${conversation.id}`.execute(trx)),
    );
    expect(result.rows).toEqual([{ id: conversation.id }]);
    expect(texts).toEqual(['begin', expect.stringContaining('select id from conversations'), 'commit']);
  });

  it('sends nothing for a transaction that ran no statement', async () => {
    const { texts } = await sent(() => testDb.db.transaction().execute(async () => 'nothing'));
    expect(texts).toEqual([]);
  });

  it('keeps isolation levels and leaves no role or tenant on the pooled connections afterwards', async () => {
    const conversation = await buildConversation(testDb.db);
    const { texts } = await sent(() =>
      withTenantTransaction(testDb.db, conversation.tenantId, (tx) => sql`select 1`.execute(tx), { snapshot: true }),
    );
    expect(texts[0]).toMatch(/^start transaction isolation level repeatable read read only; \/\* binding \*\//);
    await withAdminTransaction(testDb.db, (tx) => sql`select 1`.execute(tx));
    await expect(withTenantTransaction(testDb.db, conversation.tenantId, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');

    const sessions = await Promise.all(
      Array.from({ length: 10 }, () =>
        sql<{ role: string; tenant: string | null }>`select current_user as role, current_setting('app.current_tenant_id', true) as tenant, pg_sleep(0.02)`.execute(
          testDb.db,
        ),
      ),
    );
    for (const { rows } of sessions) {
      expect(rows[0]!.role).not.toMatch(/^netia_/);
      expect(rows[0]!.tenant ?? '').toBe('');
    }
  });
});
