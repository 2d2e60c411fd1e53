import { Socket } from 'node:net';
import { sql } from 'kysely';
import { Client } from 'pg';
import { BINDING_STATEMENT_MARK, OneStatementTransactionError } from '../../src/db/begin-with-binding-dialect';
import { createDatabase, type Database } from '../../src/db/database';
import { withAdminTransaction, withLookupTransaction, withTenantStatement, withTenantTransaction } from '../../src/db/tenant-transaction';
import { buildConversation, buildMessage } from '../factories/conversation.factory';
import { useTestDatabase } from '../setup/database';
import { waitFor } from '../support/wait-for';

// The round-trip saving is the pg dialect's (PGlite has no network to save on).
const describeOnPostgres = process.env.TEST_DATABASE_URL ? describe : describe.skip;
const testDb = useTestDatabase();

/**
 * The SQL texts every pg client sends while `work` runs, and for each how many queries sent before it
 * were still unanswered when it was sent: above 0, it went out in the same round trip as them (the
 * clients run in pipeline mode, which writes a query as soon as it is issued: checked too). `writes`
 * counts the socket writes they took (write-together.ts merges the ones issued together). `work` is
 * handed the texts sent so far, to wait for one.
 */
async function sent<T>(work: (textsSoFar: readonly string[]) => Promise<T>): Promise<{ result: T; texts: string[]; unanswered: number[]; writes: number }> {
  const query = Client.prototype.query;
  let writes = 0;
  const socketSpies = (['_write', '_writev'] as const).map((method) => {
    const original = Socket.prototype[method] as (...a: unknown[]) => unknown;
    return jest.spyOn(Socket.prototype, method).mockImplementation(function (this: Socket, ...args: unknown[]) {
      writes += 1;
      return original.apply(this, args) as never;
    });
  });
  const texts: string[] = [];
  const unanswered: number[] = [];
  let inFlight = 0;
  const spy = jest.spyOn(Client.prototype, 'query').mockImplementation(function (this: Client, ...args: unknown[]) {
    const [text] = args;
    expect(this.pipeline).toBe(true);
    texts.push(typeof text === 'string' ? text : String((text as { text?: string }).text));
    unanswered.push(inFlight);
    inFlight += 1;
    const answer = (query as (...a: unknown[]) => Promise<unknown>).apply(this, args);
    const settled = () => {
      inFlight -= 1;
    };
    answer.then(settled, settled);
    return answer as never;
  });
  try {
    const result = await work(texts);
    return { result, texts, unanswered, writes };
  } finally {
    spy.mockRestore();
    for (const socketSpy of socketSpies) socketSpy.mockRestore();
  }
}

