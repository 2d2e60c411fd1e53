import { sql } from 'kysely';
import { withTenantTransaction } from '../../src/db/tenant-transaction';
import { SEARCH_STATEMENT_TIMEOUT_MS, withSearchTimeout } from '../../src/modules/conversations/conversation-search';
import { buildTenant } from '../factories/tenant.factory';
import { useTestDatabase } from '../setup/database';

/**
 * Issue 12, cause 9: a search statement runs under its own timeout (2 s), far below the pool-wide
 * STATEMENT_TIMEOUT_MS, inside the tenant transaction; the rest of the request keeps the pool's.
 */

const testDb = useTestDatabase();
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

const timeout = async (tx: Parameters<Parameters<typeof withTenantTransaction>[2]>[0]) =>
  (await sql<{ statementTimeout: string }>`show statement_timeout`.execute(tx)).rows[0]!.statementTimeout;

describe('the search statement timeout', () => {
  it('is set for the search statement only', async () => {
    const tenant = await buildTenant(testDb.db);
    const seen = await withTenantTransaction(testDb.db, tenant.id, async (tx) => {
      const before = await timeout(tx);
      const during = await withSearchTimeout(tx, () => timeout(tx));
      return { before, during, after: await timeout(tx) };
    });
    expect(seen.during).toBe(`${SEARCH_STATEMENT_TIMEOUT_MS / 1000}s`);
    expect(seen.after).toBe(seen.before);
  });

  (onPostgres ? it : it.skip)('cuts a slow search off with BAD_USER_INPUT and leaves the transaction usable (PostgreSQL)', async () => {
    const tenant = await buildTenant(testDb.db);
    const startedAt = Date.now();
    const outcome = await withTenantTransaction(testDb.db, tenant.id, async (tx) => {
      const error = await withSearchTimeout(tx, () => sql`select pg_sleep(10)`.execute(tx)).catch((caught: unknown) => caught);
      const still = await sql<{ one: number }>`select 1 as one`.execute(tx);
      return { error, one: still.rows[0]!.one, after: await timeout(tx) };
    });
    expect(Date.now() - startedAt).toBeLessThan(8_000);
    expect(outcome.error).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'filter.search' } });
    expect(outcome.one).toBe(1);
    expect(outcome.after).not.toBe(`${SEARCH_STATEMENT_TIMEOUT_MS / 1000}s`);
  });
});
