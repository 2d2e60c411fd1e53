import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Constant-time string equality. Both sides are hashed first so that neither the comparison time
 * nor an early length check tells an attacker how much of a guessed secret was right.
 */
export function secretsEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}

/** Reads an epoch timestamp header in seconds or milliseconds (values above 1e12 are milliseconds). */
export function parseEpochHeader(value: string): number | null {
  if (!/^\d{1,16}$/.test(value)) return null;
  const n = Number(value);
  return n > 1e12 ? n : n * 1000;
}
