import { DEFERRED_COMMIT } from '../../src/db/write-together';
import { TenantDocument, UpdateTenantDocument } from './generated';
import { createTestApp, succeeded, tenantWithKey, type TestApp } from './harness';

/**
 * Issue #14: a query runs in a READ ONLY tenant transaction, whose COMMIT (on PostgreSQL) travels with
 * the connection's next query instead of costing a round trip of its own; a mutation runs in a
 * read-write one, committed before its answer. Statements as Kysely sends them.
 */
describe('the transaction of a query, and of a mutation', () => {
  let t: TestApp;
  let recording: string[] | null = null;
  const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

  beforeAll(async () => {
    t = await createTestApp({
      log: (event) => {
        if (event.level === 'query') recording?.push(event.query.sql.trim());
      },
    });
  });
  afterAll(() => t.close());

  async function statementsOf<T>(run: () => Promise<T>): Promise<{ result: T; sent: string[] }> {
    recording = [];
    const result = await run();
    const sent = recording.filter((text) => !text.includes('app.find_api_key'));
    recording = null;
    return { result, sent };
  }

  // On PostgreSQL BEGIN travels with the binding (begin-with-binding-dialect.ts) and is not logged;
  // there the held-back COMMIT, sent for READ ONLY transactions only, is what shows a query's was one.
  it('reads in a READ ONLY transaction whose COMMIT is held back for the next query', async () => {
    const { key, tenantId } = await tenantWithKey(t.database);
    await t.run(key, TenantDocument); // the key's first use is recorded in a transaction of its own
    const { result, sent } = await statementsOf(() => t.run(key, TenantDocument));
    expect(result.data?.tenant?.id).toBe(tenantId);
    if (onPostgres) expect(sent).toEqual([expect.stringMatching(/^\/\* binding \*\/ select set_config/), expect.stringContaining('from "tenants"'), DEFERRED_COMMIT]);
    else expect(sent).toEqual(['begin read only', expect.stringMatching(/^\/\* binding \*\/ select set_config/), expect.stringContaining('from "tenants"'), 'commit']);
  });

  it('writes in a read-write transaction committed before the answer, which the next read sees', async () => {
    const { key } = await tenantWithKey(t.database);
    await t.run(key, TenantDocument);
    const { result, sent } = await statementsOf(() => t.run(key, UpdateTenantDocument, { input: { name: 'Renamed' } }));
    expect(succeeded(result.data?.updateTenant).tenant.name).toBe('Renamed');
    expect(sent[0]).toMatch(onPostgres ? /^\/\* binding \*\/ select set_config/ : /^begin$/);
    expect(sent.at(-1)).toBe('commit');
    const read = await t.run(key, TenantDocument);
    expect(read.data?.tenant?.name).toBe('Renamed');
  });
});
