import { runCli } from '../../src/cli/netia';
import { buildTenant } from '../factories/tenant.factory';
import { DeleteTenantDocument, TenantDocument } from '../graphql/generated';
import { ADMIN_TOKEN, addKey, createTestApp, errorCodes, userErrorCodes, type TestApp } from '../graphql/harness';
import { rowCounts, seedTenantData, tenantTables } from './privacy-fixtures';

describe('deleting a tenant', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => {
    await t.close();
  });

  /** Two tenants with a row in every tenant table each. */
  async function twoTenants() {
    const doomed = (await buildTenant(t.database.db, { name: 'Doomed' })).id;
    const kept = (await buildTenant(t.database.db)).id;
    await seedTenantData(t.database.db, doomed, 'doomed');
    await seedTenantData(t.database.db, kept, 'kept');
    const before = { doomed: await rowCounts(t.database.db, doomed), kept: await rowCounts(t.database.db, kept) };
    // The seed reaches every tenant table, so "zero afterwards" means something for each of them.
    for (const [table, count] of Object.entries(before.doomed)) expect([table, count > 0]).toEqual([table, true]);
    expect(Object.keys(before.doomed)).toHaveLength((await tenantTables(t.database.db)).length + 1);
    return { doomed, kept, before };
  }

  const zeroes = (counts: Record<string, number>) => Object.fromEntries(Object.keys(counts).map((table) => [table, 0]));

  it('removes every row of the tenant in every table through the admin deleteTenant mutation, and nothing else', async () => {
    const { doomed, kept, before } = await twoTenants();
    const { key } = await addKey(t.database, doomed);
    const result = await t.run(ADMIN_TOKEN, DeleteTenantDocument, { id: doomed });
    expect(result.errors).toBeUndefined();
    expect(result.data!.deleteTenant).toEqual({ tenant: { id: doomed, name: 'Doomed' }, errors: [] });
    expect(await rowCounts(t.database.db, doomed)).toEqual(zeroes(before.doomed));
    expect(await rowCounts(t.database.db, kept)).toEqual(before.kept);
    // Its keys stop working at once.
    expect((await t.run(key, TenantDocument)).status).toBe(401);
    expect(userErrorCodes((await t.run(ADMIN_TOKEN, DeleteTenantDocument, { id: doomed })).data?.deleteTenant)).toEqual(['NOT_FOUND']);
  });

  it('is for the platform admin only', async () => {
    const { doomed, before } = await twoTenants();
    const { key } = await addKey(t.database, doomed, ['tenant:write', 'api_keys:write']);
    expect(errorCodes(await t.run(key, DeleteTenantDocument, { id: doomed }))).toEqual(['FORBIDDEN']);
    expect(await rowCounts(t.database.db, doomed)).toEqual({ ...before.doomed, api_keys: before.doomed.api_keys! + 1 });
  });

  it('`netia tenant delete ID --yes` deletes the same way; without --yes nothing happens', async () => {
    const { doomed, kept, before } = await twoTenants();
    const out: string[] = [];
    const err: string[] = [];
    jest.spyOn(console, 'log').mockImplementation((line: unknown) => void out.push(String(line)));
    jest.spyOn(console, 'error').mockImplementation((line: unknown) => void err.push(String(line)));

    expect(await runCli(['tenant', 'delete', doomed], {}, t.database)).toBe(2);
    expect(err[0]).toContain('add --yes');
    expect(await rowCounts(t.database.db, doomed)).toEqual(before.doomed);

    expect(await runCli(['tenant', 'delete', doomed, '--yes'], {}, t.database)).toBe(0);
    expect(JSON.parse(out.join('\n'))).toEqual({ deleted: doomed, name: 'Doomed' });
    expect(await rowCounts(t.database.db, doomed)).toEqual(zeroes(before.doomed));
    expect(await rowCounts(t.database.db, kept)).toEqual(before.kept);

    expect(await runCli(['tenant', 'delete', doomed, '--yes'], {}, t.database)).toBe(4);
    expect(err[err.length - 1]).toBe('netia tenant delete: Tenant not found');
  });
});
