import { sql, type Expression, type QueryCreator, type RawBuilder, type Selectable } from 'kysely';
import type { DB, Messages } from '../../db/db.generated';
import type { HistoryMessage } from '../../assistant/assistant.types';
import { instantDate, instantText, jsonInstant, jsonb } from '../../db/json';
import type { TenantTx } from '../../db/tenant-transaction';
import type { PageRequest } from '../shared/paging';
import { renderedConnectionJson, type MessagePageRendering } from './message-page-rendering';

/** The stored message; the generated search and analytics columns (v1.4, v1.15) stay in SQL. */
export type MessageRow = Omit<Selectable<Messages>, 'searchVector' | 'messageKind' | 'latencyMs' | 'llmModel' | 'promptTokens' | 'completionTokens' | 'platform'>;
export type MessagePageRow = MessageRow & { sortKey: string };

export async function findMessageById(tx: TenantTx, id: string): Promise<MessageRow | null> {
  const row = await tx
    .selectFrom('messages')
    .select(['id', 'tenantId', 'conversationId', 'role', 'content', 'timestamp', 'externalId', 'metadata'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row ?? null;
}

/** The order and cursor clauses of a messages page: `m` is the per-conversation page, `p` the rows out. */
function pageClauses(page: PageRequest) {
  const forward = page.direction === 'forward';
  const order = forward ? sql`m.timestamp asc, m.id asc` : sql`m.timestamp desc, m.id desc`;
  const outerOrder = forward ? sql`p.timestamp asc, p.id asc` : sql`p.timestamp desc, p.id desc`;
  const after = page.cursor
    ? forward
      ? sql`and (m.timestamp, m.id) > (${page.cursor.key}::timestamptz, ${page.cursor.id}::uuid)`
      : sql`and (m.timestamp, m.id) < (${page.cursor.key}::timestamptz, ${page.cursor.id}::uuid)`
    : sql``;
  return { order, outerOrder, after };
}

/**
 * The page of the conversation `conversationId` (a column of the enclosing query): it walks
 * idx_messages_conversation_time and stops at limit + 1, or at limit when `withNext` is false: the row
 * past the page only tells pageInfo whether there is more, and a selection without pageInfo never asks.
 * Its rows are MessagePageRow's columns.
 */
function pageOfConversation(conversationId: Expression<string>, page: PageRequest, withNext = true): RawBuilder<unknown> {
  const { order, after } = pageClauses(page);
  return sql`
      select m.id, m.tenant_id, m.conversation_id, m.role, m.content, m.timestamp, m.metadata, m.external_id,
             m.timestamp::text as sort_key
        from messages m
       where m.conversation_id = ${conversationId} ${after}
       order by ${order}
       limit ${withNext ? page.limit + 1 : page.limit}`;
}

const listedConversation = sql.ref<string>('k.conversation_id');

/**
 * The same page (oldest first; `last` = the most recent) of several conversations in ONE statement:
 * a LATERAL page (pageOfConversation) per conversation id.
 */
export async function listMessagesOfConversations(
  tx: TenantTx,
  conversationIds: readonly string[],
  page: PageRequest,
  withNext = true,
): Promise<MessagePageRow[]> {
  const { rows } = await sql<MessagePageRow>`
    select p.* from unnest(${conversationIds}::uuid[]) as k(conversation_id)
    cross join lateral (${pageOfConversation(listedConversation, page, withNext)}) p
    order by k.conversation_id, ${pageClauses(page).outerOrder}`.execute(tx);
  return rows;
}

/** A page of one conversation's messages and the number of all its messages. */
export interface MessagePageWithCount {
  rows: MessagePageRow[];
  totalCount: number;
}

/** The number of messages of the conversation `conversationId` (a column of the enclosing query). */
export function messageCountOf(conversationId: Expression<string>): RawBuilder<string> {
  return sql<string>`(select count(*) from messages m where m.conversation_id = ${conversationId})`;
}

/**
 * listMessagesOfConversations and countMessagesOfConversations in ONE statement, for a page whose
 * `totalCount` is selected: per conversation id, its count and one LATERAL page (LEFT JOIN, so a
 * conversation without messages still yields its count in a row of nulls).
 */
export async function listMessagesOfConversationsWithCount(
  tx: TenantTx,
  conversationIds: readonly string[],
  page: PageRequest,
): Promise<Map<string, MessagePageWithCount>> {
  const { rows } = await sql<MessagePageRow & { pageOf: string; totalCount: string }>`
    select k.conversation_id as page_of, ${messageCountOf(listedConversation)} as total_count, p.*
      from unnest(${conversationIds}::uuid[]) as k(conversation_id)
    left join lateral (${pageOfConversation(listedConversation, page)}) p on true
    order by k.conversation_id, ${pageClauses(page).outerOrder}`.execute(tx);
  const pages = new Map<string, MessagePageWithCount>();
  for (const { pageOf, totalCount, ...row } of rows) {
    let entry = pages.get(pageOf);
    if (!entry) pages.set(pageOf, (entry = { rows: [], totalCount: Number(totalCount) }));
    if (row.id !== null) entry.rows.push(row);
  }
  return pages;
}

/**
 * A MessagePageRow as messagePageJson returns it: the columns without keys (json_build_object's keys
 * were about a third of the inbox's bytes to parse), the timestamp as a jsonInstant (src/db/json.ts);
 * tenant and conversation are the enclosing conversation's (messages_conversation_same_tenant_fkey).
 */
export type MessageTuple = [id: string, role: string, content: string, seconds: number, text: string | null, metadata: MessageRow['metadata'], externalId: string | null];

/**
 * The page of the conversation `conversationId` (a column of the enclosing query) as one json array of
 * MessageTuples in the order listMessagesOfConversations returns it: a page of conversations can carry
 * its messages in its own statement (conversation.repository.ts).
 */
export function messagePageJson(conversationId: Expression<string>, page: PageRequest, withNext: boolean): RawBuilder<MessageTuple[]> {
  // The page's sort_key (timestamp text) is left out: PostgreSQL then does not compute it.
  return sql<MessageTuple[]>`(
    select coalesce(json_agg(json_build_array(p.id, p.role, p.content, ${jsonInstant(sql.ref('p.timestamp'))}, p.metadata, p.external_id)
           order by ${pageClauses(page).outerOrder}), '[]')
      from (${pageOfConversation(conversationId, page, withNext)}) p)`;
}

/** The same page as its connection's JSON text, for a selection PostgreSQL can write (message-page-rendering.ts). */
export function renderedMessagePageJson(conversationId: Expression<string>, page: PageRequest, rendering: MessagePageRendering): RawBuilder<string | null> {
  return renderedConnectionJson(rendering, pageOfConversation(conversationId, page, false), messageCountOf(conversationId));
}

/**
 * A message of messagePageJson's page: its sortKey (a cursor's key, the timestamp as PostgreSQL prints
 * it) is written only when a cursor is asked for, from the instant kept with the row.
 */
class MessageOfPage implements MessagePageRow {
  constructor(
    readonly id: string,
    readonly tenantId: string,
    readonly conversationId: string,
    readonly role: string,
    readonly content: string,
    readonly timestamp: Date,
    readonly metadata: MessageRow['metadata'],
    readonly externalId: string | null,
    private readonly instant: [seconds: number, text: string | null],
  ) {}

  get sortKey(): string {
    return instantText(this.instant[0], this.instant[1]);
  }
}

/** The rows of messagePageJson's tuples, for the conversation they were read with. */
export function messagesFromJson(conversation: { id: string; tenantId: string }, messages: MessageTuple[]): MessagePageRow[] {
  const { id: conversationId, tenantId } = conversation;
  return messages.map(
    ([id, role, content, seconds, text, metadata, externalId]) =>
      new MessageOfPage(id, tenantId, conversationId, role, content, instantDate(seconds, text), metadata, externalId, [seconds, text]),
  );
}

export async function countMessagesOfConversations(
  tx: TenantTx,
  conversationIds: readonly string[],
): Promise<{ conversationId: string; count: string }[]> {
  return tx
    .selectFrom('messages')
    .select((eb) => ['conversationId', eb.fn.countAll<string>().as('count')])
    .where(sql<boolean>`conversation_id = any(${conversationIds}::uuid[])`)
    .groupBy('conversationId')
    .execute();
}

/**
 * Stores a platform message once: the v1.4 partial unique index on (tenant_id, conversation_id,
 * external_id) turns a redelivery into a no-op. Returns null for such a duplicate.
 */
export interface ChatMessageInput {
  tenantId: string;
  conversationId: string;
  role: 'user' | 'assistant';
  content: string;
  externalId: string | null;
  metadata: Record<string, unknown>;
  /** When it was said; now when omitted (the demo tenant's samples are dated in the past). */
  timestamp?: Date;
}

/**
 * The insert of one message, returning its id; a platform message id seen before inserts nothing.
 * A statement of its own (insertChatMessage) or a part of a larger one (the chat pipeline stores a
 * visitor message and the reply it is owed together: chat/store/chat-inbox.repository.ts).
 */
export function insertMessageQuery(db: QueryCreator<DB>, input: ChatMessageInput) {
  return db
    .insertInto('messages')
    .values({ ...input, metadata: jsonb(input.metadata) })
    .onConflict((oc) => oc.columns(['tenantId', 'conversationId', 'externalId']).where('externalId', 'is not', null).doNothing())
    .returning('id');
}

/**
 * insertMessageQuery for a platform delivery that the same statement logs: the message goes into the
 * conversation its part `conversation` upserted, and only when its part `logged` logged the delivery
 * (a redelivery stores nothing). Returns the message's id and conversation; nothing for a duplicate.
 */
export function insertLoggedMessageQuery(
  db: QueryCreator<DB & { conversation: { id: string }; logged: { id: string } }>,
  input: Omit<ChatMessageInput, 'conversationId' | 'timestamp'>,
) {
  return db
    .insertInto('messages')
    .columns(['tenantId', 'conversationId', 'role', 'content', 'externalId', 'metadata'])
    .expression((eb) =>
      eb
        .selectFrom('conversation')
        .select([
          sql`${input.tenantId}::uuid`.as('t'),
          'conversation.id',
          sql`${input.role}::text`.as('r'),
          sql`${input.content}::text`.as('c'),
          sql`${input.externalId}::text`.as('e'),
          sql`${jsonb(input.metadata)}::jsonb`.as('m'),
        ])
        .where((w) => w.exists(w.selectFrom('logged').select('logged.id'))),
    )
    .onConflict((oc) => oc.columns(['tenantId', 'conversationId', 'externalId']).where('externalId', 'is not', null).doNothing())
    .returning(['id', 'conversationId']);
}

export async function insertChatMessage(tx: TenantTx, input: ChatMessageInput): Promise<string | null> {
  const row = await insertMessageQuery(tx, input).executeTakeFirst();
  return row?.id ?? null;
}

export async function findMessageIdByExternalId(tx: TenantTx, conversationId: string, externalId: string): Promise<string | null> {
  const row = await tx
    .selectFrom('messages')
    .select('id')
    .where('conversationId', '=', conversationId)
    .where('externalId', '=', externalId)
    .executeTakeFirst();
  return row?.id ?? null;
}

export interface StoredMessage {
  id: string;
  content: string;
  metadata: unknown;
}

export async function findMessage(tx: TenantTx, messageId: string): Promise<StoredMessage | null> {
  const row = await tx.selectFrom('messages').select(['id', 'content', 'metadata']).where('id', '=', messageId).executeTakeFirst();
  return row ?? null;
}

/** The newest visitor message of a conversation (where an operator's reply goes). */
export async function findLatestVisitorMessage(tx: TenantTx, conversationId: string): Promise<StoredMessage | null> {
  const row = await tx
    .selectFrom('messages')
    .select(['id', 'content', 'metadata'])
    .where('conversationId', '=', conversationId)
    .where('role', '=', 'user')
    .orderBy('timestamp', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row ?? null;
}

export async function setMessageExternalId(tx: TenantTx, messageId: string, externalId: string): Promise<void> {
  await tx.updateTable('messages').set({ externalId }).where('id', '=', messageId).execute();
}

/** Gives an operator message the id its platform echo will carry, unless it already has one. */
export async function setMissingMessageExternalId(tx: TenantTx, messageId: string, externalId: string): Promise<void> {
  await tx.updateTable('messages').set({ externalId }).where('id', '=', messageId).where('externalId', 'is', null).execute();
}

/**
 * listRecentMessages as one json column of a larger statement (the reply claim's lease): the last
 * `limit` user/assistant messages, oldest first, null when there are none. `excludeMessageId` may
 * refer to that statement's own row.
 */
export function recentMessagesJson(db: QueryCreator<DB>, conversationId: string, limit: number, excludeMessageId: Expression<string | null>) {
  const recent = db
    .selectFrom('messages')
    .select(['id', 'timestamp', 'role', 'content'])
    .where('conversationId', '=', conversationId)
    .where('role', 'in', ['user', 'assistant'])
    .where('id', '!=', excludeMessageId)
    .orderBy('timestamp', 'desc')
    .orderBy('id', 'desc')
    .limit(limit);
  return db
    .selectFrom(recent.as('recent'))
    .select(
      sql<HistoryMessage[] | null>`json_agg(json_build_object('role', ${sql.ref('recent.role')}, 'content', ${sql.ref('recent.content')}) order by ${sql.ref('recent.timestamp')}, ${sql.ref('recent.id')})`.as(
        'history',
      ),
    );
}

/**
 * The last `limit` user/assistant messages of a conversation, oldest first, without the message
 * `excludeMessageId` (the question being answered).
 */
export async function listRecentMessages(
  tx: TenantTx,
  conversationId: string,
  limit: number,
  excludeMessageId: string | null,
): Promise<Array<HistoryMessage & { id: string }>> {
  let query = tx
    .selectFrom('messages')
    .select(['id', 'role', 'content'])
    .where('conversationId', '=', conversationId)
    .where('role', 'in', ['user', 'assistant']);
  if (excludeMessageId) query = query.where('id', '!=', excludeMessageId);
  const rows = await query.orderBy('timestamp', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.reverse().map((row) => ({ id: row.id, role: row.role as HistoryMessage['role'], content: row.content }));
}
