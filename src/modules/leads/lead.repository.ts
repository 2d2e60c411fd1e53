import { sql, type Expression, type Insertable, type QueryCreator, type RawBuilder, type Selectable } from 'kysely';
import type { DB, Leads } from '../../db/db.generated';
import { instantDate, jsonInstant, jsonb } from '../../db/json';
import { statementTemplate } from '../../db/statement-template';
import type { TenantTx } from '../../db/tenant-transaction';
import type { ContactDetails } from '../../domain/vocabulary';
import { countOf, countRows, cursorValues, newestFirstPage, pageOf, pageShape, withinTimeRange, type CursorValues, type PageRequest, type PageShape } from '../shared/paging';

export type LeadRow = Selectable<Leads>;

/**
 * The one rule for merging contact details into leads.contact_info, for the API's updates and for
 * lead capture alike: keys given again overwrite, other keys stay, and a key given as null is removed
 * (lead capture never sends null). contact_info itself never holds a null.
 */
function mergedContactInfo(current: Expression<unknown>, incoming: Expression<unknown>): RawBuilder<any> {
  return sql<any>`jsonb_strip_nulls(${current} || ${incoming})`;
}

export interface LeadListFilter {
  status?: string | null;
  intent?: string | null;
  createdAfter?: Date | null;
  createdBefore?: Date | null;
}

/** The filter as the page's statement template takes it: an absent condition is undefined (see conversation.repository.ts). */
interface FilterValues {
  status?: string;
  intent?: string;
  createdAfter?: Date;
  createdBefore?: Date;
}

function filterValues(filter: LeadListFilter): FilterValues {
  return {
    status: filter.status || undefined,
    intent: filter.intent || undefined,
    createdAfter: filter.createdAfter ?? undefined,
    createdBefore: filter.createdBefore ?? undefined,
  };
}

function filtered(tx: TenantTx, filter: FilterValues) {
  let query = tx.selectFrom('leads as l');
  if (filter.status) query = query.where('l.status', '=', filter.status);
  if (filter.intent) query = query.where('l.intent', '=', filter.intent);
  query = withinTimeRange(query, 'l.createdAt', { from: filter.createdAfter, to: filter.createdBefore });
  return query;
}

/**
 * One page, newest first, by keyset on (created_at, id) — idx_leads_tenant_recency; with `withCount`
 * each row also carries the whole list's count (`totalCount`, shared/paging.ts countOf).
 */
export async function listLeads(
  tx: TenantTx,
  filter: LeadListFilter,
  page: PageRequest,
  withCount = false,
): Promise<(LeadRow & { sortKey: string; totalCount?: string })[]> {
  const { rows } = await leadPageStatement(tx, { ...pageShape(page), withCount }, { ...filterValues(filter), ...cursorValues(page) });
  return rows;
}

/** listLeads' statement, built once per shape (statement-template.ts). */
const leadPageStatement = statementTemplate(
  (
    tx: TenantTx,
    shape: PageShape & { withCount: boolean },
    { cursorKey, cursorId, ...filter }: FilterValues & CursorValues,
  ) => {
    const query = filtered(tx, filter)
      .selectAll('l')
      .select(sql<string>`l.created_at::text`.as('sortKey'))
      .$if(shape.withCount, (qb) => qb.select(countOf(filtered(tx, filter)).as('totalCount')));
    return newestFirstPage(query, pageOf(shape, { cursorKey, cursorId }), { at: 'l.createdAt', id: 'l.id' });
  },
);

export async function countLeads(tx: TenantTx, filter: LeadListFilter): Promise<number> {
  return countRows(filtered(tx, filterValues(filter)));
}

