import { sql, type Expression, type RawBuilder } from 'kysely';

/**
 * Serialises a value for a jsonb parameter. node-postgres would send a JS array as a PostgreSQL
 * array literal, so every jsonb write goes through JSON text; both pg and PGlite accept that.
 */
export function jsonb(value: unknown): string {
  return JSON.stringify(value);
}

/**
 * A timestamptz as milliseconds since the epoch (a JSON number) inside json built in SQL: `new Date(ms)`
 * costs a fraction of parsing the ISO text, and gives the same Date (both drop the microseconds).
 */
export function epochMillis(timestamp: Expression<Date>): RawBuilder<number> {
  return sql<number>`floor(extract(epoch from ${timestamp}) * 1000)::int8`;
}
