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
  return {
    async consume(apiKeyId, plan) {
      const limiter = limiters.get(plan as Plan) ?? limiters.get('basic')!;
      try {
        await limiter.consume(apiKeyId, 1);
        return { allowed: true };
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) {
          return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
        }
        throw rejection;
      }
    },
  };
}
