import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { wrapPGlite } from '../src/db/database';
import { migrateToLatest } from '../src/db/migrate';
import { DB_TYPES_FILE, renderDbTypes } from './db-types';

/** Migrates a throwaway in-memory database and writes its Kysely types to src/db/db.generated.ts. */
async function main(): Promise<void> {
  const database = wrapPGlite(await PGlite.create());
  try {
    await migrateToLatest(database.db);
    fs.writeFileSync(DB_TYPES_FILE, await renderDbTypes(database.db));
    console.log(`wrote ${DB_TYPES_FILE}`);
  } finally {
    await database.destroy();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
