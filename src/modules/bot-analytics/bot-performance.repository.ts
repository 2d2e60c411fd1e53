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
  daily: (BotPerformanceDayRow & Record<(typeof DAY_COUNTERS)[number], number>)[];
  models: ModelUsageRow[] | null;
  /** [p50, p95], null without bot replies. */
  latency: number[] | null;
  answersRatedWrong: string | number;
}

/** Per-day counters that are summed into the totals (each conversation counts on one day only). */
const DAY_COUNTERS = ['visitorAsked', 'noAnswer', 'lowConfidence', 'quotaExceeded', 'llmError', 'operatorSteppedIn'] as const;

const BOT_HANDOFF_KINDS = sql`('no_answer', 'low_confidence', 'visitor_request', 'quota_exceeded', 'llm_error')`;
const HANDOFF_KINDS = sql`('no_answer', 'low_confidence', 'visitor_request', 'quota_exceeded', 'llm_error', 'operator')`;

/**
 * Every figure of botPerformance over the messages of [from, to), in ONE statement inside the
 * caller's tenant transaction (RLS keeps it to the tenant). The range is read from
 * idx_messages_analytics alone: grouped by conversation (counts, handoffs, automation), its answers
 * against its handoff events (answers followed by a handoff, counted on the answer's day), and its
 * bot replies for the LLM usage and the latency percentiles. It reads the
 * v1.15 generated columns that type what the reply worker stores in metadata (`message_kind`:
 * visitor, answer, no_answer, low_confidence, visitor_request, quota_exceeded, llm_error, operator;
 * latency, model, tokens). A handoff event is a bot handoff, a fallback or an operator message;
 * `answer_ratings` marks answers an operator rated wrong.
 * Conversation figures are over conversations with a visitor message in the range, judged on their
 * messages in the range. In the daily series a conversation and its messages of the range count on
 * the UTC day of its first visitor message there (of its first message, without one), so the days
 * add up to the totals.
 */
