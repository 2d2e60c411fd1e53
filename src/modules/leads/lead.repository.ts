import { sql, type Insertable, type Selectable } from 'kysely';
import type { Leads } from '../../db/db.generated';
import { jsonb } from '../../db/json';
import type { TenantTx } from '../../db/tenant-transaction';
import { countRows, newestFirstPage, type PageRequest } from '../shared/paging';

export type LeadRow = Selectable<Leads>;

export interface LeadListFilter {
  status?: string | null;
  intent?: string | null;
  createdAfter?: Date | null;
  createdBefore?: Date | null;
}

function filtered(tx: TenantTx, filter: LeadListFilter) {
  let query = tx.selectFrom('leads as l');
  if (filter.status) query = query.where('l.status', '=', filter.status);
  if (filter.intent) query = query.where('l.intent', '=', filter.intent);
  if (filter.createdAfter) query = query.where('l.createdAt', '>=', filter.createdAfter);
  if (filter.createdBefore) query = query.where('l.createdAt', '<', filter.createdBefore);
  return query;
}

/** One page, newest first, by keyset on (created_at, id) — idx_leads_tenant_recency. */
export async function listLeads(tx: TenantTx, filter: LeadListFilter, page: PageRequest): Promise<(LeadRow & { sortKey: string })[]> {
  const query = filtered(tx, filter).selectAll('l').select(sql<string>`l.created_at::text`.as('sortKey'));
  return newestFirstPage(query, page, { at: 'l.createdAt', id: 'l.id' }).execute();
}

export async function countLeads(tx: TenantTx, filter: LeadListFilter): Promise<number> {
  return countRows(filtered(tx, filter));
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
 * Sets the status and merges contact info (jsonb ||, then keys set to null removed). With nothing to
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
        ? { contactInfo: sql`jsonb_strip_nulls(${eb.ref('contactInfo')} || ${jsonb(changes.contactInfo)}::jsonb)` }
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
