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
const MAX_ENTRIES = 10_000;

export interface ApiKeyCache {
  /** authenticateKeyHash, answered from memory while an accepted lookup is younger than API_KEY_CACHE_MS. */
  authenticate(db: Kysely<DB>, keyHash: string): Promise<AuthResult>;
  /** After a mutation of this tenant committed here: its keys are looked up again. */
  forgetTenant(tenantId: string): void;
  /** After a platform admin's mutation: every key is looked up again. */
  clear(): void;
}

/**
 * Per-process cache of accepted API keys: at a few hundred requests per second per key the lookup
 * (one round trip) is paid about once a second per key instead of per request. Refusals are never
 * cached (an unknown or revoked key costs its lookup every time, and random keys cannot fill memory).
 */
export function createApiKeyCache(now: () => number = () => performance.now()): ApiKeyCache {
  const entries = new Map<string, { result: Extract<AuthResult, { ok: true }>; sentAt: number; tenantId: string }>();
  let generation = 0;
  return {
    async authenticate(db, keyHash) {
      const hit = entries.get(keyHash);
      const sentAt = now();
      if (hit && sentAt - hit.sentAt < API_KEY_CACHE_MS) return hit.result;
      const started = generation;
      const result = await authenticateKeyHash(db, keyHash);
      // A forget while the lookup was in flight may be about what it read: do not keep it.
      if (result.ok && result.viewer.kind === 'tenant' && started === generation) {
        if (entries.size >= MAX_ENTRIES) entries.clear();
        entries.set(keyHash, { result, sentAt, tenantId: result.viewer.tenantId });
      } else if (!result.ok) {
        entries.delete(keyHash);
      }
      return result;
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