export async function computeBotPerformance(tx: TenantTx, from: Date, to: Date, platform: string | null): Promise<BotPerformanceRow> {
  // The platform each message recorded (v1.15 generated column, in the index): no join per message.
  const onPlatform = platform === null ? sql`` : platform === 'api' ? sql`and m.platform is null` : sql`and m.platform = ${platform}`;
  const inRange = sql`m.timestamp >= ${from} and m.timestamp < ${to} and m.message_kind is not null`;
  // The statement hashes one row per conversation of the range and sorts every reply's latency: a
  // 30-day range of a busy tenant (~100 k messages) outgrows the default 4 MB and would spill to disk.
  await sql`set local work_mem = '32MB'`.execute(tx);
  const { rows } = await sql<RawRow>`
    with conv as (
      select m.conversation_id,
             min(m.timestamp) as first_at,
             min(m.timestamp) filter (where m.message_kind = 'visitor') as first_visitor_at,
             count(*) filter (where m.message_kind = 'visitor') as visitor_messages,
             count(*) filter (where m.message_kind = 'answer') as bot_answers,
             count(*) filter (where m.message_kind = 'visitor_request') as visitor_asked,
             count(*) filter (where m.message_kind = 'no_answer') as no_answer,
             count(*) filter (where m.message_kind = 'low_confidence') as low_confidence,
             count(*) filter (where m.message_kind = 'quota_exceeded') as quota_exceeded,
             count(*) filter (where m.message_kind = 'llm_error') as llm_error,
             min(m.timestamp) filter (where m.message_kind = 'operator') as first_operator_at,
             min(m.timestamp) filter (where m.message_kind in ${BOT_HANDOFF_KINDS}) as first_bot_handoff_at
        from messages m
       where ${inRange} ${onPlatform}
       group by m.conversation_id
    ),
    wrong as (
      select r.conversation_id, count(*) as n
        from answer_ratings r
        join messages m on m.id = r.message_id
       where r.rating = 'wrong' and m.timestamp >= ${from} and m.timestamp < ${to} ${onPlatform}
       group by r.conversation_id
    ),
    followed as (
      select date_trunc('day', m.timestamp at time zone 'UTC') as day, count(*) as n
        from messages m
       where ${inRange} and m.message_kind = 'answer' ${onPlatform}
         and exists (select 1 from messages h
                      where h.tenant_id = m.tenant_id and h.conversation_id = m.conversation_id
                        and h.timestamp >= ${from} and h.timestamp < ${to} and h.message_kind in ${HANDOFF_KINDS}
                        and h.timestamp > m.timestamp and h.timestamp <= m.timestamp + make_interval(mins => ${HANDOFF_AFTER_ANSWER_MINUTES}))
       group by 1
    ),
    judged as (
      select date_trunc('day', coalesce(conv.first_visitor_at, conv.first_at) at time zone 'UTC') as day, conv.*,
             conv.first_visitor_at is not null as counted,
             conv.bot_answers > 0 and conv.first_bot_handoff_at is null and conv.first_operator_at is null and wrong.conversation_id is null as automated,
             conv.first_operator_at is not null and (conv.first_bot_handoff_at is null or conv.first_operator_at < conv.first_bot_handoff_at) as stepped_in
        from conv
        left join wrong on wrong.conversation_id = conv.conversation_id
    ),
    d as (
      select day,
             count(*) filter (where counted) as conversations,
             sum(visitor_messages) as visitor_messages, sum(bot_answers) as bot_answers,
             sum(visitor_asked) as visitor_asked, sum(no_answer) as no_answer, sum(low_confidence) as low_confidence,
             sum(quota_exceeded) as quota_exceeded, sum(llm_error) as llm_error,
             count(*) filter (where counted and automated) as automated,
             count(*) filter (where counted and stepped_in) as stepped_in
        from judged
       group by day
    ),
    days as (
      select generate_series(date_trunc('day', ${from}::timestamptz at time zone 'UTC'),
                             ${to}::timestamptz at time zone 'UTC' - interval '1 microsecond', interval '1 day') as day
    )
    select
      (select json_agg(json_build_object(
                'date', to_char(days.day, 'YYYY-MM-DD'),
                'conversations', coalesce(d.conversations, 0),
                'visitorMessages', coalesce(d.visitor_messages, 0),
                'botAnswers', coalesce(d.bot_answers, 0),
                'handoffs', coalesce(d.visitor_asked + d.no_answer + d.low_confidence + d.quota_exceeded + d.llm_error + d.stepped_in, 0),
                'automatedConversations', coalesce(d.automated, 0),
                'answersFollowedByHandoff', coalesce(followed.n, 0),
                'visitorAsked', coalesce(d.visitor_asked, 0),
                'noAnswer', coalesce(d.no_answer, 0),
                'lowConfidence', coalesce(d.low_confidence, 0),
                'quotaExceeded', coalesce(d.quota_exceeded, 0),
                'llmError', coalesce(d.llm_error, 0),
                'operatorSteppedIn', coalesce(d.stepped_in, 0)) order by days.day)
         from days left join d on d.day = days.day left join followed on followed.day = days.day) as daily,
      (select json_agg(json_build_object('model', model, 'calls', calls, 'promptTokens', prompt_tokens, 'completionTokens', completion_tokens) order by model)
         from (select m.llm_model as model, count(*) as calls,
                      coalesce(sum(m.prompt_tokens), 0) as prompt_tokens, coalesce(sum(m.completion_tokens), 0) as completion_tokens
                 from messages m
                where ${inRange} and m.llm_model is not null ${onPlatform}
                group by m.llm_model) u) as models,
      -- Both percentiles from one sort.
      (select percentile_cont(array[0.5, 0.95]) within group (order by m.latency_ms)
         from messages m
        where ${inRange} and m.latency_ms is not null ${onPlatform}) as latency,
      (select coalesce(sum(n), 0) from wrong) as answers_rated_wrong`.execute(tx);
  const row = rows[0]!;
  const sum = (key: keyof BotPerformanceDayRow | (typeof DAY_COUNTERS)[number]) => row.daily.reduce((total, day) => total + Number(day[key]), 0);
  const models = (row.models ?? []).map((u) => ({ model: u.model, calls: Number(u.calls), promptTokens: Number(u.promptTokens), completionTokens: Number(u.completionTokens) }));
  return {
    conversations: sum('conversations'),
    automatedConversations: sum('automatedConversations'),
    operatorSteppedIn: sum('operatorSteppedIn'),
    visitorMessages: sum('visitorMessages'),
    botAnswers: sum('botAnswers'),
    visitorAsked: sum('visitorAsked'),
    noAnswer: sum('noAnswer'),
    lowConfidence: sum('lowConfidence'),
    quotaExceeded: sum('quotaExceeded'),
    llmError: sum('llmError'),
    answersFollowedByHandoff: sum('answersFollowedByHandoff'),
    answersRatedWrong: Number(row.answersRatedWrong),
    latencyP50: row.latency?.[0] ?? null,
    latencyP95: row.latency?.[1] ?? null,
    llmCalls: models.reduce((total, u) => total + u.calls, 0),
    models,
    daily: row.daily.map((day) => ({
      date: day.date,
      conversations: Number(day.conversations),
      visitorMessages: Number(day.visitorMessages),
      botAnswers: Number(day.botAnswers),
      handoffs: Number(day.handoffs),
      automatedConversations: Number(day.automatedConversations),
      answersFollowedByHandoff: Number(day.answersFollowedByHandoff),
    })),
  };
}
