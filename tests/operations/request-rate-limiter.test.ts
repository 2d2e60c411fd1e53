import { DEFAULT_PLAN_LIMITS } from '../../src/modules/plans/plan-limits';
import { createRequestRateLimiter } from '../../src/modules/plans/request-rate-limiter';
import { useTestDatabase } from '../setup/database';

const testDb = useTestDatabase();

describe(createRequestRateLimiter.name, () => {
  const plans = {
    ...DEFAULT_PLAN_LIMITS,
    basic: { ...DEFAULT_PLAN_LIMITS.basic, apiRequestsPerMinute: 3 },
    pro: { ...DEFAULT_PLAN_LIMITS.pro, apiRequestsPerMinute: 5 },
  };

  it("allows a key its plan's requests per minute, then refuses with a retry delay", async () => {
    const limiter = createRequestRateLimiter(testDb.database, plans);
    const key = crypto.randomUUID();
    const decisions = [];
    for (let i = 0; i < 4; i++) decisions.push(await limiter.consume(key, 'basic'));
    expect(decisions.slice(0, 3)).toEqual([{ allowed: true }, { allowed: true }, { allowed: true }]);
    expect(decisions[3]).toMatchObject({ allowed: false });
    const retry = (decisions[3] as { retryAfterSeconds: number }).retryAfterSeconds;
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(60);
  });

  it('counts each key separately and uses the budget of its plan', async () => {
    const limiter = createRequestRateLimiter(testDb.database, plans);
    const [a, b] = [crypto.randomUUID(), crypto.randomUUID()];
    for (let i = 0; i < 3; i++) await limiter.consume(a, 'basic');
    expect(await limiter.consume(b, 'basic')).toEqual({ allowed: true });
    const pro = crypto.randomUUID();
    const results = [];
    for (let i = 0; i < 6; i++) results.push((await limiter.consume(pro, 'pro')).allowed);
    expect(results).toEqual([true, true, true, true, true, false]);
  });

  // The embedded database serves a single process; shared windows exist only on PostgreSQL.
  (process.env.TEST_DATABASE_URL ? it : it.skip)('shares windows between limiter instances on PostgreSQL (several servers)', async () => {
    const key = crypto.randomUUID();
    const first = createRequestRateLimiter(testDb.database, plans);
    const second = createRequestRateLimiter(testDb.database, plans);
    await first.consume(key, 'basic');
    await second.consume(key, 'basic');
    await first.consume(key, 'basic');
    expect(await second.consume(key, 'basic')).toMatchObject({ allowed: false });
  });
});
