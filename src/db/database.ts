import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { CamelCasePlugin, Kysely, PostgresDialect, type LogEvent } from 'kysely';
import { Pool } from 'pg';
import type { DatabaseConfig } from '../config';
import { withQuerySpans } from '../observability/query-spans';
import type { DB } from './db.generated';
import { BeginWithBindingDialect } from './begin-with-binding-dialect';
import { lockDataDir } from './data-dir-lock';
import { PGliteDialect } from './pglite-dialect';
import { PreparingClient } from './preparing-client';
import { WriteTogetherClient } from './write-together';

export interface Database {
  readonly kind: DatabaseConfig['kind'];
  readonly db: Kysely<DB>;
  /** The pg pool behind `db`, when there is one (for pool metrics and readiness). */
  readonly pool: Pool | null;
  /** PostgreSQL: the connection string, for connections of their own (the live events' LISTEN). */
  readonly url: string | null;
  /** Embedded: the PGlite instance (its in-process LISTEN). */
  readonly pglite: PGlite | null;
  destroy(): Promise<void>;
}

type LogHook = (event: LogEvent) => void;

// jsonb content (metadata, contact_info, config_data) is tenant data: its keys stay as written.
const plugins = [new CamelCasePlugin({ maintainNestedObjectKeys: true })];

/** Opens the database the config names: a pg pool, or embedded PGlite persisted under DATA_DIR. */
export async function createDatabase(config: DatabaseConfig, log?: LogHook): Promise<Database> {
  if (config.kind === 'postgres') {
    const pool = new Pool({
      Client: config.preparedStatements ? PreparingClient : WriteTogetherClient,
      // A query is written as soon as it is issued (begin-with-binding-dialect.ts sends BEGIN, the
      // tenant binding and the first statement together, in one write).
      pipeline: true,
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
    return { kind: 'postgres', db, pool, url: config.url, pglite: null, destroy: () => db.destroy() };
  }
  if (!config.dataDir) return wrapPGlite(await PGlite.create(), log);
  fs.mkdirSync(config.dataDir, { recursive: true });
  // Before opening: a second process on the same directory would silently lose data (data-dir-lock.ts).
  const lock = lockDataDir(config.dataDir);
  try {
    return wrapPGlite(await PGlite.create(config.dataDir), log, lock.release);
  } catch (error) {
    lock.release();
    throw error;
  }
}

/**
 * Wraps an already open PGlite instance (tests load a migrated template into one); `afterClose`
 * runs once PGlite has closed (releasing the data directory's lock).
 */
export function wrapPGlite(pglite: PGlite, log?: LogHook, afterClose: () => void = () => undefined): Database {
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite), plugins, log: withQuerySpans(log) });
  const destroy = async () => {
    try {
      await db.destroy();
      // Kysely skips its driver's destroy() when no query ever ran; PGlite must close regardless.
      if (!pglite.closed) await pglite.close();
    } finally {
      afterClose();
    }
  };
  return { kind: 'pglite', db, pool: null, url: null, pglite, destroy };
}
