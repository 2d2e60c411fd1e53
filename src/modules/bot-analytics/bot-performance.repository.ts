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
/** Column names as the CamelCasePlugin hands them over. */
interface RawRow {
  daily: (BotPerformanceDayRow & Record<(typeof DAY_COUNTERS)[number], number>)[];
  models: ModelUsageRow[] | null;
  latency: { p50: number | null; p95: number | null };
  answersRatedWrong: string | number;
}

/** Per-day counters that are summed into the totals (each conversation counts on one day only). */
const DAY_COUNTERS = [
  'visitorAsked',
  'noAnswer',
  'lowConfidence',
  'quotaExceeded',
  'llmError',
  'operatorSteppedIn',
  'llmCalls',
] as const;

const BOT_HANDOFF_KINDS = sql`('no_answer', 'low_confidence', 'visitor_request', 'quota_exceeded', 'llm_error')`;
const HANDOFF_KINDS = sql`('no_answer', 'low_confidence', 'visitor_request', 'quota_exceeded', 'llm_error', 'operator')`;

/**
 * Every figure of botPerformance over the messages of [from, to), in ONE statement inside the
 * caller's tenant transaction (RLS keeps it to the tenant). The range is read once, from
 * idx_messages_analytics alone, through the v1.15 generated columns that type what the reply worker
 * stores in metadata (`message_kind`: visitor, answer, no_answer, low_confidence, visitor_request,
 * quota_exceeded, llm_error, operator; latency, model, tokens). A handoff event is a bot handoff, a
 * fallback or an operator message; `answer_ratings` marks answers an operator rated wrong.
 * Conversation figures are over conversations with a visitor message in the range, judged on their
 * messages in the range; each is counted on the UTC day of its first visitor message there.
 */
