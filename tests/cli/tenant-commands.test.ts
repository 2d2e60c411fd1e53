import { runCli } from '../../src/cli/netia';
import { TenantDocument, LeadsDocument, CreateLeadDocument } from '../graphql/generated';
import { createTestApp, errorCodes, type TestApp } from '../graphql/harness';

describe('netia CLI: tenants and keys', () => {
  let t: TestApp;
  let out: string[];
  let err: string[];

  beforeAll(async () => {
    t = await createTestApp();
  });
  beforeEach(() => {
    out = [];
    err = [];
    jest.spyOn(console, 'log').mockImplementation((line: unknown) => void out.push(String(line)));
    jest.spyOn(console, 'error').mockImplementation((line: unknown) => void err.push(String(line)));
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => {
    await t.close();
  });

  const cli = (...argv: string[]) => runCli(argv, {}, t.database);

  it('creates a tenant and prints its id and a working API key', async () => {
    expect(await cli('tenant', 'create', '--name', 'Fjord Bikes', '--email', 'hi@fjord.example', '--plan', 'pro')).toBe(0);
    const printed = JSON.parse(out.join('\n'));
    expect(printed).toMatchObject({ name: 'Fjord Bikes', plan: 'pro', tenantId: expect.any(String), apiKey: expect.stringMatching(/^ntk_/) });
    const result = await t.run(printed.apiKey, TenantDocument);
    expect(result.data?.tenant.id).toBe(printed.tenantId);
  });

  it('lists tenants', async () => {
    await cli('tenant', 'create', '--name', 'Listed', '--email', 'listed@example.com');
    out = [];
    expect(await cli('tenant', 'list')).toBe(0);
    expect(JSON.parse(out.join('\n'))).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Listed', status: 'trial' })]));
  });

  it('creates a key with chosen scopes for an existing tenant', async () => {
    await cli('tenant', 'create', '--name', 'Scoped', '--email', 'scoped@example.com');
    const { tenantId } = JSON.parse(out.join('\n'));
    out = [];
    expect(await cli('key', 'create', '--tenant', tenantId, '--scopes', 'leads:read')).toBe(0);
    const printed = JSON.parse(out.join('\n'));
    expect(printed.scopes).toEqual(['leads:read']);
    expect((await t.run(printed.apiKey, LeadsDocument, {})).errors).toBeUndefined();
    expect(errorCodes(await t.run(printed.apiKey, CreateLeadDocument, { input: { intent: 'x' } }))).toEqual(['FORBIDDEN']);
  });

  it('explains mistakes in one line with a non-zero status', async () => {
    expect(await cli('tenant', 'create', '--name', 'No Email')).toBe(2);
    expect(err[0]).toContain('missing --email');
    expect(await cli('tenant', 'create', '--name', 'Bad', '--email', 'bad@example.com', '--plan', 'gold')).toBe(1);
    expect(err[1]).toContain('input.plan');
    expect(await cli('key', 'create', '--tenant', 'nope')).toBe(2);
    expect(await cli('key', 'create', '--tenant', '00000000-0000-4000-8000-000000000000')).toBe(1);
    expect(err[err.length - 1]).toBe('Tenant not found');
    expect(await cli('key', 'create', '--tenant', '00000000-0000-4000-8000-000000000000', '--scopes', 'root')).toBe(2);
    expect(await cli('tenant', 'explode')).toBe(2);
    expect(out).toEqual([]);
  });
});