export async function findLeadById(tx: TenantTx, id: string): Promise<LeadRow | null> {
  return (await tx.selectFrom('leads').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

export async function findLeadsByConversationIds(tx: TenantTx, conversationIds: readonly string[]): Promise<LeadRow[]> {
  return tx
    .selectFrom('leads')
    .selectAll()
    .where(sql<boolean>`conversation_id = any(${conversationIds}::uuid[])`)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
}

/**
 * A LeadRow as leadsOfConversationJson returns it: the columns in this order, without keys, timestamps as
 * jsonInstants (src/db/json.ts); tenant and conversation are the enclosing conversation's (leads_conversation_same_tenant_fkey).
 */
export type LeadTuple = [
  id: string,
  intent: string,
  contactInfo: LeadRow['contactInfo'],
  status: string,
  sourceMessageId: string | null,
  createdAtSeconds: number,
  createdAtText: string | null,
  updatedAtSeconds: number,
  updatedAtText: string | null,
];

/**
 * The leads of one conversation, oldest first as findLeadsByConversationIds orders them, as one json
 * array of LeadTuples: a subquery for the row `conversationId` of an enclosing query, so a page of
 * conversations can carry its leads in its own statement (conversation.repository.ts).
 */
export function leadsOfConversationJson(conversationId: Expression<string>): RawBuilder<LeadTuple[]> {
  return sql<LeadTuple[]>`(
    select coalesce(json_agg(json_build_array(
             l.id, l.intent, l.contact_info, l.status, l.source_message_id, ${jsonInstant(sql.ref('l.created_at'))}, ${jsonInstant(sql.ref('l.updated_at'))}
           ) order by l.created_at, l.id), '[]')
      from leads l
     where l.conversation_id = ${conversationId})`;
}

/** The rows of leadsOfConversationJson's tuples, for the conversation they were read with. */
export function leadsFromJson(conversation: { id: string; tenantId: string }, leads: LeadTuple[]): LeadRow[] {
  const { id: conversationId, tenantId } = conversation;
  return leads.map(([id, intent, contactInfo, status, sourceMessageId, createdAtSeconds, createdAtText, updatedAtSeconds, updatedAtText]) => ({
    id,
    tenantId,
    conversationId,
    intent,
    contactInfo,
    status,
    sourceMessageId,
    createdAt: instantDate(createdAtSeconds, createdAtText),
    updatedAt: instantDate(updatedAtSeconds, updatedAtText),
  }));
}

export async function insertLead(
  tx: TenantTx,
  values: Omit<Insertable<Leads>, 'contactInfo'> & { contactInfo: Record<string, unknown> },
): Promise<LeadRow> {
  return tx
    .insertInto('leads')
    .values({ ...values, contactInfo: jsonb(values.contactInfo) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Sets the status and merges contact info (mergedContactInfo: keys set to null are removed). With nothing to
 * change it reads the lead instead (an UPDATE with an empty SET is not SQL): an empty input is a no-op.
 */
export async function updateLead(
  tx: TenantTx,
  id: string,
  changes: { status?: string; contactInfo?: Record<string, unknown> },
): Promise<LeadRow | null> {
  if (!changes.status && !changes.contactInfo) return findLeadById(tx, id);
  const row = await tx
    .updateTable('leads')
    .set((eb) => ({
      ...(changes.status ? { status: changes.status } : {}),
      ...(changes.contactInfo
        ? { contactInfo: mergedContactInfo(eb.ref('contactInfo'), sql`${jsonb(changes.contactInfo)}::jsonb`) }
        : {}),
    }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row ?? null;
}

export async function deleteLead(tx: TenantTx, id: string): Promise<boolean> {
  const row = await tx.deleteFrom('leads').where('id', '=', id).returning('id').executeTakeFirst();
  return row !== undefined;
}

export interface LeadRef {
  id: string;
  intent: string;
  /** false when the (conversation, intent) lead already existed and was only merged into. */
  created: boolean;
}

/**
 * Lead capture: inserts the lead for (conversation, intent), or merges `contact` into the existing one.
 *
 * The ON CONFLICT target is the v1.4 partial unique index (tenant_id, conversation_id, intent)
 * WHERE conversation_id IS NOT NULL, so a retried job or a redelivered webhook can never create a
 * second lead. The merge keeps every earlier key and only overwrites keys given again; the first
 * source_message_id and the status an operator may have set are kept. `xmax = 0` is true only for
 * a row this statement inserted.
 */
export async function upsertLead(
  tx: TenantTx,
  input: { tenantId: string; conversationId: string; intent: string; contact: ContactDetails; sourceMessageId: string | null },
): Promise<LeadRef> {
  const row = await tx
    .insertInto('leads')
    .values({
      // The bound tenant (the RLS check rejects any other); the composite (tenant_id,
      // conversation_id) foreign key then guarantees the conversation is that tenant's too.
      tenantId: input.tenantId,
      conversationId: input.conversationId,
      intent: input.intent,
      contactInfo: jsonb(input.contact),
      sourceMessageId: input.sourceMessageId,
      status: 'new',
    })
    .onConflict((oc) =>
      oc
        .columns(['tenantId', 'conversationId', 'intent'])
        .where('conversationId', 'is not', null)
        .doUpdateSet({ contactInfo: mergedContactInfo(sql`leads.contact_info`, sql`excluded.contact_info`) }),
    )
    .returning(['id', 'intent', sql<boolean>`xmax = 0`.as('created')])
    .executeTakeFirstOrThrow();
  return { id: row.id, intent: row.intent, created: row.created };
}

/**
 * upsertLead for each of `intents`, as a part of the statement that stores the visitor message (its
 * part `stored`, insertLoggedMessageQuery): the message is each new lead's source, and a lead is seeded
 * with the contact details known from the conversation's earlier leads (findConversationContact's
 * merge: oldest first, a later lead's key wins). Nothing when `stored` inserted nothing (a duplicate).
 * Only for a message without contact details of its own: merging those into the conversation's other
 * leads would update rows this statement may upsert too (lead-capture.service.ts).
 */
export function upsertLeadsForStoredQuery(
  db: QueryCreator<DB & { stored: { id: string; conversationId: string } }>,
  input: { tenantId: string; intents: readonly string[] },
) {
  const known = sql`(select coalesce(jsonb_object_agg(e.key, e.value order by l.created_at, l.id), '{}'::jsonb)
                       from leads l cross join lateral jsonb_each(l.contact_info) e
                      where l.conversation_id = stored.conversation_id)`;
  return db
    .insertInto('leads')
    .columns(['tenantId', 'conversationId', 'intent', 'contactInfo', 'sourceMessageId', 'status'])
    .expression((eb) =>
      eb
        .selectFrom([sql`unnest(${input.intents}::text[])`.as('i'), 'stored'])
        .select([sql`${input.tenantId}::uuid`.as('t'), 'stored.conversationId', sql`i`.as('intent'), known.as('k'), 'stored.id', sql`'new'`.as('s')]),
    )
    .onConflict((oc) =>
      oc
        .columns(['tenantId', 'conversationId', 'intent'])
        .where('conversationId', 'is not', null)
        .doUpdateSet({ contactInfo: mergedContactInfo(sql`leads.contact_info`, sql`excluded.contact_info`) }),
    )
    .returning('id');
}

/** Merges `contact` into every lead of the conversation; returns how many leads were updated. */
export async function mergeContactIntoConversationLeads(
  tx: TenantTx,
  conversationId: string,
  contact: ContactDetails,
): Promise<number> {
  const result = await tx
    .updateTable('leads')
    .set((eb) => ({ contactInfo: mergedContactInfo(eb.ref('contactInfo'), sql`${jsonb(contact)}::jsonb`) }))
    .where('conversationId', '=', conversationId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The contact details already known from the conversation's leads, oldest lead first. */
export async function findConversationContact(tx: TenantTx, conversationId: string): Promise<ContactDetails> {
  const rows = await tx
    .selectFrom('leads')
    .select('contactInfo')
    .where('conversationId', '=', conversationId)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
  return Object.assign({}, ...rows.map((row) => row.contactInfo as ContactDetails)) as ContactDetails;
}
