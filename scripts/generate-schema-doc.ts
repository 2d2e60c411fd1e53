import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { wrapPGlite } from '../src/db/database';
import { migrateToLatest } from '../src/db/migrate';
import { renderSchemaDoc, SCHEMA_DOC_FILE, spliceSchemaDoc } from './schema-doc';

/** Migrates a throwaway in-memory database and rewrites the "Current schema" block of docs/database-schema.md. */
async function main(): Promise<void> {
  const database = wrapPGlite(await PGlite.create());
  try {
    await migrateToLatest(database.db);
    const block = await renderSchemaDoc(database.db);
    fs.writeFileSync(SCHEMA_DOC_FILE, spliceSchemaDoc(fs.readFileSync(SCHEMA_DOC_FILE, 'utf8'), block));
    console.log(`wrote the current schema into ${SCHEMA_DOC_FILE}`);
  } finally {
    await database.destroy();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
