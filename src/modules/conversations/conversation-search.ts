import { sql } from 'kysely';
import type { TenantTx } from '../../db/tenant-transaction';
import { badUserInput, DomainError, pgErrorInfo } from '../../lib/errors';

/**
 * The inbox search over message text (`conversations(filter: { search })`), bounded so that what one
 * request costs the database does not grow with what it sends, and so that searches can never occupy
 * the pool:
 * - a few short words (a tsquery of at most SEARCH_MAX_WORDS terms);
 * - each search statement under its own timeout, far below the pool-wide STATEMENT_TIMEOUT_MS;
 * - at most SEARCH_MAX_CONCURRENT search statements at once in a process (a fifth of the default
 *   pool of 20), SEARCH_MAX_CONCURRENT_PER_TENANT of them for one tenant; a search beyond that is
 *   refused at once (RATE_LIMITED), so it holds its connection for no time. Without this, searches
 *   of a large tenant that each take the full timeout could still, twenty at a time, hold every
 *   pooled connection.
 */
export const SEARCH_MAX_LENGTH = 200;
export const SEARCH_MAX_WORDS = 8;
export const SEARCH_MAX_WORD_LENGTH = 64;
export const SEARCH_STATEMENT_TIMEOUT_MS = 2_000;
export const SEARCH_MAX_CONCURRENT = 4;
export const SEARCH_MAX_CONCURRENT_PER_TENANT = 2;

/** A validated search, with the tenant whose concurrent searches it counts against. */
export interface SearchFilter {
  words: readonly string[];
  tenantId: string;
}

const FIELD = 'filter.search';

/** The distinct words of a search (null: no search), or BAD_USER_INPUT naming filter.search. */
export function searchWords(raw: string | null | undefined): string[] | null {
  const text = (raw ?? '').trim();
  if (!text) return null;
  if (text.length > SEARCH_MAX_LENGTH) throw badUserInput(FIELD, `must be at most ${SEARCH_MAX_LENGTH} characters`);
  const words = [...new Set(text.toLowerCase().split(/\s+/))];
  if (words.length > SEARCH_MAX_WORDS) throw badUserInput(FIELD, `at most ${SEARCH_MAX_WORDS} different words`);
  if (words.some((word) => word.length > SEARCH_MAX_WORD_LENGTH)) {
    throw badUserInput(FIELD, `words of at most ${SEARCH_MAX_WORD_LENGTH} characters`);
  }
  return words;
}

/** Every word must occur in one message: searchWords' words joined by spaces (a conjunction in plainto_tsquery). */
export function messagesMatching(searchText: string) {
  return sql<boolean>`exists (select 1 from messages m where m.conversation_id = c.id
    and m.search_vector @@ plainto_tsquery('simple', ${searchText}))`;
}

const SEARCH_TIMEOUT_STATEMENT = sql.raw(`savepoint netia_search; set local statement_timeout = ${SEARCH_STATEMENT_TIMEOUT_MS}`);

const running = { total: 0, byTenant: new Map<string, number>() };

/** Takes one of the process's search slots for the tenant, or refuses the search at once. */
function takeSearchSlot(tenantId: string): () => void {
  const mine = running.byTenant.get(tenantId) ?? 0;
  if (running.total >= SEARCH_MAX_CONCURRENT || mine >= SEARCH_MAX_CONCURRENT_PER_TENANT) {
    throw new DomainError('RATE_LIMITED', `${FIELD}: too many searches are running at once; retry in a moment`, FIELD, { retryAfterSeconds: 1 });
  }
  running.total += 1;
  running.byTenant.set(tenantId, mine + 1);
  return () => {
    running.total -= 1;
    const left = (running.byTenant.get(tenantId) ?? 1) - 1;
    if (left > 0) running.byTenant.set(tenantId, left);
    else running.byTenant.delete(tenantId);
  };
}

/**
 * Runs one search statement in one of the process's search slots, under SEARCH_STATEMENT_TIMEOUT_MS,
 * inside a savepoint: when it is cut off, the savepoint is rolled back (timeout included), so the
 * request's transaction and the other fields of the operation carry on, and the client gets
 * BAD_USER_INPUT instead of a masked error. Other statements of the request keep the pool-wide
 * STATEMENT_TIMEOUT_MS.
 */
export async function withSearchTimeout<T>(tx: TenantTx, search: SearchFilter, statement: () => Promise<T>): Promise<T> {
  const release = takeSearchSlot(search.tenantId);
  try {
    return await inSearchSavepoint(tx, statement);
  } finally {
    release();
  }
}

async function inSearchSavepoint<T>(tx: TenantTx, statement: () => Promise<T>): Promise<T> {
  await SEARCH_TIMEOUT_STATEMENT.execute(tx);
  try {
    const result = await statement();
    // SET LOCAL outlives RELEASE: the rest of the transaction gets the connection's own timeout back.
    await sql`release savepoint netia_search; set local statement_timeout to default`.execute(tx);
    return result;
  } catch (error) {
    await sql`rollback to savepoint netia_search; release savepoint netia_search`.execute(tx);
    if (pgErrorInfo(error).code === '57014') {
      throw badUserInput(FIELD, `the search took longer than ${SEARCH_STATEMENT_TIMEOUT_MS / 1000} s; use fewer or more specific words`);
    }
    throw error;
  }
}
