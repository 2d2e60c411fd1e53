import { nextAttemptInMs, tenantWaitMs, type ReplySchedule } from './reply-schedule';

const schedule: ReplySchedule = {
  leaseSeconds: 300,
  attemptSeconds: 65,
  maxAttempts: 6,
  retryDelayMs: 5000,
  retryAfterMaxMs: 120_000,
  tenantConcurrency: 4,
};

describe(nextAttemptInMs.name, () => {
  it('takes Retry-After as it is, up to the cap', () => {
    expect(nextAttemptInMs(schedule, 1, 3000)).toBe(3000);
    expect(nextAttemptInMs(schedule, 5, 0)).toBe(0);
    expect(nextAttemptInMs(schedule, 1, 3_600_000)).toBe(120_000);
  });

  it('backs off exponentially with jitter without one', () => {
    expect(nextAttemptInMs(schedule, 1, null, 0)).toBe(5000);
    expect(nextAttemptInMs(schedule, 1, null, 0.999)).toBe(9995);
    expect(nextAttemptInMs(schedule, 3, null, 0)).toBe(20_000);
    expect(nextAttemptInMs(schedule, 40, null, 0.5)).toBe(3_600_000);
  });
});

describe(tenantWaitMs.name, () => {
  it('waits half the job age, within a quarter second and 5 s', () => {
    expect(tenantWaitMs(0)).toBe(250);
    expect(tenantWaitMs(4000)).toBe(2000);
    expect(tenantWaitMs(600_000)).toBe(5_000);
  });
});
