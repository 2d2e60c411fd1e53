import { sql, type QueryCreator } from 'kysely';
import type { DB } from '../db/db.generated';
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
  /** The tenant's knowledge revision (schema v1.23): which knowledge snapshot is current. */
  knowledgeRevision: string | null;
}

/**
 * What every answer reads of the bound tenant besides its knowledge and history, in one statement:
 * the ai/assistant/lead_capture configurations, the live system prompt, the plan, this month's
 * AI replies and the knowledge revision. RLS keeps every subquery to the bound tenant; with no
 * tenant row all read as unset.
 */
export async function findAnswerSettings(tx: TenantTx, at: Date): Promise<AnswerSettings> {
  return answerSettingsOf(await answerSettingsQuery(tx, usagePeriod(at)).executeTakeFirst());
}

/** findAnswerSettings' statement, to be read as a part of a larger one (the reply claim's); `period` is usagePeriod's month. */
export function answerSettingsQuery(db: QueryCreator<DB>, period: string) {
  const configuration = (type: 'ai' | 'assistant' | 'lead_capture') =>
    db.selectFrom('tenantConfigurations').select('configData').where('configType', '=', type);
  return db.selectFrom('tenants').select((eb) => [
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
      .where('period', '=', sql<Date>`${period}::date`)
      .where('metric', '=', 'ai_replies' satisfies UsageMetric)
      .as('aiReplies'),
    eb.selectFrom('knowledgeBaseRevisions').select('revision').as('knowledgeRevision'),
  ]);
}

type AnswerSettingsRow = {
  subscriptionPlan: string | null;
  ai: unknown;
  assistant: unknown;
  leadCapture: unknown;
  systemPrompt: string | null;
  aiReplies: unknown;
  knowledgeRevision: string | null;
};

/** The settings as answerSettingsQuery read them (no row: all unset). */
export function answerSettingsOf(row: AnswerSettingsRow | undefined): AnswerSettings {
  return {
    ai: parseConfiguration('ai', row?.ai),
    assistant: parseConfiguration('assistant', row?.assistant),
    leadCapture: parseConfiguration('lead_capture', row?.leadCapture),
    systemPrompt: row?.systemPrompt ?? null,
    plan: row?.subscriptionPlan ?? null,
    aiReplies: Number(row?.aiReplies ?? 0),
    knowledgeRevision: row?.knowledgeRevision ?? null,
  };
}
