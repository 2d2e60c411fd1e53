import { sql, type QueryCreator, type Selectable, type SelectQueryBuilder } from 'kysely';
import type { Conversations, DB } from '../../db/db.generated';
import { statementTemplate } from '../../db/statement-template';
import type { TenantTx } from '../../db/tenant-transaction';
import { countOf, countRows, cursorValues, newestFirstPage, pageOf, pageShape, withinTimeRange, type CursorValues, type PageRequest, type PageShape } from '../shared/paging';
import { leadsFromJson, leadsOfConversationJson, type LeadRow, type LeadTuple } from '../leads/lead.repository';
import { messageCountOf, messagePageJson, messagesFromJson, renderedMessagePageJson, type MessagePageRow, type MessageTuple } from '../messages/message.repository';
import type { MessagePageRendering } from '../messages/message-page-rendering';
import { messagesMatching, withSearchTimeout, type SearchFilter } from './conversation-search';
import { truncateText } from '../../lib/storable-text';

export type ConversationRow = Selectable<Conversations>;

export interface ConversationListFilter {
  updatedAfter?: Date | null;
  updatedBefore?: Date | null;
  hasLead?: boolean | null;
  platform?: string | null;
  /** Words that must all occur in one message (validated and bounded by conversation-search.ts). */
  search?: SearchFilter | null;
}

/**
 * The filter as a page's statement template takes it (statement-template.ts): an absent condition is
 * undefined, never null or empty, so the template's stand-ins take the same branches as the values; the
 * search is its text, the words joined.
 */
interface FilterValues {
  updatedAfter?: Date;
  updatedBefore?: Date;
  hasLead?: boolean;
  platform?: string;
  search?: string;
}

function filterValues(filter: ConversationListFilter): FilterValues {
  return {
    updatedAfter: filter.updatedAfter ?? undefined,
    updatedBefore: filter.updatedBefore ?? undefined,
    hasLead: filter.hasLead ?? undefined,
    platform: filter.platform || undefined,
    search: filter.search ? filter.search.words.join(' ') : undefined,
  };
}

function filtered(tx: TenantTx, filter: FilterValues) {
  let query = tx.selectFrom('conversations as c');
  query = withinTimeRange(query, 'c.updatedAt', { from: filter.updatedAfter, to: filter.updatedBefore });
  if (filter.platform) query = query.where('c.platform', '=', filter.platform);
  if (filter.hasLead !== undefined) {
    const exists = sql<boolean>`exists (select 1 from leads l where l.conversation_id = c.id)`;
    query = query.where(filter.hasLead ? exists : sql<boolean>`not ${exists}`);
  }
  if (filter.search) query = query.where(messagesMatching(filter.search));
  return query;
}

/** Statements that search message text run under the search timeout (conversation-search.ts). */
function bounded<T>(tx: TenantTx, filter: ConversationListFilter, statement: () => Promise<T>): Promise<T> {
  return filter.search ? withSearchTimeout(tx, filter.search, statement) : statement();
}

/** Lists of each conversation that its statement can bring along (conversation-page-plan.ts decides). */
export interface NestedLists {
  leads: boolean;
  /**
   * withNext: whether each page also fetches the row past it, for pageInfo (message.repository.ts);
   * rendering: the page comes as its response's JSON text instead of rows (message-page-rendering.ts).
   */
  messages: { page: PageRequest; withCount: boolean; withNext: boolean; rendering: MessagePageRendering | null } | null;
}

export const NO_LISTS: NestedLists = { leads: false, messages: null };

export type ConversationWithLists = ConversationRow & {
  leads?: LeadRow[];
  messages?: MessagePageRow[];
  messageCount?: number;
  /** The messages page's JSON text; null when PostgreSQL could not write it exactly (message-page-rendering.ts). */
  messagesRendered?: string | null;
};

