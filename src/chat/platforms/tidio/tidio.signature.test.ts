import { createHmac } from 'node:crypto';
import { TIDIO_SIGNATURE_MAX_AGE_MS, verifyTidioSignature } from './tidio.signature';

const secret = 'tidio-stack-secret';
const body = Buffer.from('{"created_at":1717000000,"project_public_key":"pk","topic":"contact.created","webhook_id":"w"}');
const now = new Date(1_717_000_100_000);
const t = String(Math.floor(now.getTime() / 1000) - 30);

function sign(raw: Buffer, ts: string, key = secret): string {
  return createHmac('sha256', key).update(`${raw.toString('utf8')}_${ts}`).digest('hex');
}

describe(verifyTidioSignature.name, () => {
  it('accepts <raw body>_<t> signed with the secret', () => {
    expect(verifyTidioSignature({ rawBody: body, header: `t=${t},s=${sign(body, t)}`, secret, now })).toEqual({ ok: true });
  });

  it('accepts when any of several s= values matches (secret rotation)', () => {
    const header = `t=${t},s=${sign(body, t, 'old-secret')},s=${sign(body, t)}`;
    expect(verifyTidioSignature({ rawBody: body, header, secret, now }).ok).toBe(true);
  });

  it('rejects a tampered body and a changed timestamp', () => {
    const tampered = Buffer.from(body.toString('utf8').replace('contact.created', 'contact.updated'));
    expect(verifyTidioSignature({ rawBody: tampered, header: `t=${t},s=${sign(body, t)}`, secret, now })).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    const t2 = String(Number(t) + 1);
    expect(verifyTidioSignature({ rawBody: body, header: `t=${t2},s=${sign(body, t)}`, secret, now }).ok).toBe(false);
  });

  it('rejects missing or malformed headers', () => {
    for (const header of [undefined, '', `s=${sign(body, t)}`, `t=${t}`, `t=abc,s=${sign(body, t)}`]) {
      expect(verifyTidioSignature({ rawBody: body, header, secret, now })).toEqual({ ok: false, reason: 'missing' });
    }
  });

  it('rejects a stale signature even when it matches', () => {
    const old = String(Math.floor((now.getTime() - TIDIO_SIGNATURE_MAX_AGE_MS) / 1000) - 60);
    expect(verifyTidioSignature({ rawBody: body, header: `t=${old},s=${sign(body, old)}`, secret, now })).toEqual({
      ok: false,
      reason: 'stale',
    });
  });
});
