import type { TenantTx } from '../../db/tenant-transaction';
import { DomainError } from '../../lib/errors';
import { findTenantPlan } from '../tenants/tenant.repository';
import { findPlanUsage } from '../usage/usage.repository';
import { limitsFor, type Plan, type PlanLimits } from './plan-limits';

/** A plan limit stands in the way; the message names the limit so the SPA can offer an upgrade. */
export function planLimitReached(limit: keyof PlanLimits, value: number): DomainError {
  return new DomainError('PLAN_LIMIT_REACHED', `Your plan allows ${value} ${describe[limit]}; upgrade the plan or remove some first`, null, { limit, value });
}

const describe: Record<keyof PlanLimits, string> = {
  apiRequestsPerMinute: 'API requests per minute',
  aiRepliesPerMonth: 'AI replies per month',
  activeApiKeys: 'active API keys',
  knowledgeBaseEntries: 'active knowledge base entries',
  knowledgeBaseCharacters: 'characters of active knowledge base content',
  liveConnectionsPerKey: 'live connections per API key',
  liveSubscriptionsPerConnection: 'subscriptions per live connection',
};

/** The bound tenant's plan limits (basic when the plan is unknown). */
export async function findPlanLimits(tx: TenantTx, plans: Record<Plan, PlanLimits>): Promise<PlanLimits> {
  return limitsFor(plans, (await findTenantPlan(tx)) ?? undefined);
}

/** Before a tenant creates one more API key. */
export async function assertCanAddApiKey(tx: TenantTx, plans: Record<Plan, PlanLimits>): Promise<void> {
  const [limits, usage] = await Promise.all([findPlanLimits(tx, plans), findPlanUsage(tx, new Date())]);
  if (usage.activeApiKeys >= limits.activeApiKeys) throw planLimitReached('activeApiKeys', limits.activeApiKeys);
}

/**
 * Before a knowledge base entry becomes active. `replaces` is what goes inactive at the same time
 * (the current system prompt when a new one is published), so a swap is not counted twice.
 */
export async function assertKnowledgeBaseFits(
  tx: TenantTx,
  plans: Record<Plan, PlanLimits>,
  adding: { characters: number; replaces: { entries: number; characters: number } },
): Promise<void> {
  const [limits, usage] = await Promise.all([findPlanLimits(tx, plans), findPlanUsage(tx, new Date())]);
  if (usage.knowledgeBaseEntries - adding.replaces.entries + 1 > limits.knowledgeBaseEntries) {
    throw planLimitReached('knowledgeBaseEntries', limits.knowledgeBaseEntries);
  }
  if (usage.knowledgeBaseCharacters - adding.replaces.characters + adding.characters > limits.knowledgeBaseCharacters) {
    throw planLimitReached('knowledgeBaseCharacters', limits.knowledgeBaseCharacters);
  }
}
