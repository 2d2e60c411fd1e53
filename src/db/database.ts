import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { CamelCasePlugin, Kysely, PostgresDialect, type LogEvent } from 'kysely';
import { Pool } from 'pg';
import type { DatabaseConfig } from '../config';
import { withQuerySpans } from '../observability/query-spans';
import type { DB } from './db.generated';
import { BeginWithBindingDialect } from './begin-with-binding-dialect';
import { PGliteDialect } from './pglite-dialect';
import { PreparingClient } from './preparing-client';

export interface Database {
  readonly kind: DatabaseConfig['kind'];
  readonly db: Kysely<DB>;
  /** The pg pool behind `db`, when there is one (for pool metrics and readiness). */
  readonly pool: Pool | null;
  destroy(): Promise<void>;
}

type LogHook = (event: LogEvent) => void;

// jsonb content (metadata, contact_info, config_data) is tenant data: its keys stay as written.
const plugins = [new CamelCasePlugin({ maintainNestedObjectKeys: true })];

/** Opens the database the config names: a pg pool, or embedded PGlite persisted under DATA_DIR. */
export async function createDatabase(config: DatabaseConfig, log?: LogHook): Promise<Database> {
  if (config.kind === 'postgres') {
    const pool = new Pool({
      ...(config.preparedStatements && { Client: PreparingClient }),
      connectionString: config.url,
      max: config.poolMax,
      idleTimeoutMillis: config.idleTimeoutMs,
      connectionTimeoutMillis: config.connectTimeoutMs,
      statement_timeout: config.statementTimeoutMs,
    });
    // A connection dying (server restart, failover, network cut) must fail its query, not crash the
    // process: pg emits 'error' on the client, idle or checked out, and an unheard 'error' is fatal.
    pool.on('error', () => undefined);
    pool.on('connect', (client) => client.on('error', () => undefined));
    const db = new Kysely<DB>({ dialect: new BeginWithBindingDialect(new PostgresDialect({ pool })), plugins, log: withQuerySpans(log) });
    return { kind: 'postgres', db, pool, destroy: () => db.destroy() };
  }
  if (config.dataDir) fs.mkdirSync(config.dataDir, { recursive: true });
  const pglite = await PGlite.create(config.dataDir ?? undefined);
  return wrapPGlite(pglite, log);
}

/** Wraps an already open PGlite instance (tests load a migrated template into one). */
export function wrapPGlite(pglite: PGlite, log?: LogHook): Database {
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite), plugins, log: withQuerySpans(log) });
  const destroy = async () => {
    await db.destroy();
    // Kysely skips its driver's destroy() when no query ever ran; PGlite must close regardless.
    if (!pglite.closed) await pglite.close();
  };
  return { kind: 'pglite', db, pool: null, destroy };
}
