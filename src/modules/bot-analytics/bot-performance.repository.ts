import { sql } from 'kysely';
import type { TenantTx } from '../../db/tenant-transaction';

/** An answer followed by a handoff within this window counts in `answersFollowedByHandoff`. */
export const HANDOFF_AFTER_ANSWER_MINUTES = 10;

export interface BotPerformanceDayRow {
  date: string;
  conversations: number;
  visitorMessages: number;
  botAnswers: number;
  handoffs: number;
  automatedConversations: number;
  answersFollowedByHandoff: number;
}

export interface ModelUsageRow {
  model: string;
  calls: number;
  promptTokens: number;
  completionTokens: number;
}

export interface BotPerformanceRow {
  conversations: number;
  automatedConversations: number;
  operatorSteppedIn: number;
  visitorMessages: number;
  botAnswers: number;
  visitorAsked: number;
  noAnswer: number;
  lowConfidence: number;
  quotaExceeded: number;
  llmError: number;
  answersFollowedByHandoff: number;
  answersRatedWrong: number;
  latencyP50: number | null;
  latencyP95: number | null;
  llmCalls: number;
  models: ModelUsageRow[];
  daily: BotPerformanceDayRow[];
}

/** Column names as the CamelCasePlugin hands them over. */
interface RawRow {
  totals: Record<string, number | null>;
  conversationTotals: Record<string, number>;
  models: ModelUsageRow[] | null;
  daily: BotPerformanceDayRow[];
}

/**
 * Every figure of botPerformance over the messages of [from, to), in ONE statement inside the
 * caller's tenant transaction (RLS keeps it to the tenant). Reads the range once through
 * idx_messages_tenant_time; the classification comes from what the reply worker stores:
 * - a bot reply is an assistant message with `metadata.answerKind` (ai | faq answered; handoff with
 *   `handoffReason` or `quotaExceeded`; fallback = the LLM failed);
 * - an operator's message is an assistant message with `metadata.operator = true`;
 * - a handoff event is a bot handoff, a fallback or an operator message;
 * - `answer_ratings` marks answers an operator rated wrong.
 * Conversation figures are over conversations with a visitor message in the range, judged on their
 * messages in the range; each is counted on the UTC day of its first visitor message there.
 */
