import { limitsFor, type Plan, type PlanLimits } from '../plans/plan-limits';
import type { UsageMetric } from './usage.repository';

/** Whether a tenant on `plan` with `aiReplies` this month has used the AI replies its plan allows. */
export function isAiQuotaUsedUp(plans: Record<Plan, PlanLimits>, usage: { plan: string | null; aiReplies: number }): boolean {
  return usage.aiReplies >= limitsFor(plans, usage.plan ?? undefined).aiRepliesPerMonth;
}

/**
 * The counter a reply sent to a visitor adds one to: an assistant answer (ai, faq) uses the monthly
 * quota; a handoff sent because the quota was used up is counted separately; other handoffs and
 * fallbacks are free (null).
 */
export function answerMetric(answer: { kind: string; metadata: { quotaExceeded?: true } }): UsageMetric | null {
  if (answer.metadata.quotaExceeded) return 'ai_quota_exceeded';
  return answer.kind === 'ai' || answer.kind === 'faq' ? 'ai_replies' : null;
}