/** Adds the `lists` asked for to a conversations statement, as json subqueries per row. */
function withLists<O>(query: SelectQueryBuilder<DB & { c: Conversations }, 'c', O>, lists: NestedLists) {
  const { messages } = lists;
  return query
    .$if(lists.leads, (qb) => qb.select((eb) => leadsOfConversationJson(eb.ref('c.id')).as('leads')))
    .$if(messages !== null && !messages.rendering, (qb) => qb.select((eb) => messagePageJson(eb.ref('c.id'), messages!.page, messages!.withNext).as('messages')))
    .$if(!!messages?.rendering, (qb) =>
      qb.select((eb) => renderedMessagePageJson(eb.ref('c.id'), messages!.page, messages!.rendering!).as('messagesRendered')),
    )
    .$if(messages?.withCount === true, (qb) => qb.select((eb) => messageCountOf(eb.ref('c.id')).as('messageCount')));
}

/**
 * withLists' json columns turned into rows, in the row itself: a copy of its ~20 columns per conversation was
 * a visible share of the inbox's CPU.
 */
function decodeLists<R extends ConversationRow & { leads?: LeadTuple[]; messages?: MessageTuple[]; messageCount?: string | number }>(
  row: R,
): Omit<R, 'leads' | 'messages' | 'messageCount'> & ConversationWithLists {
  const decoded = row as unknown as Omit<R, 'leads' | 'messages' | 'messageCount'> & ConversationWithLists;
  if (row.leads) decoded.leads = leadsFromJson(row, row.leads);
  if (row.messages) decoded.messages = messagesFromJson(row, row.messages);
  if (row.messageCount !== undefined) decoded.messageCount = Number(row.messageCount);
  return decoded;
}

/** What a page's statement fetches beside its conversations. */
export interface PageExtras {
  /** Each conversation's lists, as json subqueries (conversation-page-plan.ts). */
  lists?: NestedLists;
  /** The row past the page, so the caller knows whether another page exists (for pageInfo). */
  withNext?: boolean;
  /** The whole list's count on each row (`totalCount`, shared/paging.ts countOf). */
  withCount?: boolean;
}

/**
 * One page, newest activity first, by keyset on (updated_at, id) — idx_conversations_tenant_recency,
 * with the `extras` asked for: limit + 1 rows by default (limit without `withNext`: the row past the
 * page would carry its lists for nothing).
 */
export async function listConversations(
  tx: TenantTx,
  filter: ConversationListFilter,
  page: PageRequest,
  { lists = NO_LISTS, withNext = true, withCount = false }: PageExtras = {},
): Promise<Array<ConversationWithLists & { sortKey: string; totalCount?: string }>> {
  const shape = { ...pageShape(page), lists, withNext, withCount };
  const values = { ...filterValues(filter), ...cursorValues(page) };
  const { rows } = await bounded(tx, filter, () => conversationPageStatement(tx, shape, values));
  return rows.map(decodeLists);
}

/** listConversations' statement: the inbox's, so built once per shape (statement-template.ts). */
const conversationPageStatement = statementTemplate(
  (
    tx: TenantTx,
    shape: PageShape & Required<PageExtras>,
    { cursorKey, cursorId, ...filter }: FilterValues & CursorValues,
  ) => {
    const page = pageOf(shape, { cursorKey, cursorId });
    return newestFirstPage(filtered(tx, filter).selectAll('c'), page, { at: 'c.updatedAt', id: 'c.id' }, shape.withNext)
      .select(sql<string>`c.updated_at::text`.as('sortKey'))
      .$if(shape.withCount, (qb) => qb.select(countOf(filtered(tx, filter)).as('totalCount')))
      .$call((qb) => withLists(qb, shape.lists));
  },
);

export async function countConversations(tx: TenantTx, filter: ConversationListFilter): Promise<number> {
  return bounded(tx, filter, () => countRows(filtered(tx, filterValues(filter))));
}

/** Conversations by id, each with the `lists` asked for (a `conversation(id)` selection's, conversation-page-plan.ts). */
export async function findConversationsByIds(tx: TenantTx, ids: readonly string[], lists: NestedLists = NO_LISTS): Promise<ConversationWithLists[]> {
  const { rows } = await conversationsByIdsStatement(tx, lists, { ids });
  return rows.map(decodeLists);
}

