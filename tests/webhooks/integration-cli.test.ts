import { randomBytes } from 'node:crypto';
import { runCli } from '../../src/cli/netia';
import { loadConfig } from '../../src/config';
import { withTenantTransaction } from '../../src/db/tenant-transaction';
import { findIntegration, IntegrationConfigError } from '../../src/modules/integrations/integration.service';
import { buildTenant } from '../factories/tenant.factory';
import { createTestDatabase, type TestDatabase } from '../setup/database';

let database: TestDatabase;
const env = { NETIA_ENCRYPTION_KEY: randomBytes(32).toString('hex') };
const config = loadConfig(env);
let out: string[];
let err: string[];

beforeAll(async () => {
  database = await createTestDatabase();
});
beforeEach(() => {
  out = [];
  err = [];
  jest.spyOn(console, 'log').mockImplementation((line: unknown) => void out.push(String(line)));
  jest.spyOn(console, 'error').mockImplementation((line: unknown) => void err.push(String(line)));
});
afterEach(() => jest.restoreAllMocks());
afterAll(() => database.destroy());

const cli = (argv: string[], environment: NodeJS.ProcessEnv = env) => runCli(argv, environment, database);

describe('npx netia integration', () => {
  it('set-tidio maps the project and stores the secrets encrypted, printing no secret', async () => {
    const tenant = await buildTenant(database.db);
    const status = await cli([
      'integration', 'set-tidio', '--tenant', tenant.id, '--project-key', 'pk_cli_project', '--webhook-secret', 'whsec-plaintext',
      '--client-id', 'ci_plain', '--client-secret', 'cs_plaintext', '--operator-id', 'op-1',
    ]);
    expect([status, err]).toEqual([0, []]);
    expect(JSON.parse(out.join('\n'))).toEqual({
      tenantId: tenant.id,
      integration: 'tidio',
      projectKeySet: true,
      secretsSet: ['webhookSecret', 'clientId', 'clientSecret', 'operatorId'],
    });
    expect(out.join('\n')).not.toMatch(/plaintext|ci_plain/);
    const row = await database.db.selectFrom('tenants').select('tidioWebsiteId').where('id', '=', tenant.id).executeTakeFirstOrThrow();
    expect(row.tidioWebsiteId).toBe('pk_cli_project');
    const stored = await database.db
      .selectFrom('tenantConfigurations')
      .select('configData')
      .where('tenantId', '=', tenant.id)
      .where('configType', '=', 'tidio')
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(stored.configData)).not.toMatch(/plaintext|ci_plain|op-1/);

    expect(await cli(['integration', 'set-tidio', '--tenant', tenant.id, '--flow-token', 'flow-token-0123456789'])).toBe(0);
    const settings = await withTenantTransaction(database.db, tenant.id, (tx) => findIntegration(tx, config.encryptionKey, tenant.id, 'tidio'));
    expect(settings).toEqual({
      webhookSecret: 'whsec-plaintext',
      clientId: 'ci_plain',
      clientSecret: 'cs_plaintext',
      operatorId: 'op-1',
      flowToken: 'flow-token-0123456789',
    });
    const other = loadConfig({ NETIA_ENCRYPTION_KEY: randomBytes(32).toString('hex') });
    await expect(
      withTenantTransaction(database.db, tenant.id, (tx) => findIntegration(tx, other.encryptionKey, tenant.id, 'tidio')),
    ).rejects.toThrow();
    await expect(
      withTenantTransaction(database.db, tenant.id, (tx) => findIntegration(tx, null, tenant.id, 'tidio')),
    ).rejects.toThrow(IntegrationConfigError);
  });

  it('set-crisp maps the website and stores its hook key', async () => {
    const tenant = await buildTenant(database.db);
    expect(await cli(['integration', 'set-crisp', '--tenant', tenant.id, '--website-id', 'w-123', '--hook-key', 'hook-key-0123456789'])).toBe(0);
    expect(JSON.parse(out.join('\n'))).toEqual({ tenantId: tenant.id, integration: 'crisp', websiteIdSet: true, secretsSet: ['websiteHookKey'] });
    const row = await database.db.selectFrom('tenants').select('crispWebsiteId').where('id', '=', tenant.id).executeTakeFirstOrThrow();
    expect(row.crispWebsiteId).toBe('w-123');
  });

  it.each([
    [['set-crisp', '--tenant', 'nope'], 2, 'netia integration set-crisp: --tenant must be a tenant id (UUID), not "nope" (see netia integration set-crisp --help)'],
    [['set-slack', '--tenant', '00000000-0000-4000-8000-000000000000'], 2, 'netia: unknown command "integration set-slack" (netia --help lists the commands)'],
    [['set-crisp', '--tenant', '00000000-0000-4000-8000-000000000000', '--website-id', 'x'], 4, 'netia integration set-crisp: Tenant not found'],
    [
      ['set-crisp', '--tenant', '00000000-0000-4000-8000-000000000000', '--hook-key', 'short'],
      2,
      'netia integration set-crisp: --hook-key: Too small: expected string to have >=16 characters (see netia integration set-crisp --help)',
    ],
  ])('integration %j exits %d with one line', async (argv, status, line) => {
    expect(await cli(['integration', ...argv])).toBe(status);
    expect(err).toEqual([line]);
  });

  it('refuses to store secrets when the server has no NETIA_ENCRYPTION_KEY, in one line', async () => {
    const tenant = await buildTenant(database.db);
    expect(await cli(['integration', 'set-crisp', '--tenant', tenant.id, '--hook-key', 'hook-key-0123456789'], {})).toBe(8);
    expect(err).toEqual(['netia integration set-crisp: NETIA_ENCRYPTION_KEY is not set on the server: integration secrets cannot be stored']);
    // The public id alone needs no key.
    expect(await cli(['integration', 'set-crisp', '--tenant', tenant.id, '--website-id', 'w-456'], {})).toBe(0);
  });
});
