import { DEFAULT_PLAN_LIMITS, effectiveSubscriptionStatus, isServiceable, planLimitsFromEnv } from './plan-limits';

describe(planLimitsFromEnv.name, () => {
  it('returns the defaults when nothing is overridden', () => {
    expect(planLimitsFromEnv({})).toEqual({ limits: DEFAULT_PLAN_LIMITS, problems: [] });
  });

  it('applies PLAN_<PLAN>_<LIMIT> overrides to that plan only', () => {
    const { limits } = planLimitsFromEnv({ PLAN_PRO_AI_REPLIES_PER_MONTH: '5', PLAN_BASIC_API_REQUESTS_PER_MINUTE: '0' });
    expect(limits.pro.aiRepliesPerMonth).toBe(5);
    expect(limits.basic.apiRequestsPerMinute).toBe(0);
    expect(limits.enterprise).toEqual(DEFAULT_PLAN_LIMITS.enterprise);
  });

  it('names a malformed override', () => {
    expect(planLimitsFromEnv({ PLAN_BASIC_ACTIVE_API_KEYS: 'many' }).problems).toEqual([
      'PLAN_BASIC_ACTIVE_API_KEYS: must be a whole number ≥ 0',
    ]);
  });
});

describe(effectiveSubscriptionStatus.name, () => {
  const now = new Date('2026-11-24T12:00:00Z');
  it('treats an expired trial as suspended, and a running one as trial', () => {
    expect(effectiveSubscriptionStatus({ subscriptionStatus: 'trial', trialEndsAt: new Date('2026-11-24T11:59:59Z') }, now)).toBe('suspended');
    expect(effectiveSubscriptionStatus({ subscriptionStatus: 'trial', trialEndsAt: new Date('2026-12-01T00:00:00Z') }, now)).toBe('trial');
    expect(effectiveSubscriptionStatus({ subscriptionStatus: 'trial', trialEndsAt: null }, now)).toBe('trial');
  });

  it('leaves other statuses alone, and serves only trial and active', () => {
    expect(effectiveSubscriptionStatus({ subscriptionStatus: 'active', trialEndsAt: new Date(0) }, now)).toBe('active');
    expect(['trial', 'active', 'suspended', 'cancelled'].map((s) => isServiceable(s as never))).toEqual([true, true, false, false]);
  });
});
