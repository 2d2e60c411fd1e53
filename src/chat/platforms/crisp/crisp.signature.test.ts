import { createHmac } from 'node:crypto';
import { CRISP_SIGNATURE_MAX_AGE_MS, verifyCrispSignature } from './crisp.signature';

const secret = 'plugin-signing-secret';
const body = Buffer.from('{"website_id":"w1","event":"message:send","data":{"content":"Hi"},"timestamp":1717000000123}');
const now = new Date(1_717_000_000_000);

function sign(raw: Buffer, timestamp: string, key = secret): string {
  return createHmac('sha256', key).update(`[${timestamp};${raw.toString('utf8')}]`).digest('hex');
}

describe(verifyCrispSignature.name, () => {
  const ts = String(Math.floor(now.getTime() / 1000));

  it('accepts a body signed over [timestamp;raw body]', () => {
    expect(verifyCrispSignature({ rawBody: body, timestamp: ts, signature: sign(body, ts), secret, now })).toEqual({ ok: true });
  });

  it('accepts millisecond timestamps and uppercase hex', () => {
    const ms = String(now.getTime() - 1000);
    const signature = sign(body, ms).toUpperCase();
    expect(verifyCrispSignature({ rawBody: body, timestamp: ms, signature, secret, now }).ok).toBe(true);
  });

  it('rejects a tampered body', () => {
    const tampered = Buffer.from(body.toString('utf8').replace('Hi', 'Ho'));
    expect(verifyCrispSignature({ rawBody: tampered, timestamp: ts, signature: sign(body, ts), secret, now })).toEqual({
      ok: false,
      reason: 'mismatch',
    });
  });

  it('rejects a re-serialised body (whitespace differs from what was signed)', () => {
    const pretty = Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8')), null, 1));
    expect(verifyCrispSignature({ rawBody: pretty, timestamp: ts, signature: sign(body, ts), secret, now }).ok).toBe(false);
  });

  it('rejects another secret, a changed timestamp and missing headers', () => {
    expect(verifyCrispSignature({ rawBody: body, timestamp: ts, signature: sign(body, ts, 'other'), secret, now }).ok).toBe(false);
    expect(verifyCrispSignature({ rawBody: body, timestamp: String(Number(ts) + 1), signature: sign(body, ts), secret, now }).ok).toBe(false);
    expect(verifyCrispSignature({ rawBody: body, timestamp: undefined, signature: sign(body, ts), secret, now })).toEqual({
      ok: false,
      reason: 'missing',
    });
    expect(verifyCrispSignature({ rawBody: body, timestamp: ts, signature: undefined, secret, now }).ok).toBe(false);
  });

  it('rejects a stale or far-future timestamp even when correctly signed', () => {
    const old = String(Math.floor((now.getTime() - CRISP_SIGNATURE_MAX_AGE_MS - 60_000) / 1000));
    expect(verifyCrispSignature({ rawBody: body, timestamp: old, signature: sign(body, old), secret, now })).toEqual({
      ok: false,
      reason: 'stale',
    });
    const future = String(Math.floor((now.getTime() + 60 * 60 * 1000) / 1000));
    expect(verifyCrispSignature({ rawBody: body, timestamp: future, signature: sign(body, future), secret, now }).ok).toBe(false);
  });
});
