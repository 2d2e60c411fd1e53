import type { Kysely } from 'kysely';
import type { DB } from '../../db/db.generated';
import { withTenantTransaction } from '../../db/tenant-transaction';
import type { Logger } from '../../lib/logger';
import { incrementUsage } from './usage.repository';

export interface ApiRequestCounter {
  /** Counts one API request for the tenant; cheap (in memory). */
  count(tenantId: string): void;
  /** Writes the counts gathered so far, one short transaction per tenant. */
  flush(): Promise<void>;
  /** Stops the timer and flushes what is left (graceful shutdown). */
  close(): Promise<void>;
}

/**
 * Monthly API request counts without a write per request: counts gather in memory and are added
 * to usage_counters every `intervalMs`, each tenant in its own tenant transaction. A crash loses at
 * most one interval of counts; they feed the `usage` report, not billing-grade limits (the
 * per-minute limiter is what refuses requests).
 */
export function createApiRequestCounter(db: Kysely<DB>, logger: Logger, intervalMs = 10_000): ApiRequestCounter {
  let pending = new Map<string, number>();
  let flushing: Promise<void> = Promise.resolve();

  const flush = () => {
    const batch = pending;
    pending = new Map();
    flushing = flushing.then(async () => {
      for (const [tenantId, requests] of batch) {
        try {
          await withTenantTransaction(db, tenantId, (tx) => incrementUsage(tx, tenantId, 'api_requests', requests, new Date()));
        } catch (error) {
          // Keep the counts for the next round rather than dropping them (e.g. database restarting).
          pending.set(tenantId, (pending.get(tenantId) ?? 0) + requests);
          logger.warn({ tenantId, err: error }, 'could not record API request usage; will retry');
        }
      }
    });
    return flushing;
  };

  const timer = setInterval(() => void flush(), intervalMs);
  timer.unref();

  return {
    count(tenantId) {
      pending.set(tenantId, (pending.get(tenantId) ?? 0) + 1);
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