export async function computeBotPerformance(tx: TenantTx, from: Date, to: Date, platform: string | null): Promise<BotPerformanceRow> {
  const onPlatform = (conversationId: ReturnType<typeof sql.ref>) =>
    platform === null ? sql`` : sql`join conversations c on c.id = ${conversationId} and c.platform = ${platform}`;
  const within = sql`make_interval(mins => ${HANDOFF_AFTER_ANSWER_MINUTES})`;
  const { rows } = await sql<RawRow>`
    with s as materialized (
      select m.conversation_id, m.timestamp, m.message_kind as kind, m.latency_ms, m.llm_model, m.prompt_tokens, m.completion_tokens
        from messages m
        ${onPlatform(sql.ref('m.conversation_id'))}
       where m.timestamp >= ${from} and m.timestamp < ${to} and m.message_kind is not null
    ),
    wrong as (
      select r.conversation_id, count(*) as n
        from answer_ratings r
        join messages a on a.id = r.message_id
        ${onPlatform(sql.ref('r.conversation_id'))}
       where r.rating = 'wrong' and a.timestamp >= ${from} and a.timestamp < ${to}
       group by r.conversation_id
    ),
    conv as (
      select s.conversation_id,
             date_trunc('day', min(s.timestamp) filter (where s.kind = 'visitor') at time zone 'UTC') as day,
             coalesce(bool_or(s.kind = 'answer'), false) and not bool_or(s.kind in ${HANDOFF_KINDS}) as clean,
             min(s.timestamp) filter (where s.kind = 'operator') as first_operator_at,
             min(s.timestamp) filter (where s.kind in ${BOT_HANDOFF_KINDS}) as first_bot_handoff_at
        from s
       group by s.conversation_id
      having bool_or(s.kind = 'visitor')
    ),
    cd as (
      select conv.day, count(*) as conversations,
             count(*) filter (where conv.clean and wrong.conversation_id is null) as automated,
             count(*) filter (where first_operator_at is not null and (first_bot_handoff_at is null or first_operator_at < first_bot_handoff_at)) as stepped_in
        from conv
        left join wrong on wrong.conversation_id = conv.conversation_id
       group by conv.day
    ),
    md as (
      select date_trunc('day', timestamp at time zone 'UTC') as day,
             count(*) filter (where kind = 'visitor') as visitor_messages,
             count(*) filter (where kind = 'answer') as bot_answers,
             count(*) filter (where kind = 'visitor_request') as visitor_asked,
             count(*) filter (where kind = 'no_answer') as no_answer,
             count(*) filter (where kind = 'low_confidence') as low_confidence,
             count(*) filter (where kind = 'quota_exceeded') as quota_exceeded,
             count(*) filter (where kind = 'llm_error') as llm_error,
             count(*) filter (where llm_model is not null) as llm_calls
        from s
       group by 1
    ),
    followed as (
      select date_trunc('day', a.timestamp at time zone 'UTC') as day, count(*) as n
        from (select distinct a.conversation_id, a.timestamp
                from s a
                join s h on h.conversation_id = a.conversation_id and h.kind in ${HANDOFF_KINDS}
                        and h.timestamp > a.timestamp and h.timestamp <= a.timestamp + ${within}
               where a.kind = 'answer') a
       group by 1
    ),
    days as (
      select generate_series(date_trunc('day', ${from}::timestamptz at time zone 'UTC'),
                             ${to}::timestamptz at time zone 'UTC' - interval '1 microsecond', interval '1 day') as day
    )
    select
      (select json_agg(json_build_object(
                'date', to_char(days.day, 'YYYY-MM-DD'),
                'conversations', coalesce(cd.conversations, 0),
                'visitorMessages', coalesce(md.visitor_messages, 0),
                'botAnswers', coalesce(md.bot_answers, 0),
                'handoffs', coalesce(md.visitor_asked + md.no_answer + md.low_confidence + md.quota_exceeded + md.llm_error, 0) + coalesce(cd.stepped_in, 0),
                'automatedConversations', coalesce(cd.automated, 0),
                'answersFollowedByHandoff', coalesce(followed.n, 0),
                'visitorAsked', coalesce(md.visitor_asked, 0),
                'noAnswer', coalesce(md.no_answer, 0),
                'lowConfidence', coalesce(md.low_confidence, 0),
                'quotaExceeded', coalesce(md.quota_exceeded, 0),
                'llmError', coalesce(md.llm_error, 0),
                'operatorSteppedIn', coalesce(cd.stepped_in, 0),
                'llmCalls', coalesce(md.llm_calls, 0)) order by days.day)
         from days
         left join md on md.day = days.day
         left join cd on cd.day = days.day
         left join followed on followed.day = days.day) as daily,
      (select json_agg(json_build_object('model', llm_model, 'calls', calls, 'promptTokens', prompt_tokens, 'completionTokens', completion_tokens) order by llm_model)
         from (select llm_model, count(*) as calls, coalesce(sum(prompt_tokens), 0) as prompt_tokens, coalesce(sum(completion_tokens), 0) as completion_tokens
                 from s where llm_model is not null group by llm_model) u) as models,
      (select json_build_object('p50', percentile_cont(0.5) within group (order by latency_ms), 'p95', percentile_cont(0.95) within group (order by latency_ms))
         from s where latency_ms is not null) as latency,
      (select coalesce(sum(n), 0) from wrong) as answers_rated_wrong`.execute(tx);
  const row = rows[0]!;
  const sum = (key: keyof BotPerformanceDayRow | (typeof DAY_COUNTERS)[number]) => row.daily.reduce((total, day) => total + Number(day[key]), 0);
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
    latencyP50: row.latency.p50 ?? null,
    latencyP95: row.latency.p95 ?? null,
    llmCalls: sum('llmCalls'),
    models: (row.models ?? []).map((u) => ({ model: u.model, calls: Number(u.calls), promptTokens: Number(u.promptTokens), completionTokens: Number(u.completionTokens) })),
    daily: row.daily.map((day) => ({
      date: day.date,
      conversations: day.conversations,
      visitorMessages: day.visitorMessages,
      botAnswers: day.botAnswers,
      handoffs: day.handoffs,
      automatedConversations: day.automatedConversations,
      answersFollowedByHandoff: day.answersFollowedByHandoff,
    })),
  };
}
