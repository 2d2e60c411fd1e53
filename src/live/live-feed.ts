import { sql } from 'kysely';
import { Client } from 'pg';
import type { Database } from '../db/database';
import type { Logger } from '../lib/logger';
import { LIVE_CHANNEL, parseLiveEvent, type LiveEvent } from './live-event';

/** How often the LISTEN connection proves it is alive; a silent network cut is found within this (plus the query timeout). */
const HEARTBEAT_MS = 5_000;
const HEARTBEAT_TIMEOUT_MS = 3_000;
const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 5_000;

/** The database's live events, for this process. */
export interface LiveFeed {
  /** False while the LISTEN connection is down: events committed meanwhile are not heard. */
  readonly connected: boolean;
  onEvent(listener: (event: LiveEvent) => void): void;
  /** The stream broke (events may have been missed); called once per break, before reconnecting. */
  onInterrupted(listener: (reason: string) => void): void;
  close(): Promise<void>;
}

/** LISTENs on the database the server uses: a dedicated pg connection on PostgreSQL, PGlite's own session when embedded. */
export async function startLiveFeed(database: Database, logger: Logger): Promise<LiveFeed> {
  if (database.pglite) return startPgliteFeed(database);
  if (!database.url) throw new Error('live events need the database URL');
  return startPostgresFeed(database.url, logger);
}

function emitter() {
  const events: ((event: LiveEvent) => void)[] = [];
  const interruptions: ((reason: string) => void)[] = [];
  return {
    onEvent: (listener: (event: LiveEvent) => void) => void events.push(listener),
    onInterrupted: (listener: (reason: string) => void) => void interruptions.push(listener),
    event(payload: string | undefined, log?: Logger) {
      const event = parseLiveEvent(payload);
      if (!event) {
        log?.warn('unrecognised live event notification dropped');
        return;
      }
      for (const listener of events) listener(event);
    },
    interrupted(reason: string) {
      for (const listener of interruptions) listener(reason);
    },
  };
}

/**
 * Embedded: one PGlite session, which hears its own NOTIFYs at COMMIT. LISTEN goes through Kysely so it
 * waits for the dialect's mutex: issued inside another caller's open transaction, a rollback would undo it.
 */
async function startPgliteFeed(database: Database): Promise<LiveFeed> {
  const pglite = database.pglite!;
  const out = emitter();
  const stop = pglite.onNotification((channel, payload) => {
    if (channel === LIVE_CHANNEL) out.event(payload);
  });
  await sql.raw(`LISTEN ${LIVE_CHANNEL}`).execute(database.db);
  return {
    connected: true,
    onEvent: out.onEvent,
    onInterrupted: out.onInterrupted,
    async close() {
      stop();
    },
  };
}

/**
 * PostgreSQL: a connection of its own (pooled connections come and go; a LISTEN must stay), as the
 * DATABASE_URL login. LISTEN needs no privilege and the payloads carry ids only. When the connection
 * is lost, listeners are told at once (subscribers must refetch), and it reconnects with backoff.
 */
async function startPostgresFeed(url: string, logger: Logger): Promise<LiveFeed> {
  const out = emitter();
  const log = logger.child({ component: 'live-feed' });
  let client: Client | null = null;
  let connected = false;
  let closed = false;
  let delay = RECONNECT_MIN_MS;
  let retry: NodeJS.Timeout | null = null;
  let heartbeat: NodeJS.Timeout | null = null;

  const lost = (current: Client, reason: string) => {
    if (client !== current) return;
    client = null;
    if (heartbeat) clearInterval(heartbeat);
    heartbeat = null;
    current.removeAllListeners('notification');
    current.on('error', () => undefined);
    void current.end().catch(() => undefined);
    if (closed) return;
    if (connected) {
      connected = false;
      log.warn({ reason }, 'live events connection lost; subscribers are told to resync');
      out.interrupted(reason);
    }
    retry = setTimeout(() => void connect(), delay);
    retry.unref();
    delay = Math.min(delay * 2, RECONNECT_MAX_MS);
  };

  const connect = async (): Promise<void> => {
    retry = null;
    if (closed) return;
    const current = new Client({ connectionString: url, connectionTimeoutMillis: 5_000, keepAlive: true, application_name: 'netia-live' });
    client = current;
    current.on('notification', (message) => {
      if (message.channel === LIVE_CHANNEL) out.event(message.payload, log);
    });
    current.on('error', (error) => lost(current, error.message));
    current.on('end', () => lost(current, 'connection ended'));
    try {
      await current.connect();
      await current.query(`LISTEN ${LIVE_CHANNEL}`);
    } catch (error) {
      lost(current, (error as Error).message);
      return;
    }
    if (client !== current) return;
    connected = true;
    delay = RECONNECT_MIN_MS;
    log.info('listening for live events');
    heartbeat = setInterval(() => {
      const timer = setTimeout(() => lost(current, 'heartbeat timed out'), HEARTBEAT_TIMEOUT_MS);
      current.query('select 1').then(
        () => clearTimeout(timer),
        (error: Error) => {
          clearTimeout(timer);
          lost(current, error.message);
        },
      );
    }, HEARTBEAT_MS);
    heartbeat.unref();
  };

  await connect();
  return {
    get connected() {
      return connected;
    },
    onEvent: out.onEvent,
    onInterrupted: out.onInterrupted,
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      if (heartbeat) clearInterval(heartbeat);
      const current = client;
      client = null;
      connected = false;
      if (current) await current.end().catch(() => undefined);
    },
  };
}
