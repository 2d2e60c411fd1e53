import { DateTimeScalar } from './date-time-scalar';
import { ArgsType, Field, InputType, Int, ObjectType, type ClassType } from 'type-graphql';
import { isUuid } from '../lib/uuid';
import { badUserInput } from '../lib/errors';
import type { Cursor, PageRequest } from '../modules/shared/paging';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

@ObjectType({ simpleResolvers: true })
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field()
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: `Page size from the start (1–${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE})` })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;

  @Field(() => Int, { nullable: true, description: `Page size from the end (1–${MAX_PAGE_SIZE})` })
  last?: number | null;

  @Field(() => String, { nullable: true })
  before?: string | null;
}

/** PageArgs plus the list's optional `filter` input: `class LeadsArgs extends filteredPageArgs(LeadFilter) {}`. */
export function filteredPageArgs<F extends object>(filter: ClassType<F>) {
  @ArgsType()
  abstract class FilteredPageArgs extends PageArgs {
    @Field(() => filter, { nullable: true })
    filter?: F | null;
  }
  return FilteredPageArgs;
}

/** The creation window a list filter inherits (from inclusive, to exclusive; repositories apply it with withinTimeRange). */
@InputType()
export abstract class CreatedWithinFilter {
  @Field(() => DateTimeScalar, { nullable: true })
  createdAfter?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  createdBefore?: Date | null;
}

export type { Cursor, PageRequest };

const TIMESTAMP_TEXT = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?[+-](\d{2})(?::(\d{2}))?(?::(\d{2}))?$/;

/**
 * A timestamp as PostgreSQL prints timestamptz (what encodeCursor stores), and one it can read back:
 * a real calendar day, a time of day and an offset within ±15:59:59. A forged cursor with an
 * impossible date would otherwise fail the `::timestamptz` cast in the list query.
 */
function isTimestampText(text: string): boolean {
  const match = TIMESTAMP_TEXT.exec(text);
  if (!match) return false;
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes = 0, offsetSeconds = 0] = match.slice(1).map((part) => Number(part ?? 0));
  const leap = (year! % 4 === 0 && year! % 100 !== 0) || year! % 400 === 0;
  const daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month! - 1] ?? 0;
  return (
    year! >= 1 &&
    month! >= 1 &&
    month! <= 12 &&
    day! >= 1 &&
    day! <= daysInMonth &&
    hour! <= 23 &&
    minute! <= 59 &&
    second! <= 59 &&
    offsetHours! <= 15 &&
    offsetMinutes <= 59 &&
    offsetSeconds <= 59
  );
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.key, cursor.id])).toString('base64url');
}

/** Decodes a cursor this API issued; anything else is BAD_USER_INPUT naming the argument. */
export function decodeCursor(value: string, field: string): Cursor {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2) {
      const [key, id] = parsed as unknown[];
      if (typeof key === 'string' && isTimestampText(key) && typeof id === 'string' && isUuid(id)) return { key, id };
    }
  } catch {
    // fall through to the error below
  }
  throw badUserInput(field, 'is not a valid cursor');
}

function checkSize(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 1 || value > MAX_PAGE_SIZE) {
    throw badUserInput(field, `must be between 1 and ${MAX_PAGE_SIZE}`);
  }
  return value;
}

/** Validates Relay arguments: one direction at a time, page size capped at MAX_PAGE_SIZE. */
export function pageRequest(args: PageArgs, prefix = ''): PageRequest {
  const name = (field: string) => (prefix ? `${prefix}.${field}` : field);
  if (args.first != null && args.last != null) throw badUserInput(name('last'), 'cannot be combined with first');
  if (args.last != null || args.before != null) {
    if (args.after != null) throw badUserInput(name('after'), 'cannot be combined with last/before');
    return {
      direction: 'backward',
      limit: checkSize(args.last ?? DEFAULT_PAGE_SIZE, name('last')),
      cursor: args.before != null ? decodeCursor(args.before, name('before')) : null,
    };
  }
  return {
    direction: 'forward',
    limit: checkSize(args.first ?? DEFAULT_PAGE_SIZE, name('first')),
    cursor: args.after != null ? decodeCursor(args.after, name('after')) : null,
  };
}

export interface Edge<T> {
  readonly cursor: string;
  readonly node: T;
}

/**
 * An edge whose cursor is encoded only when the client selects it: most list queries never ask, and
 * encoding one per row was a visible share of a list's CPU. The node keeps its row's sortKey (no copy
 * per row); the schema has no field for it, so it is never sent.
 */
class LazyCursorEdge<T extends { id: string; sortKey: string }> implements Edge<T> {
  constructor(readonly node: T) {}

  get cursor(): string {
    return encodeCursor({ key: this.node.sortKey, id: this.node.id });
  }
}

/** Page info whose start and end cursors, like the edges', are encoded only when selected. */
class LazyPageInfo<T extends { id: string; sortKey: string }> implements PageInfo {
  constructor(
    private readonly edges: readonly Edge<T>[],
    readonly hasNextPage: boolean,
    readonly hasPreviousPage: boolean,
  ) {}

  get startCursor(): string | null {
    return this.edges[0]?.cursor ?? null;
  }

  get endCursor(): string | null {
    return this.edges[this.edges.length - 1]?.cursor ?? null;
  }
}

/**
 * Turns `limit + 1` rows fetched in query order into edges in the list's natural order.
 * Backward pages are fetched reversed (nearest to the cursor first) and flipped here.
 */
export function toPage<T extends { id: string; sortKey: string }>(rows: T[], request: PageRequest): { edges: Edge<T>[]; pageInfo: PageInfo } {
  const hasMore = rows.length > request.limit;
  const kept = rows.slice(0, request.limit);
  if (request.direction === 'backward') kept.reverse();
  const edges = kept.map((row) => new LazyCursorEdge(row));
  return {
    edges,
    pageInfo: new LazyPageInfo(
      edges,
      // Rows beyond a cursor the client holds exist as far as it knows; counting them would cost a query.
      request.direction === 'forward' ? hasMore : request.cursor !== null,
      request.direction === 'backward' ? hasMore : request.cursor !== null,
    ),
  };
}