export async function computeBotPerformance(tx: TenantTx, from: Date, to: Date, platform: string | null): Promise<BotPerformanceRow> {
  const platformJoin = platform === null ? sql`` : sql`join conversations c on c.id = m.conversation_id and c.platform = ${platform}`;
  const { rows } = await sql<RawRow>`
    with m as materialized (
      select m.id, m.conversation_id, m.timestamp, m.role,
             m.metadata->>'answerKind' as kind,
             m.metadata->>'handoffReason' as reason,
             coalesce(m.metadata->'quotaExceeded' = 'true'::jsonb, false) as quota,
             m.metadata->>'model' as model,
             case when jsonb_typeof(m.metadata->'latencyMs') = 'number' then (m.metadata->'latencyMs')::float8 end as latency_ms,
             case when jsonb_typeof(m.metadata->'promptTokens') = 'number' then (m.metadata->'promptTokens')::float8 end as prompt_tokens,
             case when jsonb_typeof(m.metadata->'completionTokens') = 'number' then (m.metadata->'completionTokens')::float8 end as completion_tokens,
             m.role = 'assistant' and coalesce(m.metadata->'operator' = 'true'::jsonb, false) as operator,
             r.message_id is not null as rated_wrong
        from messages m
        ${platformJoin}
        left join answer_ratings r on r.message_id = m.id and r.rating = 'wrong'
       where m.timestamp >= ${from} and m.timestamp < ${to}
    ),
    e as materialized (
      select m.*,
             m.kind in ('ai', 'faq') as answered,
             coalesce(m.kind in ('handoff', 'fallback'), false) as bot_handoff,
             coalesce(m.kind in ('handoff', 'fallback'), false) or m.operator as handoff_event,
             min(case when coalesce(m.kind in ('handoff', 'fallback'), false) or m.operator then m.timestamp end)
               over (partition by m.conversation_id order by m.timestamp, m.id rows between 1 following and unbounded following) as next_handoff_at
        from m
    ),
    conv as materialized (
      select conversation_id,
             date_trunc('day', min(timestamp) filter (where role = 'user') at time zone 'UTC') as day,
             coalesce(bool_or(answered), false) and not bool_or(handoff_event) and not bool_or(rated_wrong) as automated,
             min(timestamp) filter (where operator) as first_operator_at,
             min(timestamp) filter (where bot_handoff) as first_bot_handoff_at
        from e
       group by conversation_id
      having bool_or(role = 'user')
    ),
    days as (
      select generate_series(date_trunc('day', ${from}::timestamptz at time zone 'UTC'),
                             ${to}::timestamptz at time zone 'UTC' - interval '1 microsecond', interval '1 day') as day
    ),
    md as (
      select date_trunc('day', timestamp at time zone 'UTC') as day,
             count(*) filter (where role = 'user') as visitor_messages,
             count(*) filter (where answered) as bot_answers,
             count(*) filter (where bot_handoff) as bot_handoffs,
             count(*) filter (where answered and next_handoff_at <= timestamp + make_interval(mins => ${HANDOFF_AFTER_ANSWER_MINUTES})) as followed
        from e
       group by 1
    ),
    cd as (
      select day, count(*) as conversations, count(*) filter (where automated) as automated,
             count(*) filter (where first_operator_at is not null and (first_bot_handoff_at is null or first_operator_at < first_bot_handoff_at)) as stepped_in
        from conv
       group by day
    )
    select
      (select json_build_object(
          'visitorMessages', count(*) filter (where role = 'user'),
          'botAnswers', count(*) filter (where answered),
          -- Replies before v1.15 stored no reason for this one: a handoff with neither reason nor quota is it.
          'visitorAsked', count(*) filter (where kind = 'handoff' and (reason = 'visitor_request' or (reason is null and not quota))),
          'noAnswer', count(*) filter (where kind = 'handoff' and reason = 'no_answer'),
          'lowConfidence', count(*) filter (where kind = 'handoff' and reason = 'low_confidence'),
          'quotaExceeded', count(*) filter (where kind = 'handoff' and quota),
          'llmError', count(*) filter (where kind = 'fallback'),
          'answersFollowedByHandoff', count(*) filter (where answered and next_handoff_at <= timestamp + make_interval(mins => ${HANDOFF_AFTER_ANSWER_MINUTES})),
          'answersRatedWrong', count(*) filter (where kind is not null and rated_wrong),
          'latencyP50', percentile_cont(0.5) within group (order by latency_ms) filter (where kind is not null),
          'latencyP95', percentile_cont(0.95) within group (order by latency_ms) filter (where kind is not null),
          'llmCalls', count(*) filter (where kind is not null and model is not null and model <> 'builtin'))
         from e) as totals,
      (select json_build_object(
          'conversations', count(*),
          'automatedConversations', count(*) filter (where automated),
          'operatorSteppedIn', count(*) filter (where first_operator_at is not null and (first_bot_handoff_at is null or first_operator_at < first_bot_handoff_at)))
         from conv) as conversation_totals,
      (select json_agg(json_build_object('model', model, 'calls', calls, 'promptTokens', prompt_tokens, 'completionTokens', completion_tokens) order by model)
         from (select model, count(*) as calls, coalesce(sum(prompt_tokens), 0) as prompt_tokens, coalesce(sum(completion_tokens), 0) as completion_tokens
                 from e where kind is not null and model is not null and model <> 'builtin' group by model) u) as models,
      (select json_agg(json_build_object(
                'date', to_char(days.day, 'YYYY-MM-DD'),
                'conversations', coalesce(cd.conversations, 0),
                'visitorMessages', coalesce(md.visitor_messages, 0),
                'botAnswers', coalesce(md.bot_answers, 0),
                'handoffs', coalesce(md.bot_handoffs, 0) + coalesce(cd.stepped_in, 0),
                'automatedConversations', coalesce(cd.automated, 0),
                'answersFollowedByHandoff', coalesce(md.followed, 0)) order by days.day)
         from days left join md on md.day = days.day left join cd on cd.day = days.day) as daily`.execute(tx);
  const row = rows[0]!;
  const t = row.totals;
  const n = (key: string) => Number(t[key] ?? 0);
  return {
    conversations: Number(row.conversationTotals.conversations),
    automatedConversations: Number(row.conversationTotals.automatedConversations),
    operatorSteppedIn: Number(row.conversationTotals.operatorSteppedIn),
    visitorMessages: n('visitorMessages'),
    botAnswers: n('botAnswers'),
    visitorAsked: n('visitorAsked'),
    noAnswer: n('noAnswer'),
    lowConfidence: n('lowConfidence'),
    quotaExceeded: n('quotaExceeded'),
    llmError: n('llmError'),
    answersFollowedByHandoff: n('answersFollowedByHandoff'),
    answersRatedWrong: n('answersRatedWrong'),
    latencyP50: t.latencyP50 ?? null,
    latencyP95: t.latencyP95 ?? null,
    llmCalls: n('llmCalls'),
    models: (row.models ?? []).map((u) => ({ model: u.model, calls: Number(u.calls), promptTokens: Number(u.promptTokens), completionTokens: Number(u.completionTokens) })),
    daily: row.daily,
  };
}
