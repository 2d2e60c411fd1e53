import { sql } from 'kysely';
import type { TenantTx } from '../../db/tenant-transaction';

/** A keyset position in the list's order: count descending, then key. */
export interface UnansweredCursor {
  count: number;
  key: string;
}

export interface UnansweredQuestionRow {
  key: string;
  /** The most recent occurrence's question text; null when that message is gone (erased). */
  question: string | null;
  count: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
  reasons: string[];
  /** Most recent first, possibly repeated (deduplicated by the caller). */
  conversationIds: string[];
  bestEntryId: string | null;
  bestEntryTitle: string | null;
  bestScore: number | null;
}

/** How many recent conversation ids a group carries out of SQL (the API shows at most three distinct). */
const CONVERSATION_IDS = 20;

const UUID_TEXT = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

/**
 * The groups of missed questions in [from, to), most frequent first, one page (`limit + 1` rows).
 * A miss is a bot handoff for lack of an answer or confidence (`message_kind`, idx_messages_missed_questions), or a
 * bot reply an operator rated wrong; its group is the `questionKey` stored with the reply (or with
 * the rating). A group taught since (unanswered_question_resolutions) keeps only the misses that
 * happened after it was resolved, so it returns only if the bot misses it again.
 */
export async function listUnansweredQuestions(
  tx: TenantTx,
  range: { from: Date; to: Date },
  page: { limit: number; after: UnansweredCursor | null },
): Promise<UnansweredQuestionRow[]> {
  const after = page.after;
  const { rows } = await sql<UnansweredQuestionRow>`
    with occ as (
      select m.metadata->>'questionKey' as key, m.conversation_id, m.timestamp as at,
             case when m.metadata->>'questionMessageId' ~ ${UUID_TEXT} then (m.metadata->>'questionMessageId')::uuid end as question_message_id,
             case when m.metadata->'sources'->0->>'id' ~ ${UUID_TEXT} then (m.metadata->'sources'->0->>'id')::uuid end as entry_id,
             case when jsonb_typeof(m.metadata->'sources'->0->'score') = 'number' then (m.metadata->'sources'->0->'score')::float8 end as score,
             m.message_kind as reason
        from messages m
       where m.message_kind in ('no_answer', 'low_confidence')
         and m.timestamp >= ${range.from} and m.timestamp < ${range.to}
         and jsonb_typeof(m.metadata->'questionKey') = 'string'
      union all
      select r.question_key, m.conversation_id, m.timestamp, r.question_message_id,
             case when m.metadata->'sources'->0->>'id' ~ ${UUID_TEXT} then (m.metadata->'sources'->0->>'id')::uuid end,
             case when jsonb_typeof(m.metadata->'sources'->0->'score') = 'number' then (m.metadata->'sources'->0->'score')::float8 end,
             'rated_wrong'
        from answer_ratings r
        join messages m on m.id = r.message_id
       where r.rating = 'wrong' and m.timestamp >= ${range.from} and m.timestamp < ${range.to}
    ),
    g as (
      select occ.key, count(*)::int as count, min(occ.at) as first_seen_at, max(occ.at) as last_seen_at,
             array_agg(distinct occ.reason order by occ.reason) as reasons,
             (array_agg(occ.conversation_id order by occ.at desc))[1:${CONVERSATION_IDS}] as conversation_ids,
             (array_agg(occ.question_message_id order by occ.at desc) filter (where occ.question_message_id is not null))[1] as example_id,
             (array_agg(occ.entry_id order by occ.score desc nulls last, occ.at desc) filter (where occ.entry_id is not null))[1] as best_entry_id,
             max(occ.score) as best_score
        from occ
        left join unanswered_question_resolutions res on res.question_key = occ.key
       where res.resolved_at is null or occ.at > res.resolved_at
       group by occ.key
    ),
    page as (
      select * from g
       where ${after === null ? sql`true` : sql`(g.count < ${after.count} or (g.count = ${after.count} and g.key > ${after.key}))`}
       order by g.count desc, g.key
       limit ${page.limit + 1}
    )
    -- The question text and the entry's title only for the page's rows.
    -- Scalar subqueries: one primary-key lookup per row, whatever the planner guesses of page's size.
    -- The ids are uuid already: under RLS only a leakproof comparison (uuid = uuid, no cast that can
    -- fail) may use the primary key ahead of the policy; a cast here made it read the tenant's messages.
    select page.key, (select q.content from messages q where q.id = page.example_id) as question,
           page.count, page.first_seen_at as "firstSeenAt", page.last_seen_at as "lastSeenAt", page.reasons,
           page.conversation_ids as "conversationIds", page.best_entry_id::text as "bestEntryId",
           (select kb.title from knowledge_bases kb where kb.id = page.best_entry_id) as "bestEntryTitle", page.best_score as "bestScore"
      from page
     order by page.count desc, page.key`.execute(tx);
  return rows;
}
