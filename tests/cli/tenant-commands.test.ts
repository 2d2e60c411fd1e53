import { runCli } from '../../src/cli/netia';
import { AuditEventsDocument, CreateLeadDocument, LeadsDocument, TenantDocument } from '../graphql/generated';
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

  it('creates a tenant and prints its id and a working API key; the action is in its audit trail', async () => {
    expect(await cli('tenant', 'create', '--name', 'Fjord Bikes', '--email', 'hi@fjord.example', '--plan', 'pro')).toBe(0);
    const printed = JSON.parse(out.join('\n'));
    expect(printed).toMatchObject({ name: 'Fjord Bikes', plan: 'pro', tenantId: expect.any(String), apiKey: expect.stringMatching(/^ntk_/) });
    const result = await t.run(printed.apiKey, TenantDocument);
    expect(result.data?.tenant.id).toBe(printed.tenantId);
    const trail = await t.run(printed.apiKey, AuditEventsDocument, {});
    expect(trail.data?.auditEvents.edges.map((edge) => [edge.node.action, edge.node.actorType, edge.node.actorId])).toEqual([['createTenant', 'ADMIN', 'cli']]);
  });

  it('lists tenants', async () => {
    await cli('tenant', 'create', '--name', 'Listed', '--email', 'listed@example.com');
    out = [];
    expect(await cli('tenant', 'list')).toBe(0);
    expect(JSON.parse(out.join('\n'))).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Listed', status: 'trial', plan: 'basic' })]));
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

  it.each([
    [['tenant', 'create', '--name', 'No Email'], 2, 'netia tenant create: missing --email (see netia tenant create --help)'],
    [['tenant', 'create', '--name', 'Bad', '--email', 'bad@example.com', '--plan', 'gold'], 2, 'netia tenant create: --plan must be one of basic, pro, enterprise, not "gold" (see netia tenant create --help)'],
    [['tenant', 'create', '--name', 'Bad', '--email', 'not-an-email'], 3, 'netia tenant create: --email: Invalid email address'],
    [['key', 'create', '--tenant', 'nope'], 2, 'netia key create: --tenant must be a tenant id (UUID), not "nope" (see netia key create --help)'],
    [['key', 'create', '--tenant', '00000000-0000-4000-8000-000000000000'], 4, 'netia key create: Tenant not found'],
    [['key', 'create', '--tenant', '00000000-0000-4000-8000-000000000000', '--scopes', 'root'], 2, expect.stringContaining('--scopes: unknown scope root')],
    [['key', 'create', '--tenant', '00000000-0000-4000-8000-000000000000', '--scopes', ''], 2, expect.stringContaining('--scopes names no scope')],
    [['key', 'create', '--tenant', '00000000-0000-4000-8000-000000000000', '--scopes', ' , '], 2, expect.stringContaining('--scopes names no scope')],
    [['tenant', 'explode'], 2, 'netia: unknown command "tenant explode" (netia --help lists the commands)'],
    [['tenant', 'list', '--verbose'], 2, expect.stringContaining("Unknown option '--verbose'")],
  ])('%j exits %d with one line: %s', async (argv, status, line) => {
    expect(await cli(...argv)).toBe(status);
    expect(err).toEqual([line]);
    expect(out).toEqual([]);
  });

  it('duplicates are refused as a conflict naming the flag', async () => {
    await cli('tenant', 'create', '--name', 'First', '--email', 'taken@example.com');
    out = [];
    expect(await cli('tenant', 'create', '--name', 'Second', '--email', 'taken@example.com')).toBe(5);
    expect(err).toEqual(['netia tenant create: --email: is already used by another tenant']);
  });

  it('prints help for every command, and for all of them', async () => {
    expect(await cli('--help')).toBe(0);
    expect(out.join('\n')).toContain('tenant create');
    expect(out.join('\n')).toContain('integration set-tidio');
    out = [];
    expect(await cli('key', 'create', '--help')).toBe(0);
    expect(out.join('\n')).toMatch(/^usage: netia key create --tenant ID \[--scopes a:read,b:write\] \[--name N\]/);
    out = [];
    expect(await cli('help', 'tenant', 'delete')).toBe(0);
    expect(out.join('\n')).toContain('--yes');
    out = [];
    expect(await cli('tenant', '--help')).toBe(0);
    expect(out.join('\n')).toContain('tenant export');
    expect(err).toEqual([]);
  });
});
