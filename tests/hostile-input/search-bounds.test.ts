import { sql } from 'kysely';
import { withTenantTransaction } from '../../src/db/tenant-transaction';
import {
  SEARCH_MAX_CONCURRENT,
  SEARCH_MAX_CONCURRENT_PER_TENANT,
  SEARCH_STATEMENT_TIMEOUT_MS,
  withSearchTimeout,
} from '../../src/modules/conversations/conversation-search';
import { buildTenant } from '../factories/tenant.factory';
import { useTestDatabase } from '../setup/database';

/**
 * Issue 12, cause 9: a search statement runs under its own timeout (2 s), far below the pool-wide
 * STATEMENT_TIMEOUT_MS, inside the tenant transaction (the rest of the request keeps the pool's), and
 * only a few run at once, so searches can never hold the whole pool.
 */

// Hooks build an app on a fresh database: on a busy 2-core machine that takes longer than jest's 5 s default.
jest.setTimeout(60_000);

const testDb = useTestDatabase();
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

const timeout = async (tx: Parameters<Parameters<typeof withTenantTransaction>[2]>[0]) =>
  (await sql<{ statementTimeout: string }>`show statement_timeout`.execute(tx)).rows[0]!.statementTimeout;

describe('the search statement timeout', () => {
  it('is set for the search statement only', async () => {
    const tenant = await buildTenant(testDb.db);
    const seen = await withTenantTransaction(testDb.db, tenant.id, async (tx) => {
      const before = await timeout(tx);
      const during = await withSearchTimeout(tx, { words: ['x'], tenantId: tenant.id }, () => timeout(tx));
      return { before, during, after: await timeout(tx) };
    });
    expect(seen.during).toBe(`${SEARCH_STATEMENT_TIMEOUT_MS / 1000}s`);
    expect(seen.after).toBe(seen.before);
  });

  (onPostgres ? it : it.skip)('cuts a slow search off with BAD_USER_INPUT and leaves the transaction usable (PostgreSQL)', async () => {
    const tenant = await buildTenant(testDb.db);
    const startedAt = Date.now();
    const outcome = await withTenantTransaction(testDb.db, tenant.id, async (tx) => {
      const error = await withSearchTimeout(tx, { words: ['x'], tenantId: tenant.id }, () => sql`select pg_sleep(10)`.execute(tx)).catch((caught: unknown) => caught);
      const still = await sql<{ one: number }>`select 1 as one`.execute(tx);
      return { error, one: still.rows[0]!.one, after: await timeout(tx) };
    });
    expect(Date.now() - startedAt).toBeLessThan(8_000);
    expect(outcome.error).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'filter.search' } });
    expect(outcome.one).toBe(1);
    expect(outcome.after).not.toBe(`${SEARCH_STATEMENT_TIMEOUT_MS / 1000}s`);
  });
});

describe('the search slots', () => {
  it('refuse a search beyond the per-tenant and per-process limits at once (RATE_LIMITED), and free them afterwards', async () => {
    expect([SEARCH_MAX_CONCURRENT_PER_TENANT, SEARCH_MAX_CONCURRENT]).toEqual([2, 4]);
    const [a, b, c] = await Promise.all([buildTenant(testDb.db), buildTenant(testDb.db), buildTenant(testDb.db)]);
    const outcome = await withTenantTransaction(testDb.db, a!.id, async (tx) => {
      let open!: () => void;
      const gate = new Promise<void>((resolve) => (open = resolve));
      const search = (tenantId: string) => withSearchTimeout(tx, { words: ['x'], tenantId }, () => gate).then(() => 'ran', (error: { extensions?: { code?: string } }) => error.extensions?.code);
      const running = [search(a!.id), search(a!.id)];
      const thirdOfA = await search(a!.id);
      running.push(search(b!.id), search(b!.id));
      const firstOfC = await search(c!.id);
      open();
      return { thirdOfA, firstOfC, running: await Promise.all(running), afterwards: await withSearchTimeout(tx, { words: ['x'], tenantId: c!.id }, async () => 'ran') };
    });
    expect(outcome).toEqual({ thirdOfA: 'RATE_LIMITED', firstOfC: 'RATE_LIMITED', running: ['ran', 'ran', 'ran', 'ran'], afterwards: 'ran' });
  });
});
