import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql, type Kysely } from 'kysely';
import { ConfigError } from '../../src/config';
import { wrapPGlite } from '../../src/db/database';
import type { DB } from '../../src/db/db.generated';
import { jsonb } from '../../src/db/json';
import { checkConfigAgainstDatabase } from '../../src/db/startup-checks';
import { withAdminTransaction, withTenantTransaction } from '../../src/db/tenant-transaction';
import { updateIntegration } from '../../src/modules/integrations/integration.service';
import { buildConfiguration } from '../factories/knowledge-base.factory';
import { buildTenant } from '../factories/tenant.factory';
import { createTestDatabase, type TestDatabase } from '../setup/database';
import { TEMPLATE_ENV } from '../setup/template';
import { startServerProcess, type ServerProcess } from '../support/server-process';

jest.setTimeout(300_000);

async function storeTidioSecret(db: Kysely<DB>): Promise<string> {
  const tenant = await buildTenant(db);
  await withTenantTransaction(db, tenant.id, (tx) =>
    updateIntegration(tx, randomBytes(32), tenant.id, 'tidio', { clientId: 'client', clientSecret: 'tidio-secret-value' }),
  );
  return tenant.id;
}

describe(checkConfigAgainstDatabase.name, () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.destroy();
  });

  it('passes without a key while no tenant stores integration secrets (other configurations do not count)', async () => {
    await buildConfiguration(database.db, { configType: 'assistant', configData: jsonb({ botName: 'Bot' }) });
    await expect(checkConfigAgainstDatabase(database.db, { encryptionKey: null })).resolves.toBeUndefined();
  });

  it('refuses, naming NETIA_ENCRYPTION_KEY, once a tenant stores Tidio credentials; passes with a key', async () => {
    await storeTidioSecret(database.db);
    const refused = checkConfigAgainstDatabase(database.db, { encryptionKey: null });
    await expect(refused).rejects.toBeInstanceOf(ConfigError);
    await expect(refused).rejects.toThrow(/NETIA_ENCRYPTION_KEY: is required, because tenants have Crisp\/Tidio integration secrets/);
    await expect(checkConfigAgainstDatabase(database.db, { encryptionKey: randomBytes(32) })).resolves.toBeUndefined();
  });

  it('answers a yes/no only: the definer role cannot read the sealed data, and other roles cannot call it', async () => {
    const asDefiner = await database.db
      .transaction()
      .execute(async (trx) => {
        await sql`select set_config('role', 'netia_definer', true)`.execute(trx);
        return sql`select config_data from tenant_configurations`.execute(trx);
      })
      .then(
        () => undefined,
        (error: { code?: string }) => error.code,
      );
    expect(asDefiner).toBe('42501');
    const asAdmin = await withAdminTransaction(database.db, (tx) => sql`select app.integration_secrets_exist()`.execute(tx)).then(
      () => undefined,
      (error: { code?: string }) => error.code,
    );
    expect(asAdmin).toBe('42501');
  });
});

describe('npm start with stored integration secrets and no NETIA_ENCRYPTION_KEY', () => {
  let pgDatabase: TestDatabase | null = null;
  let dataDir: string | null = null;
  let server: ServerProcess | undefined;

  afterAll(async () => {
    await server?.stop('SIGKILL');
    await pgDatabase?.destroy();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses to start with a message naming the variable, and starts with the key', async () => {
    let env: Record<string, string>;
    if (process.env.TEST_DATABASE_URL) {
      pgDatabase = await createTestDatabase();
      await storeTidioSecret(pgDatabase.db);
      env = { DATABASE_URL: pgDatabase.url! };
    } else {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'netia-guard-'));
      const template = new Blob([fs.readFileSync(process.env[TEMPLATE_ENV]!)]);
      const database = wrapPGlite(await PGlite.create(dataDir, { loadDataDir: template }));
      await storeTidioSecret(database.db);
      await database.destroy();
      env = { DATA_DIR: dataDir };
    }
    await expect(startServerProcess(env)).rejects.toThrow(/NETIA_ENCRYPTION_KEY: is required/);
    server = await startServerProcess({ ...env, NETIA_ENCRYPTION_KEY: randomBytes(32).toString('hex') });
    expect(await server.stop('SIGTERM')).toBe(0);
  });
});