/** findConversationsByIds' statement (one conversation with its messages: the admin's conversation view), built once per shape. */
const conversationsByIdsStatement = statementTemplate((tx: TenantTx, lists: NestedLists, { ids }: { ids: readonly string[] }) =>
  tx
    .selectFrom('conversations as c')
    .selectAll('c')
    .where(sql<boolean>`c.id = any(${ids}::uuid[])`)
    .$call((qb) => withLists(qb, lists)),
);

export interface ChatConversation {
  id: string;
  sessionId: string;
  platform: string;
  handoffReason: string | null;
}

/**
 * A conversation started outside a platform webhook (the demo tenant's samples); a platform's first
 * event creates its conversation with the delivery record (chat/store/chat-inbox.repository.ts).
 */
export async function insertConversation(tx: TenantTx, values: { tenantId: string; sessionId: string; platform: string }): Promise<string> {
  const row = await tx.insertInto('conversations').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/**
 * The conversation of a platform session, created on first contact (`created`), else touched
 * (updated_at): a part of the statement that logs a webhook delivery (chat/store/chat-inbox.repository.ts).
 */
export function upsertSessionConversationQuery(db: QueryCreator<DB>, values: { tenantId: string; sessionId: string; platform: string }) {
  return db
    .insertInto('conversations')
    .values(values)
    .onConflict((oc) => oc.columns(['tenantId', 'sessionId']).doUpdateSet({ updatedAt: sql`now()` }))
    .returning(['id', 'sessionId', 'platform', 'handoffReason', sql<boolean>`xmax = 0`.as('created')]);
}

/** Locks the conversation row until the end of the transaction (one reply worker at a time). */
export async function lockConversation(tx: TenantTx, conversationId: string): Promise<ChatConversation | null> {
  const row = await tx
    .selectFrom('conversations')
    .select(['id', 'sessionId', 'platform', 'handoffReason'])
    .where('id', '=', conversationId)
    .forUpdate()
    .executeTakeFirst();
  return row ?? null;
}

/** Hands the conversation to a human; the first reason stays until the conversation is released. */
export async function handOffConversation(tx: TenantTx, conversationId: string, reason: string): Promise<void> {
  await handOffConversationQuery(tx, conversationId, reason).execute();
}

/** handOffConversation's update, to be a part of a larger statement (an answer's store). */
export function handOffConversationQuery(db: QueryCreator<DB>, conversationId: string, reason: string) {
  return db
    .updateTable('conversations')
    .set({ handoffReason: reason, handoffAt: sql`now()` })
    .where('id', '=', conversationId)
    .where('handoffReason', 'is', null);
}

export async function flagConversation(tx: TenantTx, conversationId: string, reason: string): Promise<void> {
  await flagConversationQuery(tx, conversationId, reason).execute();
}

/** flagConversation's update, to be a part of a larger statement (an answer's store). */
export function flagConversationQuery(db: QueryCreator<DB>, conversationId: string, reason: string) {
  return db
    .updateTable('conversations')
    .set({ flaggedReason: truncateText(reason, 100), flaggedAt: sql`now()` })
    .where('id', '=', conversationId);
}

/** Clears the handoff: the bot answers this conversation again. Null when the id is not the tenant's. */
export async function releaseHandoff(tx: TenantTx, conversationId: string): Promise<ConversationRow | null> {
  const row = await tx
    .updateTable('conversations')
    .set({ handoffReason: null, handoffAt: null })
    .where('id', '=', conversationId)
    .returningAll()
    .executeTakeFirst();
  return row ?? null;
}

export async function findConversationRow(tx: TenantTx, conversationId: string): Promise<ConversationRow | null> {
  return (await tx.selectFrom('conversations').selectAll().where('id', '=', conversationId).executeTakeFirst()) ?? null;
}
