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

export interface Database {
  readonly kind: DatabaseConfig['kind'];
  readonly db: Kysely<DB>;
  /** The pg pool behind `db`, when there is one (for pool metrics and readiness). */
  readonly pool: Pool | null;
  /**
   * Live events' reads and connection checks (src/live): on PostgreSQL a small pool of its own, so a burst
   * of payload reads never queues webhooks and API requests behind it, nor they the reads; embedded, `db`.
   */
  readonly liveDb: Kysely<DB>;
  /** PostgreSQL: the connection string, for connections of their own (the live events' LISTEN). */
  readonly url: string | null;
  /** Embedded: the PGlite instance (its in-process LISTEN). */
  readonly pglite: PGlite | null;
  destroy(): Promise<void>;
}

/** A pg Pool connects lazily: a process that serves no subscriptions never opens these. */
const DEFAULT_LIVE_POOL_MAX = 4;

type LogHook = (event: LogEvent) => void;

// jsonb content (metadata, contact_info, config_data) is tenant data: its keys stay as written.
const plugins = [new CamelCasePlugin({ maintainNestedObjectKeys: true })];

/** Opens the database the config names: a pg pool, or embedded PGlite persisted under DATA_DIR. */
export async function createDatabase(config: DatabaseConfig, log?: LogHook): Promise<Database> {
  if (config.kind === 'postgres') {
    const pool = openPool(config, config.poolMax);
    const livePool = openPool(config, config.livePoolMax ?? DEFAULT_LIVE_POOL_MAX);
    const db = new Kysely<DB>({ dialect: new BeginWithBindingDialect(new PostgresDialect({ pool })), plugins, log: withQuerySpans(log) });
    const liveDb = new Kysely<DB>({ dialect: new BeginWithBindingDialect(new PostgresDialect({ pool: livePool })), plugins, log: withQuerySpans(log) });
    const destroy = async () => {
      await Promise.all([db.destroy(), liveDb.destroy()]);
    };
    return { kind: 'postgres', db, pool, liveDb, url: config.url, pglite: null, destroy };
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

function openPool(config: Extract<DatabaseConfig, { kind: 'postgres' }>, max: number): Pool {
  const pool = new Pool({
    ...(config.preparedStatements && { Client: PreparingClient }),
    connectionString: config.url,
    max,
    idleTimeoutMillis: config.idleTimeoutMs,
    connectionTimeoutMillis: config.connectTimeoutMs,
    statement_timeout: config.statementTimeoutMs,
  });
  // A connection dying (server restart, failover, network cut) must fail its query, not crash the
  // process: pg emits 'error' on the client, idle or checked out, and an unheard 'error' is fatal.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
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
  return { kind: 'pglite', db, pool: null, liveDb: db, url: null, pglite, destroy };
}
