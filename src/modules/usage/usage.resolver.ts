import { Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { requireTenant, type RequestContext } from '../../graphql/context';
import { notFound } from '../../lib/errors';
import { limitsFor } from '../plans/plan-limits';
import { findCurrentTenant } from '../tenants/tenant.repository';
import { findPlanUsage, findUsage, usagePeriod } from './usage.repository';
import { Usage } from './usage.types';

@Resolver(() => Usage)
export class UsageResolver {
  @Authorized('tenant:read')
  @Query(() => Usage, { description: "This month's use against the tenant's plan limits" })
  async usage(@Ctx() ctx: RequestContext): Promise<Usage> {
    const { tx } = requireTenant(ctx);
    const now = new Date();
    const [tenant, counters, live] = await Promise.all([findCurrentTenant(tx), findUsage(tx, now), findPlanUsage(tx, now)]);
    if (!tenant) throw notFound('Tenant');
    const limits = limitsFor(ctx.plans, tenant.subscriptionPlan);
    return {
      period: usagePeriod(now).slice(0, 7),
      plan: tenant.subscriptionPlan,
      aiReplies: { used: counters.ai_replies, limit: limits.aiRepliesPerMonth },
      aiQuotaExceeded: counters.ai_quota_exceeded,
      messages: live.messagesThisMonth,
      apiRequests: counters.api_requests,
      apiRequestsPerMinuteLimit: limits.apiRequestsPerMinute,
      activeApiKeys: { used: live.activeApiKeys, limit: limits.activeApiKeys },
      knowledgeBaseEntries: { used: live.knowledgeBaseEntries, limit: limits.knowledgeBaseEntries },
      knowledgeBaseCharacters: { used: live.knowledgeBaseCharacters, limit: limits.knowledgeBaseCharacters },
    };
  }
}
