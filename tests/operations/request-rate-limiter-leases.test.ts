import { DEFAULT_PLAN_LIMITS } from '../../src/modules/plans/plan-limits';
import { createRequestRateLimiter } from '../../src/modules/plans/request-rate-limiter';
import { useTestDatabase } from '../setup/database';

const testDb = useTestDatabase();

// Leases exist only on PostgreSQL (the embedded database counts in memory).
(process.env.TEST_DATABASE_URL ? describe : describe.skip)('request rate limiter leases (issue #14)', () => {
  const plans = { ...DEFAULT_PLAN_LIMITS, pro: { ...DEFAULT_PLAN_LIMITS.pro, apiRequestsPerMinute: 500 } };

  it('lets two servers together spend exactly the plan limit, writing the window once per lease', async () => {
    const key = crypto.randomUUID();
    const servers = [createRequestRateLimiter(testDb.database, plans), createRequestRateLimiter(testDb.database, plans)];
    const writes = async () =>
      Number((await testDb.database.pool!.query(`select points from rate_limits where key = $1`, [`api:pro:${key}`])).rows[0]?.points ?? 0);
    let allowed = 0;
    const refusedBy = new Set<number>();
    for (let i = 0; refusedBy.size < 2 && i < 2_000; i++) {
      const which = i % 2;
      if (refusedBy.has(which)) continue;
      const decision = await servers[which]!.consume(key, 'pro');
      if (decision.allowed) allowed += 1;
      else refusedBy.add(which);
      if (i === 101) expect(await writes()).toBe(110); // 51 requests each: 11 leases of 5 points each
    }
    expect(allowed).toBe(500);
    expect(await writes()).toBeLessThanOrEqual(501);
    expect(await servers[0]!.consume(key, 'pro')).toMatchObject({ allowed: false });
  });
});
