import { sql, type Selectable } from 'kysely';
import type { AuditEvents } from '../../db/db.generated';
import { jsonb } from '../../db/json';
import type { AdminTx, TenantTx } from '../../db/tenant-transaction';
import { countOf, countRows, newestFirstPage, withinTimeRange, type PageRequest } from '../shared/paging';

export type AuditEventRow = Selectable<AuditEvents>;

export interface NewAuditEvent {
  actorType: 'api_key' | 'admin' | 'system';
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  requestId: string | null;
  /** Never personal data or secrets: ids, counts and field names only. */
  details: Record<string, unknown>;
}

/** Appends an audit row for the bound tenant `tenantId` (RLS refuses any other). */
export async function insertAuditEvent(tx: TenantTx, tenantId: string, event: NewAuditEvent): Promise<void> {
  await tx
    .insertInto('auditEvents')
    .values({ ...event, tenantId, details: jsonb(event.details) })
    .execute();
}

/** Appends a platform operator's action to `tenantId`'s trail (netia_admin may insert 'admin' rows only). */
export async function insertAdminAuditEvent(tx: AdminTx, tenantId: string, event: NewAuditEvent): Promise<void> {
  await tx
    .insertInto('auditEvents')
    .values({ ...event, tenantId, details: jsonb(event.details) })
    .execute();
}

export async function findAuditEventById(tx: TenantTx, id: string): Promise<AuditEventRow | null> {
  return (await tx.selectFrom('auditEvents').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

export interface AuditEventFilter {
  action?: string | null;
  actorId?: string | null;
  targetId?: string | null;
  createdAfter?: Date | null;
  createdBefore?: Date | null;
}

function filtered(tx: TenantTx, filter: AuditEventFilter) {
  let query = tx.selectFrom('auditEvents');
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.actorId) query = query.where('actorId', '=', filter.actorId);
  if (filter.targetId) query = query.where('targetId', '=', filter.targetId);
  query = withinTimeRange(query, 'createdAt', { from: filter.createdAfter, to: filter.createdBefore });
  return query;
}

/**
 * One page, newest first, keyset-paginated on (created_at, id) like every list of the API
 * (graphql/pagination.ts); with `withCount` each row also carries the whole trail's count (shared/paging.ts countOf).
 */
export async function listAuditEvents(
  tx: TenantTx,
  filter: AuditEventFilter,
  page: PageRequest,
  withCount = false,
): Promise<(AuditEventRow & { sortKey: string; totalCount?: string })[]> {
  const query = filtered(tx, filter)
    .selectAll()
    .select(sql<string>`created_at::text`.as('sortKey'))
    .$if(withCount, (qb) => qb.select(countOf(filtered(tx, filter)).as('totalCount')));
  return newestFirstPage(query, page, { at: 'createdAt', id: 'id' }).execute();
}

export async function countAuditEvents(tx: TenantTx, filter: AuditEventFilter): Promise<number> {
  return countRows(filtered(tx, filter));
}
