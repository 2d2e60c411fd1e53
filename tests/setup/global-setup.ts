import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Client } from 'pg';
import { createDatabase, wrapPGlite } from '../../src/db/database';
import { migrateToLatest } from '../../src/db/migrate';
import { pgliteTemplatePath, randomName, TEMPLATE_ENV, withDatabaseName } from './template';

/**
 * Migrates one template database per jest run. With TEST_DATABASE_URL it is a PostgreSQL database
 * that every test file clones (CREATE DATABASE … TEMPLATE); without it, a PGlite data directory
 * dumped to a tarball that every test file loads.
 */
export default async function globalSetup(): Promise<void> {
  // The suite connects as the PostgreSQL superuser (root here, as in CI): servers it starts need the
  // documented override. Tests of the refusal itself unset it (tests/server/database-roles.test.ts).
  process.env.NETIA_ALLOW_SUPERUSER ??= 'true';
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const name = randomName('netia_template');
    const admin = new Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const database = await createDatabase({
      kind: 'postgres',
      url: withDatabaseName(url, name),
      poolMax: 1,
      idleTimeoutMs: 1000,
      connectTimeoutMs: 5000,
      statementTimeoutMs: 60000,
      preparedStatements: true,
    });
    await migrateToLatest(database.db);
    await database.destroy();
    process.env[TEMPLATE_ENV] = name;
    return;
  }
  const pglite = await PGlite.create();
  const database = wrapPGlite(pglite);
  await migrateToLatest(database.db);
  const dump = await pglite.dumpDataDir('none');
  fs.writeFileSync(pgliteTemplatePath(), Buffer.from(await dump.arrayBuffer()));
  await database.destroy();
  process.env[TEMPLATE_ENV] = pgliteTemplatePath();
}