describeOnPostgres('BEGIN and the session binding sent with the first statement (pg pipeline mode)', () => {
  it('costs a tenant transaction one round trip for BEGIN, its binding and its first statement together', async () => {
    const conversation = await buildConversation(testDb.db);
    const { result, texts, unanswered, writes } = await sent(() =>
      withTenantTransaction(testDb.db, conversation.tenantId, (tx) => tx.selectFrom('conversations').select('id').execute()),
    );
    expect(result).toEqual([{ id: conversation.id }]);
    expect(texts).toHaveLength(3);
    expect(texts[0]).toMatch(/^begin; \/\* binding \*\/ select set_config\('role', 'netia_app', true\)/);
    expect(texts[2]).toBe('commit');
    // The statement went out behind BEGIN and the binding, before their answer; COMMIT after the statement's.
    expect(unanswered).toEqual([0, 1, 0]);
    // BEGIN with its binding and the statement in one socket write, COMMIT in another.
    expect(writes).toBe(2);
  });

  it('sends a one-statement transaction, its COMMIT included, in one round trip, and it is committed when it resolves', async () => {
    const conversation = await buildConversation(testDb.db);
    const { result, texts, unanswered, writes } = await sent(() =>
      withTenantStatement(testDb.db, conversation.tenantId, (tx) =>
        tx.updateTable('conversations').set({ handoffReason: 'operator_replied' }).where('id', '=', conversation.id).returning('id').execute(),
      ),
    );
    expect(result).toEqual([{ id: conversation.id }]);
    expect(texts).toEqual([expect.stringMatching(/^begin; \/\* binding \*\/ \/\* one statement \*\/ select set_config/), expect.stringContaining('update'), 'commit']);
    expect(unanswered).toEqual([0, 1, 2]);
    expect(writes).toBe(1);
    const stored = await testDb.db.selectFrom('conversations').select('handoffReason').where('id', '=', conversation.id).executeTakeFirstOrThrow();
    expect(stored.handoffReason).toBe('operator_replied');
  });

  it('keeps RLS in a one-statement transaction: another tenant\'s rows are neither seen nor written', async () => {
    const [mine, theirs] = [await buildConversation(testDb.db), await buildConversation(testDb.db)];
    const seen = await withTenantStatement(testDb.db, mine.tenantId, (tx) =>
      tx.selectFrom('conversations').select('id').where('id', 'in', [mine.id, theirs.id]).execute(),
    );
    expect(seen).toEqual([{ id: mine.id }]);
    const written = await withTenantStatement(testDb.db, mine.tenantId, (tx) =>
      tx.updateTable('conversations').set({ handoffReason: 'operator_replied' }).where('id', '=', theirs.id).returning('id').execute(),
    );
    expect(written).toEqual([]);
  });

  it('rolls a failing one-statement transaction back and leaves its connection clean', async () => {
    const message = await buildMessage(testDb.db);
    await expect(
      withTenantStatement(testDb.db, message.tenantId, (tx) =>
        // The second row repeats the first's external id: the whole statement fails.
        tx
          .insertInto('messages')
          .values([1, 2].map(() => ({ tenantId: message.tenantId, conversationId: message.conversationId, role: 'user', content: 'twice', externalId: 'same' })))
          .execute(),
      ),
    ).rejects.toThrow(/duplicate key/);
    const count = await testDb.db.selectFrom('messages').select((eb) => eb.fn.countAll<string>().as('n')).where('conversationId', '=', message.conversationId).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
    await expectCleanSessions();
  });

  it('refuses a second statement in a one-statement transaction, whose first has committed', async () => {
    const conversation = await buildConversation(testDb.db);
    const update = (reason: 'operator_replied' | 'reply_not_delivered') =>
      withTenantStatement(testDb.db, conversation.tenantId, async (tx) => {
        await tx.updateTable('conversations').set({ handoffReason: reason }).where('id', '=', conversation.id).execute();
        await tx.updateTable('conversations').set({ handoffReason: null }).where('id', '=', conversation.id).execute();
      });
    await expect(update('operator_replied')).rejects.toBeInstanceOf(OneStatementTransactionError);
    const stored = await testDb.db.selectFrom('conversations').select('handoffReason').where('id', '=', conversation.id).executeTakeFirstOrThrow();
    expect(stored.handoffReason).toBe('operator_replied');
    await expectCleanSessions();
  });

  it('never runs a statement unbound: when the binding fails, the statement sent behind it fails too', async () => {
    const conversation = await buildConversation(testDb.db);
    await expect(
      testDb.db.transaction().execute(async (trx) => {
        await sql.raw(`${BINDING_STATEMENT_MARK}select 1 / 0`).execute(trx);
        await trx.updateTable('conversations').set({ handoffReason: 'operator_replied' }).where('id', '=', conversation.id).execute();
      }),
    ).rejects.toThrow(/division by zero/);
    const stored = await testDb.db.selectFrom('conversations').select('handoffReason').where('id', '=', conversation.id).executeTakeFirstOrThrow();
    expect(stored.handoffReason).toBeNull();
    await expectCleanSessions();
  });

  it('sends BEGIN with an unmarked first statement too, whose rows arrive intact', async () => {
    const conversation = await buildConversation(testDb.db);
    const { result, texts, unanswered } = await sent(() =>
      testDb.db.transaction().execute((trx) => sql<{ id: string }>`select id from conversations where id = ${conversation.id}`.execute(trx)),
    );
    expect(result.rows).toEqual([{ id: conversation.id }]);
    expect(texts).toEqual(['begin', expect.stringContaining('select id from conversations'), 'commit']);
    expect(unanswered).toEqual([0, 1, 0]);
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

    await expectCleanSessions();
  });
});

/**
 * Every pooled connection is out of any transaction, with no role or tenant left on it: each idle
 * connection is checked out (all at once, so each one is a different connection) and asked.
 */
async function expectCleanSessions(): Promise<void> {
  const pool = testDb.database.pool!;
  expect(pool.idleCount).toBeGreaterThan(0);
  const clients = await Promise.all(Array.from({ length: pool.idleCount }, () => pool.connect()));
  try {
    for (const client of clients) {
      const { rows } = await client.query<{ role: string; tenant: string | null; open: boolean }>(
        "select current_user as role, current_setting('app.current_tenant_id', true) as tenant, now() <> statement_timestamp() as open",
      );
      expect(rows[0]!.role).not.toMatch(/^netia_/);
      expect(rows[0]!.tenant ?? '').toBe('');
      expect(rows[0]!.open).toBe(false);
    }
  } finally {
    for (const client of clients) client.release();
  }
}

