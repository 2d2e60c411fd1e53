import type { TenantTx } from '../../db/tenant-transaction';
import { limitsFor, type Plan, type PlanLimits } from '../plans/plan-limits';
import { incrementUsage } from './usage.repository';

/** Whether a tenant on `plan` with `aiReplies` this month has used the AI replies its plan allows. */
export function isAiQuotaUsedUp(plans: Record<Plan, PlanLimits>, usage: { plan: string | null; aiReplies: number }): boolean {
  return usage.aiReplies >= limitsFor(plans, usage.plan ?? undefined).aiRepliesPerMonth;
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
