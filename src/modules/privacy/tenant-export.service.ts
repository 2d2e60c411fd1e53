import type { Kysely } from 'kysely';
import type { DB } from '../../db/db.generated';
import { withTenantTransaction, type TenantTx } from '../../db/tenant-transaction';
import { isUuid } from '../../lib/uuid';
import { notFound } from '../../lib/errors';
import { CONFIGURATION_SCHEMAS } from '../configurations/configuration.schemas';
import {
  findExportTenant,
  listUsageCounters,
  readAnswerRatings,
  readApiKeys,
  readAuditEvents,
  readConversations,
  readInboundEvents,
  readKnowledgeBase,
  readLeads,
  readMessages,
  readOutboundReplies,
  readPublicConfigurations,
  readUnansweredQuestionResolutions,
  readWithheldConfigurations,
  type PageReader,
} from './tenant-export.repository';

/** The first line's `data.format`; bump it when a record type changes shape. */
export const EXPORT_FORMAT = 'netia-tenant-export/1';
const PAGE_SIZE = 500;

/** Only the generic configuration types are exported with their data; anything else is withheld. */
const PUBLIC_CONFIGURATION_TYPES = Object.keys(CONFIGURATION_SCHEMAS);

/** Record types in file order; each line is `{"type": <type>, "data": {…}}`. */
const SECTIONS: ReadonlyArray<readonly [type: string, read: PageReader, mark?: Record<string, unknown>]> = [
  ['conversation', readConversations],
  ['message', readMessages],
  ['lead', readLeads],
  ['knowledge_base_entry', readKnowledgeBase],
  ['configuration', readPublicConfigurations(PUBLIC_CONFIGURATION_TYPES)],
  ['configuration', readWithheldConfigurations(PUBLIC_CONFIGURATION_TYPES), { secret: true, data: null }],
  ['api_key', readApiKeys],
  ['audit_event', readAuditEvents],
  ['inbound_event', readInboundEvents],
  ['outbound_reply', readOutboundReplies],
  ['answer_rating', readAnswerRatings],
  ['unanswered_question_resolution', readUnansweredQuestionResolutions],
];

/** Receives one JSON line (without the newline); may return a promise to apply backpressure. */
export type ExportSink = (line: string) => void | Promise<void>;

const line = (type: string, data: Record<string, unknown>) => JSON.stringify({ type, data });

/**
 * Writes all of one tenant's data to `sink` as JSON Lines, read in ONE read-only snapshot tenant
 * transaction (consistent across the paged reads): RLS is what limits every read to this tenant. Secrets never appear: API keys come without their hash, and
 * the Crisp/Tidio integration rows (sealed credentials) only as `{ id, type, secret: true, data: null }`.
 * An unknown tenant id is NOT_FOUND, before anything is written.
 */
export async function exportTenant(db: Kysely<DB>, tenantId: string, sink: ExportSink): Promise<{ lines: number }> {
  if (!isUuid(tenantId)) throw notFound('Tenant', 'id');
  return withTenantTransaction(db, tenantId, async (tx) => {
    const tenant = await findExportTenant(tx);
    if (!tenant) throw notFound('Tenant', 'id');
    let lines = 0;
    const emit = async (type: string, data: Record<string, unknown>) => {
      await sink(line(type, data));
      lines++;
    };
    await emit('export', { format: EXPORT_FORMAT, tenantId, exportedAt: new Date().toISOString() });
    await emit('tenant', tenant);
    for (const [type, read, mark] of SECTIONS) {
      await eachRow(tx, read, (row) => emit(type, { ...row, ...mark }));
    }
    for (const counter of await listUsageCounters(tx)) await emit('usage_counter', counter);
    return { lines };
  }, { snapshot: true });
}

async function eachRow(tx: TenantTx, read: PageReader, visit: (row: Record<string, unknown>) => Promise<void>): Promise<void> {
  let after: string | null = null;
  for (;;) {
    const rows = await read(tx, after, PAGE_SIZE);
    for (const row of rows) await visit(row);
    if (rows.length < PAGE_SIZE) return;
    after = rows[rows.length - 1]!.id;
  }
}
