import { sql } from 'kysely';
import { Client } from 'pg';
import { ConfigError } from '../../src/config';
import { createDatabase } from '../../src/db/database';
import { checkDatabaseRoles } from '../../src/db/startup-checks';
import { createTestDatabase } from '../setup/database';
import { randomName, withDatabaseName } from '../setup/template';
import { startServerProcess, type ServerProcess } from '../support/server-process';

/**
 * Issue 12: the server refuses a database login that is a superuser or bypasses row-level security
 * (NETIA_ALLOW_SUPERUSER=true lets tests and local development start anyway), and runs as the
 * documented non-superuser owner role. The PostgreSQL cases need TEST_DATABASE_URL: embedded PGlite
 * has one built-in superuser session and cannot log in as another role.
 */

jest.setTimeout(180_000);

const url = process.env.TEST_DATABASE_URL;
const onPostgres = url ? describe : describe.skip;
const ADMIN_TOKEN = 'owner-role-admin-token-0123456789abcdef';
const silent = { warn: () => undefined };

async function asSuperuser<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function loginAs(role: string, database: string): string {
  const parsed = new URL(withDatabaseName(url!, database));
  parsed.username = role;
  parsed.password = '';
  return parsed.toString();
}

onPostgres('a non-superuser owner role, as the README creates it', () => {
  const owner = randomName('netia_owner');
  const superRole = randomName('netia_super');
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    await asSuperuser(async (client) => {
      await client.query(`create role ${owner} login nosuperuser nobypassrls createrole`);
      await client.query(`create database ${owner} owner ${owner}`);
    });
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
    await asSuperuser(async (client) => {
      await client.query(`drop database if exists ${owner} with (force)`);
      await client.query(`drop role if exists ${owner}`);
      await client.query(`drop role if exists ${superRole}`);
    });
  });

  it('migrates a fresh database, starts without the override, and serves a tenant created through the admin API', async () => {
    server = await startServerProcess({ DATABASE_URL: loginAs(owner, owner), NETIA_ALLOW_SUPERUSER: '', NETIA_ADMIN_TOKEN: ADMIN_TOKEN });
    expect(server.output()).toContain('database migrated');
    expect(server.output()).not.toContain('NETIA_ALLOW_SUPERUSER');
    const post = async (credential: string, query: string) => {
      const response = await fetch(`${server!.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}` },
        body: JSON.stringify({ query }),
      });
      return (await response.json()) as { data?: Record<string, any>; errors?: unknown };
    };
    const created = await post(ADMIN_TOKEN, 'mutation { createTenant(input: { name: "Owner Role Shop", email: "owner-role@example.com" }) { plaintextKey } }');
    expect(created.errors).toBeUndefined();
    const tenant = await post(created.data!.createTenant.plaintextKey, '{ tenant { name } conversations { totalCount } }');
    expect(tenant).toEqual({ data: { tenant: { name: 'Owner Role Shop' }, conversations: { totalCount: 0 } } });
    expect(await server.stop('SIGTERM')).toBe(0);
  });

  it('is refused once it can become a superuser (a member of a superuser role); the override only warns', async () => {
    await asSuperuser(async (client) => {
      await client.query(`create role ${superRole} nologin superuser`);
      await client.query(`grant ${superRole} to ${owner}`);
    });
    const database = await createDatabase({
      kind: 'postgres',
      url: loginAs(owner, owner),
      poolMax: 1,
      idleTimeoutMs: 1000,
      connectTimeoutMs: 5000,
      statementTimeoutMs: 10_000,
      preparedStatements: false,
    });
    try {
      const refused = checkDatabaseRoles(database, { allowSuperuser: false }, silent);
      await expect(refused).rejects.toBeInstanceOf(ConfigError);
      await expect(refused).rejects.toThrow(new RegExp(`the database login ${owner} is or can become ${superRole} \\(SUPERUSER\\)`));
      const warnings: string[] = [];
      await checkDatabaseRoles(database, { allowSuperuser: true }, { warn: (_details: object, message: string) => void warnings.push(message) });
      expect(warnings).toEqual([expect.stringContaining('starting anyway because NETIA_ALLOW_SUPERUSER=true')]);
    } finally {
      await database.destroy();
    }
  });
});

onPostgres('a superuser login', () => {
  it('is refused at start, naming the override; with NETIA_ALLOW_SUPERUSER=true it starts with a warning', async () => {
    const database = await createTestDatabase();
    let server: ServerProcess | undefined;
    try {
      await expect(startServerProcess({ DATABASE_URL: database.url!, NETIA_ALLOW_SUPERUSER: '' }, 60_000)).rejects.toThrow(
        /Refusing to start: the database login \w+ is or can become .*SUPERUSER.*NETIA_ALLOW_SUPERUSER=true/s,
      );
      server = await startServerProcess({ DATABASE_URL: database.url!, NETIA_ALLOW_SUPERUSER: 'true' });
      expect(server.output()).toContain('starting anyway because NETIA_ALLOW_SUPERUSER=true');
      expect(await server.stop('SIGTERM')).toBe(0);
    } finally {
      await server?.stop('SIGKILL');
      await database.destroy();
    }
  });
});

describe('the roles requests run as', () => {
  // On PostgreSQL roles are cluster-wide: altering netia_app would affect every other test file.
  (url ? it.skip : it)('refuse to start when netia_app bypasses row-level security, whatever the override says (embedded database)', async () => {
    const database = await createTestDatabase();
    try {
      await expect(checkDatabaseRoles(database, { allowSuperuser: false }, silent)).resolves.toBeUndefined();
      await sql`alter role netia_app bypassrls`.execute(database.db);
      const refused = checkDatabaseRoles(database, { allowSuperuser: true }, silent);
      await expect(refused).rejects.toThrow(/Refusing to start: netia_app \(BYPASSRLS\) must be NOSUPERUSER NOBYPASSRLS/);
    } finally {
      await database.destroy();
    }
  });
});
