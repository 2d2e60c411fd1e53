import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { LogEvent } from 'kysely';
import { Client } from 'pg';
import type { Kysely } from 'kysely';
import { createDatabase, wrapPGlite, type Database } from '../../src/db/database';
import type { DB } from '../../src/db/db.generated';
import { randomName, TEMPLATE_ENV, withDatabaseName } from './template';

export interface TestDatabase extends Database {
  /** The owner connection's URL (PostgreSQL only): what migrations and factories use. */
  readonly url: string | null;
}

/**
 * A fresh, migrated database for one test file: a clone of the run's template. The connection is
 * the owner role; code under test binds netia_app itself through withTenantTransaction().
 */
export async function createTestDatabase(options: { log?: (event: LogEvent) => void } = {}): Promise<TestDatabase> {
  const template = process.env[TEMPLATE_ENV];
  if (!template) throw new Error('The integration globalSetup did not run');
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const pglite = await PGlite.create({ loadDataDir: new Blob([fs.readFileSync(template)]) });
    return { ...wrapPGlite(pglite, options.log), url: null };
  }
  const name = randomName('netia_test');
  await withAdminClient(url, async (admin) => {
    // Two files cloning the same template at the same instant can collide; a retry settles it.
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.query(`create database ${name} template ${template}`);
        return;
      } catch (error) {
        if (attempt >= 10) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  });
  const dbUrl = withDatabaseName(url, name);
  const database = await createDatabase({
    kind: 'postgres',
    url: dbUrl,
    poolMax: 10,
    idleTimeoutMs: 1000,
    connectTimeoutMs: 5000,
    statementTimeoutMs: 30000,
    preparedStatements: true,
  }, options.log);
  return {
    ...database,
    url: dbUrl,
    async destroy() {
      await database.destroy();
      await withAdminClient(url, (admin) => admin.query(`drop database if exists ${name} with (force)`));
    },
  };
}

async function withAdminClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Gives this test file a fresh database: registers beforeAll/afterAll and returns a handle whose
 * `db` and `database` are readable inside tests and hooks.
 */
export function useTestDatabase(): { readonly db: Kysely<DB>; readonly database: TestDatabase } {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database?.destroy());
  const current = () => {
    if (!database) throw new Error('useTestDatabase(): the database exists only inside tests and hooks');
    return database;
  };
  return {
    get db() {
      return current().db;
    },
    get database() {
      return current();
    },
  };
}
