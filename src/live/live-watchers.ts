import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/db.generated';
import { withTenantStatement } from '../db/tenant-transaction';
import type { Logger } from '../lib/logger';

/** How long a watch lasts unless refreshed: a server that died stops counting after this. */
export const WATCH_SECONDS = 60;
/** How often a server refreshes the watches of its connected tenants. */
export const WATCH_REFRESH_MS = 15_000;

/** The tenants this server has live connections of, as the database's live events see them. */
export interface LiveWatchers {
  /** Counts one more connection of the tenant; resolves once the tenant's events are sure to be sent. */
  add(tenantId: string): Promise<void>;
  /** Counts one connection less; the last one ends the watch. */
  remove(tenantId: string): void;
  stop(): Promise<void>;
}

/**
 * The database sends live events (app.notify_live, schema v1.22) only for tenants that some server
 * watches: a NOTIFY holds PostgreSQL's cluster-wide notify lock through its commit's flush, which every
 * webhook delivery's commit would otherwise wait for. This server keeps a row in live_watchers for each
 * tenant it has live connections of, refreshed every WATCH_REFRESH_MS, deleted when its last connection
 * closes (or left to expire after WATCH_SECONDS when the server dies).
 */
export function createLiveWatchers(db: Kysely<DB>, logger: Logger): LiveWatchers {
  const serverId = randomUUID();
  const connections = new Map<string, number>();
  // A tenant's watch and unwatch run one after the other: a delete overtaking a later upsert would leave
  // a connected tenant unwatched until the next refresh.
  const tails = new Map<string, Promise<unknown>>();
  const inTurn = <T>(tenantId: string, write: () => Promise<T>): Promise<T> => {
    const done = (tails.get(tenantId) ?? Promise.resolve()).then(write, write);
    const tail = done.catch(() => undefined);
    tails.set(tenantId, tail);
    void tail.then(() => tails.get(tenantId) === tail && tails.delete(tenantId));
    return done;
  };
  const watch = (tenantId: string) =>
    inTurn(tenantId, () =>
      withTenantStatement(db, tenantId, (tx) =>
        tx
          .insertInto('liveWatchers')
          .values({ tenantId, serverId, watchedUntil: sql`now() + make_interval(secs => ${WATCH_SECONDS})` })
          .onConflict((oc) => oc.columns(['tenantId', 'serverId']).doUpdateSet({ watchedUntil: sql`excluded.watched_until` }))
          .execute(),
      ),
    );
  const unwatch = (tenantId: string) =>
    inTurn(tenantId, () => withTenantStatement(db, tenantId, (tx) => tx.deleteFrom('liveWatchers').where('serverId', '=', serverId).execute()));
  const refresh = setInterval(() => {
    for (const tenantId of connections.keys()) {
      watch(tenantId).catch((error: Error) => logger.warn({ tenantId, err: { message: error.message } }, 'could not refresh a live watch; will retry'));
    }
  }, WATCH_REFRESH_MS);
  refresh.unref();

  return {
    async add(tenantId) {
      connections.set(tenantId, (connections.get(tenantId) ?? 0) + 1);
      try {
        // Every time, not only for the first connection: the watch may have lapsed while the database was away.
        await watch(tenantId);
      } catch (error) {
        this.remove(tenantId);
        throw error;
      }
    },
    remove(tenantId) {
      const left = (connections.get(tenantId) ?? 0) - 1;
      if (left > 0) {
        connections.set(tenantId, left);
        return;
      }
      connections.delete(tenantId);
      unwatch(tenantId).catch((error: Error) => logger.warn({ tenantId, err: { message: error.message } }, 'could not end a live watch; it expires by itself'));
    },
    async stop() {
      clearInterval(refresh);
      const tenants = [...connections.keys()];
      connections.clear();
      await Promise.allSettled(tenants.map(unwatch));
    },
  };
}
