import fs from 'node:fs';
import path from 'node:path';
import { Migrator, type Kysely, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';

export const MIGRATIONS_DIR = path.resolve(__dirname, '../../migrations');

/**
 * Loads migrations/*.ts (or the compiled *.js) with require(). Kysely's FileMigrationProvider uses
 * native import(), which neither jest nor ts-node's CommonJS hook can resolve for .ts files.
 */
class RequireMigrationProvider implements MigrationProvider {
  constructor(private readonly dir: string) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const files = fs
      .readdirSync(this.dir)
      .filter((file) => /^\d{8}T\d{6}-[a-z0-9-]+\.(ts|js)$/.test(file) && !file.endsWith('.d.ts'));
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      migrations[file.replace(/\.(ts|js)$/, '')] = require(path.join(this.dir, file)) as Migration;
    }
    return migrations;
  }
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

function createMigrator(db: Kysely<any>): Migrator {
  return new Migrator({ db, provider: new RequireMigrationProvider(MIGRATIONS_DIR) });
}

function unwrap(resultSet: MigrationResultSet): string[] {
  if (resultSet.error) {
    const failed = resultSet.results?.find((result) => result.status === 'Error');
    const detail = resultSet.error instanceof Error ? resultSet.error.message : String(resultSet.error);
    throw new MigrationError(`Migration ${failed?.migrationName ?? ''} failed: ${detail}`);
  }
  return (resultSet.results ?? []).map((result) => result.migrationName);
}

/** Applies every pending migration; returns the names applied. Runs as the owner role. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  return unwrap(await createMigrator(db).migrateToLatest());
}

/** Reverts the most recent migration; returns its name. */
export async function migrateDown(db: Kysely<any>): Promise<string[]> {
  return unwrap(await createMigrator(db).migrateDown());
}
