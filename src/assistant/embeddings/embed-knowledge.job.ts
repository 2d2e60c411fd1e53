import type { Kysely } from 'kysely';
import type { DB } from '../../db/db.generated';
import { withTenantTransaction } from '../../db/tenant-transaction';
import type { EmbeddingsProvider } from './embeddings.provider';
import { listEntriesWithoutEmbedding, saveEmbeddings } from './embeddings.repository';

/** Entries embedded per endpoint call. */
const BATCH = 32;

/**
 * The embeddings job for one tenant: until every live entry has a vector for the model,
 * 1. read a batch of entries without one (a short tenant transaction);
 * 2. call the endpoint with no transaction open (it may take seconds);
 * 3. store the vectors (another short transaction; a concurrent run's rows are kept).
 * Idempotent, so a retried or duplicated job only repeats step 1. Returns how many it stored.
 */
export async function embedKnowledgeBase(db: Kysely<DB>, tenantId: string, provider: EmbeddingsProvider): Promise<number> {
  let stored = 0;
  for (;;) {
    const batch = await withTenantTransaction(db, tenantId, (tx) => listEntriesWithoutEmbedding(tx, provider.model, BATCH));
    if (batch.length === 0) return stored;
    const vectors = await provider.embed(
      batch.map((entry) => entry.text),
      { signal: AbortSignal.timeout(provider.timeoutMs * 4) },
    );
    await withTenantTransaction(db, tenantId, (tx) => saveEmbeddings(tx, tenantId, provider.model, batch.map((entry, i) => ({ id: entry.id, vector: vectors[i]! }))));
    stored += batch.length;
    if (batch.length < BATCH) return stored;
  }
}
