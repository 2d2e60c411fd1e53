import { sql, type SelectQueryBuilder } from 'kysely';

/** A keyset position: the sort column as PostgreSQL prints it (full microsecond precision) and the id. */
export interface Cursor {
  key: string;
  id: string;
}

/** One page of a list, as repositories take it (graphql/pagination.ts builds it from Relay arguments). */
export interface PageRequest {
  /** forward = in the list's natural order from `after`; backward = the last rows before `before`. */
  direction: 'forward' | 'backward';
  limit: number;
  cursor: Cursor | null;
}

/** A page as a string, for what is kept per page (a DataLoader per page; the inbox asks for it 40 times a request). */
export function pageKey({ direction, limit, cursor }: PageRequest): string {
  return cursor ? `${direction}:${limit}:${cursor.id}:${cursor.key}` : `${direction}:${limit}`;
}

/** A page as a statement template takes it (db/statement-template.ts): what decides its form, and its cursor's values. */
export type PageShape = Pick<PageRequest, 'direction' | 'limit'>;
export interface CursorValues {
  cursorKey?: string;
  cursorId?: string;
}

export function pageShape({ direction, limit }: PageRequest): PageShape {
  return { direction, limit };
}

export function cursorValues(page: PageRequest): CursorValues {
  return { cursorKey: page.cursor?.key, cursorId: page.cursor?.id };
}

/** The page that pageShape and cursorValues were taken from. */
export function pageOf(shape: PageShape, { cursorKey, cursorId }: CursorValues): PageRequest {
  const cursor = cursorKey === undefined || cursorId === undefined ? null : { key: cursorKey, id: cursorId };
  return { direction: shape.direction, limit: shape.limit, cursor };
}

/**
 * Keyset paging of a newest-first list on (timestamp column, id), e.g. `('l.createdAt', 'l.id')`:
 * 1. past the cursor (older rows going forward, newer going backward);
 * 2. ordered nearest to the cursor first, which is newest first going forward;
 * 3. limit + 1 rows, so the caller knows whether another page exists; limit rows when `withNext` is
 *    false (a selection without pageInfo never asks).
 */
export function newestFirstPage<QB extends SelectQueryBuilder<any, any, any>>(
  query: QB,
  page: PageRequest,
  keys: { at: string; id: string },
  withNext = true,
): QB {
  const forward = page.direction === 'forward';
  const at = sql.ref(keys.at);
  const id = sql.ref(keys.id);
  let paged = query;
  if (page.cursor) {
    const { key, id: cursorId } = page.cursor;
    paged = paged.where(
      forward
        ? sql<boolean>`(${at}, ${id}) < (${key}::timestamptz, ${cursorId}::uuid)`
        : sql<boolean>`(${at}, ${id}) > (${key}::timestamptz, ${cursorId}::uuid)`,
    ) as QB;
  }
  const order = forward ? 'desc' : 'asc';
  return paged.orderBy(at, order).orderBy(id, order).limit(withNext ? page.limit + 1 : page.limit) as QB;
}

/** A list filter's time window on one column, e.g. `('l.createdAt', { from: createdAfter, to: createdBefore })`: from inclusive, to exclusive; an absent bound is no bound. */
export function withinTimeRange<QB extends SelectQueryBuilder<any, any, any>>(query: QB, column: string, range: { from?: Date | null; to?: Date | null }): QB {
  const at = sql.ref(column);
  let bounded = query;
  if (range.from) bounded = bounded.where(sql<boolean>`${at} >= ${range.from}`) as QB;
  if (range.to) bounded = bounded.where(sql<boolean>`${at} < ${range.to}`) as QB;
  return bounded;
}

/** The number of rows a filtered list query matches, all pages. */
export async function countRows(query: SelectQueryBuilder<any, any, any>): Promise<number> {
  const row = (await countOf(query).executeTakeFirstOrThrow()) as { count: string };
  return Number(row.count);
}

/**
 * countRows' statement as an expression, for a page's own statement to select as a column (a scalar
 * subquery PostgreSQL runs once): the page and its `totalCount` in one statement. Its rows carry the
 * count as text; a page without rows carries none, so its count is countRows' own statement.
 */
export function countOf(query: SelectQueryBuilder<any, any, any>) {
  return query.select((eb) => eb.fn.countAll<string>().as('count'));
}
