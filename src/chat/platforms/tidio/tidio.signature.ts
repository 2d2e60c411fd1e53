import { createHmac } from 'node:crypto';
import { secretsEqual } from '../../../lib/secrets-equal';

/**
 * Tidio retries for about 4 h 45 min and does not say whether a retry is re-signed with a fresh
 * `t`, so the window covers the whole retry schedule; replays inside it are deduplicated on webhook_id.
 */
export const TIDIO_SIGNATURE_MAX_AGE_MS = 6 * 60 * 60 * 1000;
export const TIDIO_SIGNATURE_MAX_FUTURE_MS = 5 * 60 * 1000;

export type TidioSignatureCheck = { ok: true } | { ok: false; reason: 'missing' | 'mismatch' | 'stale' };

/**
 * Verifies `x-tidio-signature: t=<unix seconds>,s=<hex>[,s=<hex>…]`: HMAC-SHA256 of
 * `<raw body>_<t>` with the tenant's webhook secret must equal ANY of the `s=` values (one per
 * active secret, which allows rotation). Constant-time comparisons, raw bytes only.
 */
export function verifyTidioSignature(input: {
  rawBody: Buffer;
  header: string | undefined;
  secret: string;
  now: Date;
}): TidioSignatureCheck {
  const { rawBody, header, secret, now } = input;
  if (!header || !secret) return { ok: false, reason: 'missing' };
  let t: string | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const at = part.indexOf('=');
    if (at < 0) continue;
    const name = part.slice(0, at).trim();
    const value = part.slice(at + 1).trim();
    if (name === 't') t = value;
    else if (name === 's' && value) signatures.push(value.toLowerCase());
  }
  if (!t || !/^\d{1,12}$/.test(t) || signatures.length === 0) return { ok: false, reason: 'missing' };
  const expected = createHmac('sha256', secret).update(rawBody).update(`_${t}`, 'utf8').digest('hex');
  // Every candidate is compared (no short-circuit) so timing does not reveal which one matched.
  const matched = signatures.map((s) => secretsEqual(s, expected)).includes(true);
  if (!matched) return { ok: false, reason: 'mismatch' };
  const age = now.getTime() - Number(t) * 1000;
  if (age > TIDIO_SIGNATURE_MAX_AGE_MS || age < -TIDIO_SIGNATURE_MAX_FUTURE_MS) return { ok: false, reason: 'stale' };
  return { ok: true };
}
