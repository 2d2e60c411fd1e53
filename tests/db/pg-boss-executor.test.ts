import { createDatabase, type Database } from '../../src/db/database';
import { pgBossExecutor } from '../../src/jobs/job-queue';
import { createTestDatabase, type TestDatabase } from '../setup/database';

/**
 * pg-boss sends some of its SQL as one text with BEGIN and COMMIT (creating a queue). When such a text
 * fails midway, as when two servers create the same queue at once, the connection must not go back to
 * the pool inside the aborted transaction: the next query on it would fail with 25P02.
 */
describe('the SQL executor pg-boss runs on', () => {
  let test: TestDatabase;
  let single: Database;

  beforeAll(async () => {
    test = await createTestDatabase();
    // One pooled connection on PostgreSQL (PGlite has only one): the next query gets the same connection.
    single = test.url
      ? await createDatabase({ kind: 'postgres', url: test.url, poolMax: 1, idleTimeoutMs: 1000, connectTimeoutMs: 5000, statementTimeoutMs: 30_000, preparedStatements: true })
      : test;
  });
  afterAll(async () => {
    if (single !== test) await single.destroy();
    await test.destroy();
  });

  it('leaves no aborted transaction behind when a BEGIN … COMMIT text fails midway', async () => {
    const { executeSql } = pgBossExecutor(single);
    await expect(executeSql('BEGIN; SELECT 1 / 0; COMMIT')).rejects.toMatchObject({ code: '22012' });
    await expect(executeSql('SELECT 41 + 1 AS answer')).resolves.toMatchObject({ rows: [{ answer: 42 }] });
  });
});
