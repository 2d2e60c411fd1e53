import type { TenantTx } from '../../db/tenant-transaction';
import type { Analyzer } from './analyzer';
import { buildEntryDocument, type EntryText } from './entry-document';
import { listEntriesToIndex, saveEntryDocuments } from './search-index.repository';

/** Entries analysed per statement batch when catching up. */
const INDEX_BATCH = 500;

/** Analyses and stores these entry versions (at publish, or when a new version is made). */
export async function indexEntries(tx: TenantTx, tenantId: string, analyzer: Analyzer, entries: EntryText[]): Promise<void> {
  await saveEntryDocuments(tx, tenantId, entries.map((entry) => buildEntryDocument(analyzer, entry)));
}

/**
 * Brings the tenant's search index up to date with its analyser: entries published before v1.12,
 * inserted by other means, or analysed for another language or word list. A no-op (one indexed
 * query) when everything is current, which is the normal case.
 */
export async function ensureIndexed(tx: TenantTx, tenantId: string, analyzer: Analyzer): Promise<number> {
  let total = 0;
  for (;;) {
    const stale = await listEntriesToIndex(tx, analyzer.signature, INDEX_BATCH);
    if (stale.length === 0) return total;
    await indexEntries(tx, tenantId, analyzer, stale);
    total += stale.length;
    if (stale.length < INDEX_BATCH) return total;
  }
}
