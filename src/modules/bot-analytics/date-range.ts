import { EARLIEST_DATE_TIME } from '../../graphql/input-policy';
import { badUserInput } from '../../lib/errors';

const DAY_MS = 86_400_000;
/** The longest range one analytics query may cover. */
export const MAX_RANGE_DAYS = 366;

/** [from, to): `to` defaults to now, `from` to 30 days before it; at most MAX_RANGE_DAYS. */
export function dateRange(args: { from?: Date | null; to?: Date | null }): { from: Date; to: Date } {
  const to = args.to ?? new Date();
  // Never before the earliest date an input may name (PostgreSQL has no year 0).
  const from = args.from ?? new Date(Math.max(to.getTime() - 30 * DAY_MS, EARLIEST_DATE_TIME));
  if (from >= to) throw badUserInput('from', 'must be before to');
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS) throw badUserInput('from', `the range may span at most ${MAX_RANGE_DAYS} days`);
  return { from, to };
}
