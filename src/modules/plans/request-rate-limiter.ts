import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Database } from '../../db/database';
import { PLANS, type Plan, type PlanLimits } from './plan-limits';

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface RequestRateLimiter {
  /** Takes one request from the key's per-minute budget for its tenant's plan. */
  consume(apiKeyId: string, plan: string): Promise<RateDecision>;
}

const WINDOW_SECONDS = 60;

/**
 * Per-API-key request limits by plan. On PostgreSQL the windows live in the rate_limits table, so
 * they hold across server instances; if that table cannot be reached, an in-memory limiter stands
 * in (rate-limiter-flexible's insurance) rather than failing the request. The embedded database
 * serves one process, so memory is enough there.
 */
export function createRequestRateLimiter(database: Database, plans: Record<Plan, PlanLimits>): RequestRateLimiter {
  const limiters = new Map<Plan, RateLimiterAbstract>();
  for (const plan of PLANS) {
    const options = { keyPrefix: `api:${plan}`, points: plans[plan].apiRequestsPerMinute, duration: WINDOW_SECONDS };
    const memory = new RateLimiterMemory(options);
    limiters.set(
      plan,
      database.pool
        ? new RateLimiterPostgres({
            ...options,
            storeClient: database.pool,
            storeType: 'pool',
            tableName: 'rate_limits',
            tableCreated: true,
            clearExpiredByTimeout: false,
            insuranceLimiter: memory,
          })
        : memory,
    );
  }
  const refuse = (rejection: RateLimiterRes): RateDecision => ({
    allowed: false,
    retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)),
  });
  const leases = new Map<string, Lease>();
  const pending = new Map<string, Promise<unknown>>();

  /** One point, or a lease of `size` points of which this request takes the first (see LEASES_PER_WINDOW). */
  const take = async (limiter: RateLimiterAbstract, apiKeyId: string, size: number, limit: number): Promise<RateDecision> => {
    try {
      const result = await limiter.consume(apiKeyId, size);
      if (size > 1) leases.set(`${limiter.keyPrefix}:${apiKeyId}`, { remaining: size - 1, expiresAt: Date.now() + result.msBeforeNext });
      return { allowed: true };
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      if (size === 1) return refuse(rejection);
      // The window had fewer than `size` points left: keep what was left, give back the rest, so the
      // plan's last points of the minute stay usable and a refused lease does not count against it.
      const granted = Math.max(0, size - Math.max(0, rejection.consumedPoints - limit));
      await limiter.reward(apiKeyId, size - granted);
      if (granted === 0) return refuse(rejection);
      leases.set(`${limiter.keyPrefix}:${apiKeyId}`, { remaining: granted - 1, expiresAt: Date.now() + rejection.msBeforeNext });
      return { allowed: true };
    }
  };

  return {
    async consume(apiKeyId, plan) {
      const known = limiters.has(plan as Plan) ? (plan as Plan) : 'basic';
      const limiter = limiters.get(known)!;
      const limit = plans[known].apiRequestsPerMinute;
      const size = database.pool ? Math.max(1, Math.floor(limit / LEASES_PER_WINDOW)) : 1;
      if (size === 1) return take(limiter, apiKeyId, 1, limit);
      const id = `${limiter.keyPrefix}:${apiKeyId}`;
      for (;;) {
        const lease = leases.get(id);
        if (lease && lease.remaining > 0 && Date.now() < lease.expiresAt) {
          lease.remaining -= 1;
          return { allowed: true };
        }
        const inFlight = pending.get(id);
        if (inFlight) {
          // Another request of this key is taking a lease: share it rather than reserve a second one.
          await inFlight.catch(() => undefined);
          continue;
        }
        leases.delete(id);
        if (leases.size >= 10_000) leases.clear();
        const taking = take(limiter, apiKeyId, size, limit);
        pending.set(id, taking);
        try {
          return await taking;
        } finally {
          pending.delete(id);
        }
      }
    },
  };
}

/**
 * On PostgreSQL a key's window is written in leases of limit / LEASES_PER_WINDOW points (at least 1):
 * a process reserves a lease in one upsert and spends it in memory, so a key writes its window at most
 * ~ 100 times a minute per process instead of once per request. Plans of fewer than 200 requests a
 * minute (basic: 120) still write every request. The price: each process may hold up to one lease of
 * unspent points per key, which the key's other servers cannot use until the window ends (≤ 1 % of
 * the limit per process).
 */
const LEASES_PER_WINDOW = 100;

interface Lease {
  remaining: number;
  expiresAt: number;
}
