import { createHmac } from 'node:crypto';
import { secretsEqual } from '../../../lib/secrets-equal';
import { parseEpochHeader } from '../epoch-header';

/**
 * Crisp retries plugin hooks on an undocumented schedule, so a delivery may legitimately be hours
 * old; replays inside the window are harmless because every event is deduplicated.
 */
export const CRISP_SIGNATURE_MAX_AGE_MS = 6 * 60 * 60 * 1000;
/** Clock skew tolerated for timestamps in the future. */
export const CRISP_SIGNATURE_MAX_FUTURE_MS = 5 * 60 * 1000;

export type SignatureCheck = { ok: true } | { ok: false; reason: 'missing' | 'mismatch' | 'stale' };

/**
 * Verifies a Crisp plugin hook: HMAC-SHA256 over `[<timestamp header>;<raw body>]` with the plugin's
 * signing secret, lowercase hex, compared in constant time. The timestamp header is used verbatim
 * (its unit is undocumented; the freshness check accepts seconds and milliseconds). The RAW bytes
 * are signed: re-serialising parsed JSON could change them and would let a crafted body through.
 */
export function verifyCrispSignature(input: {
  rawBody: Buffer;
  timestamp: string | undefined;
  signature: string | undefined;
  secret: string;
  now: Date;
}): SignatureCheck {
  const { rawBody, timestamp, signature, secret, now } = input;
  if (!timestamp || !signature || !secret) return { ok: false, reason: 'missing' };
  const signedAt = parseEpochHeader(timestamp.trim());
  if (signedAt === null) return { ok: false, reason: 'missing' };
  const expected = createHmac('sha256', secret)
    .update(`[${timestamp};`, 'utf8')
    .update(rawBody)
    .update(']', 'utf8')
    .digest('hex');
  if (!secretsEqual(signature.trim().toLowerCase(), expected)) return { ok: false, reason: 'mismatch' };
  const age = now.getTime() - signedAt;
  if (age > CRISP_SIGNATURE_MAX_AGE_MS || age < -CRISP_SIGNATURE_MAX_FUTURE_MS) return { ok: false, reason: 'stale' };
  return { ok: true };
}
