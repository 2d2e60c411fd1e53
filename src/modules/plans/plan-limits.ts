import { z } from 'zod';

import { PLANS, type Plan, type SubscriptionStatusValue } from '../../domain/vocabulary';

export { PLANS, type Plan };

export interface PlanLimits {
  /** GraphQL requests per minute, per API key. */
  apiRequestsPerMinute: number;
  /** Assistant replies per calendar month (UTC), per tenant; past it visitors get the handoff message. */
  aiRepliesPerMonth: number;
  /** Active (not revoked) API keys per tenant. */
  activeApiKeys: number;
  /** Active knowledge base entries per tenant. */
  knowledgeBaseEntries: number;
  /** Total characters of active knowledge base content per tenant. */
  knowledgeBaseCharacters: number;
  /** Open live (GraphQL over WebSocket) connections per API key, in one server process. */
  liveConnectionsPerKey: number;
  /** Active subscriptions per live connection. */
  liveSubscriptionsPerConnection: number;
}

/** The one place plan limits are defined. Each can be overridden by PLAN_<PLAN>_<LIMIT> (see below). */
export const DEFAULT_PLAN_LIMITS: Record<Plan, PlanLimits> = {
  basic: {
    apiRequestsPerMinute: 120,
    aiRepliesPerMonth: 1_000,
    activeApiKeys: 5,
    knowledgeBaseEntries: 200,
    knowledgeBaseCharacters: 200_000,
    liveConnectionsPerKey: 5,
    liveSubscriptionsPerConnection: 10,
  },
  pro: {
    apiRequestsPerMinute: 600,
    aiRepliesPerMonth: 20_000,
    activeApiKeys: 25,
    knowledgeBaseEntries: 2_000,
    knowledgeBaseCharacters: 2_000_000,
    liveConnectionsPerKey: 25,
    liveSubscriptionsPerConnection: 25,
  },
  enterprise: {
    apiRequestsPerMinute: 3_000,
    aiRepliesPerMonth: 250_000,
    activeApiKeys: 100,
    knowledgeBaseEntries: 20_000,
    knowledgeBaseCharacters: 20_000_000,
    liveConnectionsPerKey: 100,
    liveSubscriptionsPerConnection: 50,
  },
};

/** How long a new tenant's trial lasts before it acts as suspended (until its plan changes). */
/** The limits of a stored plan name; anything unknown gets the basic plan's. */
export function limitsFor(plans: Record<Plan, PlanLimits>, plan: string | null | undefined): PlanLimits {
  return plans[plan as Plan] ?? plans.basic;
}

export const DEFAULT_TRIAL_DAYS = 14;

const LIMIT_ENV_NAMES: Record<keyof PlanLimits, string> = {
  apiRequestsPerMinute: 'API_REQUESTS_PER_MINUTE',
  aiRepliesPerMonth: 'AI_REPLIES_PER_MONTH',
  activeApiKeys: 'ACTIVE_API_KEYS',
  knowledgeBaseEntries: 'KNOWLEDGE_BASE_ENTRIES',
  knowledgeBaseCharacters: 'KNOWLEDGE_BASE_CHARACTERS',
  liveConnectionsPerKey: 'LIVE_CONNECTIONS_PER_KEY',
  liveSubscriptionsPerConnection: 'LIVE_SUBSCRIPTIONS_PER_CONNECTION',
};

const limitValue = z.coerce.number().int().min(0);

/**
 * Plan limits with environment overrides, e.g. PLAN_PRO_AI_REPLIES_PER_MONTH=50000.
 * Returns the problems instead of throwing so config.ts can report every bad variable at once.
 */
export function planLimitsFromEnv(env: NodeJS.ProcessEnv): { limits: Record<Plan, PlanLimits>; problems: string[] } {
  const problems: string[] = [];
  const limits = {} as Record<Plan, PlanLimits>;
  for (const plan of PLANS) {
    const planLimits = { ...DEFAULT_PLAN_LIMITS[plan] };
    for (const [key, suffix] of Object.entries(LIMIT_ENV_NAMES) as [keyof PlanLimits, string][]) {
      const name = `PLAN_${plan.toUpperCase()}_${suffix}`;
      const raw = env[name];
      if (raw === undefined || raw === '') continue;
      const parsed = limitValue.safeParse(raw);
      if (parsed.success) planLimits[key] = parsed.data;
      else problems.push(`${name}: must be a whole number ≥ 0`);
    }
    limits[plan] = planLimits;
  }
  return { limits, problems };
}

export type SubscriptionStatus = SubscriptionStatusValue;

/** A trial past its end date acts as suspended until an operator changes the subscription. */
export function effectiveSubscriptionStatus(
  tenant: { subscriptionStatus: string; trialEndsAt: Date | null },
  now: Date,
): SubscriptionStatus {
  const status = tenant.subscriptionStatus as SubscriptionStatus;
  if (status === 'trial' && tenant.trialEndsAt && tenant.trialEndsAt.getTime() <= now.getTime()) return 'suspended';
  return status;
}

/** Whether a tenant in this state gets service (API access, AI replies). */
export function isServiceable(status: SubscriptionStatus): boolean {
  return status === 'trial' || status === 'active';
}