describeOnPostgres('a read-only transaction\'s COMMIT, written with the connection\'s next query', () => {
  // One connection, so that the next query is certain to reuse the one the transaction ran on.
  let single: Database;
  beforeAll(async () => {
    single = await createDatabase({
      kind: 'postgres',
      url: testDb.database.url!,
      poolMax: 1,
      idleTimeoutMs: 10_000,
      connectTimeoutMs: 5_000,
      statementTimeoutMs: 30_000,
      preparedStatements: true,
    });
    // Connected before anything is counted: connecting takes socket writes of its own.
    await sql`select 1`.execute(single.db);
  });
  afterAll(() => single.destroy());

  const sessionQuery = "select current_user as role, current_setting('app.current_tenant_id', true) as tenant, now() <> statement_timestamp() as open";

  it('answers the transaction without writing its COMMIT, then writes it in front of the next query, in one write', async () => {
    const conversation = await buildConversation(testDb.db);
    const read = await sent(() =>
      withTenantTransaction(single.db, conversation.tenantId, (tx) => tx.selectFrom('conversations').select('id').execute(), { readOnly: true }),
    );
    expect(read.result).toEqual([{ id: conversation.id }]);
    expect(read.texts).toEqual([expect.stringMatching(/^start transaction read only; \/\* binding \*\/ select set_config\('role', 'netia_app', true\)/), expect.stringContaining('select')]);
    expect(read.writes).toBe(1);

    // A client checked out of the pool directly, not through Kysely: the COMMIT still goes first.
    const client = await single.pool!.connect();
    const next = await sent(() => client.query<{ role: string; tenant: string | null; open: boolean }>(sessionQuery)).finally(() => client.release());
    expect(next.texts).toEqual(['commit', sessionQuery]);
    expect(next.unanswered).toEqual([0, 1]);
    expect(next.writes).toBe(1);
    expect(next.result.rows[0]!.role).not.toMatch(/^netia_/);
    expect(next.result.rows[0]!.tenant ?? '').toBe('');
    expect(next.result.rows[0]!.open).toBe(false);
  });

  it('never lets the next transaction on the connection run under the earlier tenant\'s binding', async () => {
    const conversation = await buildConversation(testDb.db);
    const seenByTenant = await withTenantTransaction(single.db, conversation.tenantId, (tx) => tx.selectFrom('conversations').select('id').execute(), {
      readOnly: true,
    });
    expect(seenByTenant).toEqual([{ id: conversation.id }]);
    // A lookup transaction binds the role and no tenant: inside the tenant's still open transaction it
    // would read the tenant's rows; after its COMMIT the unset tenant matches none.
    const seenUnbound = await withLookupTransaction(single.db, (tx) => tx.selectFrom('conversations').select('id').execute());
    expect(seenUnbound).toEqual([]);
  });

  it('writes the held COMMIT alone when no query follows, so no transaction stays open', async () => {
    const conversation = await buildConversation(testDb.db);
    await sql`select 1`.execute(single.db); // writes the COMMIT an earlier test may have left held
    const { texts, writes } = await sent(async (textsSoFar) => {
      await withTenantTransaction(single.db, conversation.tenantId, (tx) => tx.selectFrom('conversations').select('id').execute(), { readOnly: true });
      await waitFor(() => textsSoFar.includes('commit'), 5_000, 'the held COMMIT written by itself');
      return null;
    });
    expect(texts).toEqual([expect.stringMatching(/^start transaction read only; /), expect.stringContaining('select'), 'commit']);
    expect(writes).toBe(2);
    // Asked from another connection: the transaction's backend is out of its transaction.
    await waitFor(async () => {
      const { rows } = await sql<{ open: number }>`select count(*)::int as open from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'`.execute(testDb.db);
      return rows[0]!.open === 0;
    }, 5_000, 'no idle transaction left');
  });

  it('refuses a write in a read-only tenant transaction, and commits a read-write one before it resolves', async () => {
    const conversation = await buildConversation(testDb.db);
    const update = (tx: Parameters<Parameters<typeof withTenantTransaction>[2]>[0]) =>
      tx.updateTable('conversations').set({ handoffReason: 'operator_replied' }).where('id', '=', conversation.id).execute();
    await expect(withTenantTransaction(single.db, conversation.tenantId, update, { readOnly: true })).rejects.toMatchObject({ code: '25006' });
    const written = await sent(() => withTenantTransaction(single.db, conversation.tenantId, update));
    expect(written.texts.at(-1)).toBe('commit');
    const stored = await testDb.db.selectFrom('conversations').select('handoffReason').where('id', '=', conversation.id).executeTakeFirstOrThrow();
    expect(stored.handoffReason).toBe('operator_replied');
  });
});
