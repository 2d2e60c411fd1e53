import { sql, type Selectable } from 'kysely';
import type { AuditEvents } from '../../db/db.generated';
import { jsonb } from '../../db/json';
import type { TenantTx } from '../../db/tenant-transaction';

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

/** Appends an audit row for the bound tenant (tenant_id comes from the RLS binding). */
export async function insertAuditEvent(tx: TenantTx, event: NewAuditEvent): Promise<void> {
  await tx
    .insertInto('auditEvents')
    .values({ ...event, tenantId: sql<string>`app.current_tenant_id()`, details: jsonb(event.details) })
    .execute();
}

export interface AuditEventFilter {
  action?: string | null;
  actorId?: string | null;
  targetId?: string | null;
  createdAfter?: Date | null;
  createdBefore?: Date | null;
}

/** Newest first; keyset position is (created_at, id) as PostgreSQL prints the timestamp. */
export async function listAuditEvents(
  tx: TenantTx,
  filter: AuditEventFilter,
  page: { limit: number; after: { key: string; id: string } | null },
): Promise<(AuditEventRow & { cursorKey: string })[]> {
  let query = tx
    .selectFrom('auditEvents')
    .selectAll()
    .select(sql<string>`created_at::text`.as('cursorKey'))
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit);
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.actorId) query = query.where('actorId', '=', filter.actorId);
  if (filter.targetId) query = query.where('targetId', '=', filter.targetId);
  if (filter.createdAfter) query = query.where('createdAt', '>=', filter.createdAfter);
  if (filter.createdBefore) query = query.where('createdAt', '<', filter.createdBefore);
  if (page.after) {
    const { key, id } = page.after;
    query = query.where(sql<boolean>`(created_at, id) < (${key}::timestamptz, ${id}::uuid)`);
  }
  return query.execute();
}
