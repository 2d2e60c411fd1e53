/**
 * The wait a `Retry-After` header asks for, in milliseconds: delta-seconds ("120") or an HTTP date
 * ("Wed, 21 Oct 2026 07:28:00 GMT"), RFC 9110 §10.2.3. A date in the past is 0; a missing or
 * malformed value is null (the caller's own backoff applies). Callers cap the result.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | null {
  const text = value?.trim();
  if (!text) return null;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Only a date names a weekday and a month; Date.parse alone would also take "3.5" or "1 2".
  if (!/^[A-Za-z]{3},? /.test(text)) return null;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
