import { GraphQLScalarType } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

const HOUR_MS = 3_600_000;
/** The text up to the hour ("2026-11-28T07:") of the last hours written, in four slots by hour number. */
const hourSlots = new Float64Array(4).fill(Number.NaN);
const hourTexts = ['', '', '', ''];

/**
 * Date.prototype.toISOString's text, written from the UTC fields: ~ 2.5 × faster than V8's builtin.
 * The date and hour part is kept for the last hours written: a page's timestamps mostly share a few
 * hours (an inbox's 225 fall in 24), so most texts are built from 6 pieces instead of 14 (issue #14:
 * ~ a third less time and fewer short-lived strings per inbox).
 */
export function isoText(date: Date): string {
  const time = date.getTime();
  const hour = Math.floor(time / HOUR_MS);
  const slot = hour & 3;
  if (hourSlots[slot] !== hour) {
    const year = date.getUTCFullYear();
    if (year < 1000 || year > 9999) return date.toISOString();
    hourSlots[slot] = hour;
    hourTexts[slot] = `${year}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())}T${pad2(date.getUTCHours())}:`;
  }
  const within = time - hour * HOUR_MS;
  const ms = within % 1000;
  return `${hourTexts[slot]}${pad2(Math.floor(within / 60_000))}:${pad2(Math.floor(within / 1000) % 60)}.${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}Z`;
}

/**
 * graphql-scalars' DateTime (same name, description, parsing and validation) that serialises to the
 * ISO text itself. DateTimeResolver hands the Date on, and JSON.stringify then calls each Date's toJSON,
 * which takes it off its fast path: the inbox's 230 timestamps made stringifying its 41 KB body ~ 3 ×
 * slower (0.24 against 0.08 ms). The text is the same toJSON would write.
 */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  ...DateTimeResolver.toConfig(),
  serialize: (value) => isoText(DateTimeResolver.serialize(value)),
});
