/**
 * Serialises a value for a jsonb parameter. node-postgres would send a JS array as a PostgreSQL
 * array literal, so every jsonb write goes through JSON text; both pg and PGlite accept that.
 */
export function jsonb(value: unknown): string {
  return JSON.stringify(value);
}
