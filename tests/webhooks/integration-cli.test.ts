import { randomBytes } from 'node:crypto';
import { runIntegrationCommand } from '../../src/cli/integration.command';
import { UsageError } from '../../src/cli/tenant-commands';
import { loadConfig } from '../../src/config';
import { withTenantTransaction } from '../../src/db/tenant-transaction';
import { findIntegration, IntegrationConfigError } from '../../src/modules/integrations/integration.service';
import { buildTenant } from '../factories/tenant.factory';
import { createTestDatabase, type TestDatabase } from '../setup/database';

let database: TestDatabase;
const config = loadConfig({ NETIA_ENCRYPTION_KEY: randomBytes(32).toString('hex') });

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.destroy());

describe('npx netia integration', () => {
  it('set-tidio maps the project and stores the secrets encrypted, printing no secret', async () => {
    const tenant = await buildTenant(database.db);
    const output = await runIntegrationCommand(database.db, config, [
      'set-tidio',
      '--tenant',
      tenant.id,
      '--project-key',
      'pk_cli_project',
      '--webhook-secret',
      'whsec-plaintext',
      '--client-id',
      'ci_plain',
      '--client-secret',
      'cs_plaintext',
      '--operator-id',
      'op-1',
    ]);
    expect(JSON.stringify(output)).not.toMatch(/plaintext|ci_plain/);
    const row = await database.db.selectFrom('tenants').select('tidioWebsiteId').where('id', '=', tenant.id).executeTakeFirstOrThrow();
    expect(row.tidioWebsiteId).toBe('pk_cli_project');
    const stored = await database.db
      .selectFrom('tenantConfigurations')
      .select('configData')
      .where('tenantId', '=', tenant.id)
      .where('configType', '=', 'tidio')
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(stored.configData)).not.toMatch(/plaintext|ci_plain|op-1/);

    await runIntegrationCommand(database.db, config, ['set-tidio', '--tenant', tenant.id, '--flow-token', 'flow-token-0123456789']);
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

  it('set-crisp maps the website; bad usage is a usage error', async () => {
    const tenant = await buildTenant(database.db);
    await runIntegrationCommand(database.db, config, ['set-crisp', '--tenant', tenant.id, '--website-id', 'w-123', '--hook-key', 'hook-key-0123456789']);
    const row = await database.db.selectFrom('tenants').select('crispWebsiteId').where('id', '=', tenant.id).executeTakeFirstOrThrow();
    expect(row.crispWebsiteId).toBe('w-123');
    await expect(runIntegrationCommand(database.db, config, ['set-crisp', '--tenant', 'nope'])).rejects.toThrow(UsageError);
    await expect(runIntegrationCommand(database.db, config, ['set-slack', '--tenant', tenant.id])).rejects.toThrow(UsageError);
    await expect(
      runIntegrationCommand(database.db, config, ['set-crisp', '--tenant', crypto.randomUUID(), '--website-id', 'x']),
    ).rejects.toThrow(UsageError);
  });
});
