import type { Kysely } from 'kysely';
import type { DB } from '../db/db.generated';
import { API_KEY_CACHE_MS, API_KEY_REFRESH_MS, createApiKeyCache } from './api-key-cache';
import type { AuthResult } from './authenticate';

const db = {} as Kysely<DB>;
const accepted = (scope: string): AuthResult => ({
  ok: true,
  viewer: { kind: 'tenant', tenantId: 't1', apiKeyId: 'k1', scopes: [scope as never], plan: 'pro' },
});
const revoked: AuthResult = { ok: false, status: 401, code: 'UNAUTHENTICATED', message: 'This API key has been revoked' };

/** A clock and a lookup the test answers by hand, one pending lookup at a time. */
function setUp() {
  let clock = 0;
  const sent: { at: number; answer(result: AuthResult): Promise<void> }[] = [];
  const lookup = () =>
    new Promise<AuthResult>((resolve) => {
      sent.push({ at: clock, answer: async (result) => (resolve(result), await new Promise((r) => setImmediate(r))) });
    });
  const cache = createApiKeyCache(() => clock, lookup);
  const at = (ms: number) => (clock = ms);
  /** The key accepted at 0 ms, then asked for at the refresh age: its refresh is the second lookup, unanswered. */
  const refreshing = async () => {
    const first = cache.authenticate(db, 'h');
    await sent[0]!.answer(accepted('a'));
    await first;
    at(API_KEY_REFRESH_MS);
    await cache.authenticate(db, 'h');
  };
  return { cache, sent, at, refreshing };
}

describe('API key cache refresh', () => {
  it('answers from memory and looks the key up again in the background once the entry is older than the refresh age', async () => {
    const { cache, sent, at } = setUp();
    const first = cache.authenticate(db, 'h');
    await sent[0]!.answer(accepted('a'));
    expect(await first).toEqual(accepted('a'));
    at(API_KEY_REFRESH_MS - 1);
    expect(await cache.authenticate(db, 'h')).toEqual(accepted('a'));
    expect(sent).toHaveLength(1);
    at(API_KEY_REFRESH_MS);
    expect(await cache.authenticate(db, 'h')).toEqual(accepted('a'));
    expect(await cache.authenticate(db, 'h')).toEqual(accepted('a'));
    expect(sent).toHaveLength(2); // one refresh, however many requests meanwhile
    await sent[1]!.answer(accepted('b'));
    // The refreshed entry is timed from the refresh's send: still answered at 900 ms after the first lookup.
    at(API_KEY_CACHE_MS + 1);
    expect(await cache.authenticate(db, 'h')).toEqual(accepted('b'));
    expect(sent).toHaveLength(2);
  });

  it('never answers from a lookup sent API_KEY_CACHE_MS ago or more, refresh or not', async () => {
    const { cache, sent, at, refreshing } = setUp();
    await refreshing(); // a refresh that does not come back in time
    at(API_KEY_CACHE_MS);
    const late = cache.authenticate(db, 'h');
    expect(sent).toHaveLength(3);
    await sent[2]!.answer(revoked);
    expect(await late).toEqual(revoked);
  });

  it('forgets the key when its refresh is refused: the next request looks it up and is refused', async () => {
    const { cache, sent, refreshing } = setUp();
    await refreshing();
    await sent[1]!.answer(revoked);
    const next = cache.authenticate(db, 'h');
    expect(sent).toHaveLength(3);
    await sent[2]!.answer(revoked);
    expect(await next).toEqual(revoked);
  });

  it('does not keep a refresh that was in flight when the tenant was forgotten', async () => {
    const { cache, sent, refreshing } = setUp();
    await refreshing();
    cache.forgetTenant('t1');
    await sent[1]!.answer(accepted('stale'));
    const next = cache.authenticate(db, 'h');
    expect(sent).toHaveLength(3);
    await sent[2]!.answer(accepted('c'));
    expect(await next).toEqual(accepted('c'));
  });
});
