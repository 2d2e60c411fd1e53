import type { TenantTx } from '../../db/tenant-transaction';
import { limitsFor, type Plan, type PlanLimits } from '../plans/plan-limits';
import { findPlanAndAiReplies, incrementUsage } from './usage.repository';

/** Whether the bound tenant has used this month's AI replies allowed by its plan. */
export async function isAiQuotaUsedUp(tx: TenantTx, plans: Record<Plan, PlanLimits>, at: Date): Promise<boolean> {
  const { plan, aiReplies } = await findPlanAndAiReplies(tx, at);
  return aiReplies >= limitsFor(plans, plan ?? undefined).aiRepliesPerMonth;
}

/**
 * Counts a reply sent to a visitor: an assistant answer (ai, faq) uses the monthly quota; a handoff
 * sent because the quota was used up is counted separately; other handoffs and fallbacks are free.
 */
export async function countAnswer(
  tx: TenantTx,
  tenantId: string,
  answer: { kind: string; metadata: { quotaExceeded?: true } },
  at: Date,
): Promise<void> {
  if (answer.metadata.quotaExceeded) await incrementUsage(tx, tenantId, 'ai_quota_exceeded', 1, at);
  else if (answer.kind === 'ai' || answer.kind === 'faq') await incrementUsage(tx, tenantId, 'ai_replies', 1, at);
}
