import { sql } from 'kysely';
import type { TenantTx } from '../db/tenant-transaction';
import { parseConfiguration } from '../modules/configurations/configuration.repository';
import type { ConfigurationData } from '../modules/configurations/configuration.schemas';
import { usagePeriod, type UsageMetric } from '../modules/usage/usage.repository';

export interface AnswerSettings {
  ai: ConfigurationData<'ai'>;
  assistant: ConfigurationData<'assistant'>;
  leadCapture: ConfigurationData<'lead_capture'>;
  /** The live system prompt, or null. */
  systemPrompt: string | null;
  /** The plan and this month's AI replies, for the quota check. */
  plan: string | null;
  aiReplies: number;
}

/**
 * What every answer reads of the bound tenant besides its knowledge and history, in one statement:
 * the ai/assistant/lead_capture configurations, the live system prompt, the plan and this month's
 * AI replies. RLS keeps every subquery to the bound tenant; with no tenant row all read as unset.
 */
export async function findAnswerSettings(tx: TenantTx, at: Date): Promise<AnswerSettings> {
  const configuration = (type: 'ai' | 'assistant' | 'lead_capture') =>
    tx.selectFrom('tenantConfigurations').select('configData').where('configType', '=', type);
  const row = await tx
    .selectFrom('tenants')
    .select((eb) => [
      'subscriptionPlan',
      configuration('ai').as('ai'),
      configuration('assistant').as('assistant'),
      configuration('lead_capture').as('leadCapture'),
      eb
        .selectFrom('knowledgeBases')
        .select('content')
        .where('contentType', '=', 'system_prompt')
        .where('isActive', '=', true)
        .orderBy('version', 'desc')
        .limit(1)
        .as('systemPrompt'),
      eb
        .selectFrom('usageCounters')
        .select('count')
        .where('period', '=', sql<Date>`${usagePeriod(at)}::date`)
        .where('metric', '=', 'ai_replies' satisfies UsageMetric)
        .as('aiReplies'),
    ])
    .executeTakeFirst();
  return {
    ai: parseConfiguration('ai', row?.ai),
    assistant: parseConfiguration('assistant', row?.assistant),
    leadCapture: parseConfiguration('lead_capture', row?.leadCapture),
    systemPrompt: row?.systemPrompt ?? null,
    plan: row?.subscriptionPlan ?? null,
    aiReplies: Number(row?.aiReplies ?? 0),
  };
}
