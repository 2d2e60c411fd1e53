import type { Kysely } from 'kysely';
import type { DB } from '../db/db.generated';
import { authenticateKeyHash, type AuthResult } from './authenticate';

/**
 * How long this process trusts an accepted key's lookup, counted from the moment the lookup was sent.
 * A key revoked or a tenant suspended through ANY instance (or by hand in SQL) is therefore refused by
 * every instance within this time, without relying on a notification that a dropped LISTEN connection
 * could miss; this instance's own GraphQL mutations forget the entries at once (forgetTenant / clear).
 */
export const API_KEY_CACHE_MS = 900;
/**
 * From this age on, a request answered from the cache also sends the key's next lookup in the
 * background, so a key in steady use is looked up again before its entry expires and no request waits
 * for the lookup's round trip (bench/RESULTS.md, issue #14: about one inbox request in nine did at 500/s).
 */
export const API_KEY_REFRESH_MS = 600;
const MAX_ENTRIES = 10_000;

export interface ApiKeyCache {
  /** authenticateKeyHash, answered from memory while an accepted lookup is younger than API_KEY_CACHE_MS. */
  authenticate(db: Kysely<DB>, keyHash: string): Promise<AuthResult>;
  /** After a mutation of this tenant committed here: its keys are looked up again. */
  forgetTenant(tenantId: string): void;
  /** After a platform admin's mutation: every key is looked up again. */
  clear(): void;
}

interface Entry {
  result: Extract<AuthResult, { ok: true }>;
  sentAt: number;
  tenantId: string;
  refreshing: boolean;
}

/**
 * Per-process cache of accepted API keys: at a few hundred requests per second per key the lookup
 * (one round trip) is paid about once a second per key instead of per request. Refusals are never
 * cached (an unknown or revoked key costs its lookup every time, and random keys cannot fill memory).
 */
export function createApiKeyCache(
  now: () => number = () => performance.now(),
  lookup: (db: Kysely<DB>, keyHash: string) => Promise<AuthResult> = authenticateKeyHash,
): ApiKeyCache {
  const entries = new Map<string, Entry>();
  let generation = 0;

  /** Looks the key up and keeps what it says, timed from the moment the lookup was sent. */
  const lookUp = async (db: Kysely<DB>, keyHash: string): Promise<AuthResult> => {
    const started = generation;
    const sentAt = now();
    const result = await lookup(db, keyHash);
    // A forget while the lookup was in flight may be about what it read: do not keep it.
    if (result.ok && result.viewer.kind === 'tenant' && started === generation) {
      if (entries.size >= MAX_ENTRIES) entries.clear();
      entries.set(keyHash, { result, sentAt, tenantId: result.viewer.tenantId, refreshing: false });
    } else if (!result.ok) {
      entries.delete(keyHash);
    }
    return result;
  };

  return {
    async authenticate(db, keyHash) {
      const hit = entries.get(keyHash);
      const age = hit ? now() - hit.sentAt : Infinity;
      if (!hit || age >= API_KEY_CACHE_MS) return lookUp(db, keyHash);
      if (age >= API_KEY_REFRESH_MS && !hit.refreshing) {
        hit.refreshing = true;
        // A failed refresh changes nothing: the entry still expires on time and the next request looks up.
        lookUp(db, keyHash).then(
          () => (hit.refreshing = false),
          () => (hit.refreshing = false),
        );
      }
      return hit.result;
    },
    forgetTenant(tenantId) {
      generation += 1;
      for (const [hash, entry] of entries) if (entry.tenantId === tenantId) entries.delete(hash);
    },
    clear() {
      generation += 1;
      entries.clear();
    },
  };
}
