import { randomBytes } from 'node:crypto';
import { openSecret, sealSecret, SecretBoxError } from './secret-box';

describe('secret box', () => {
  const key = randomBytes(32);

  it('round-trips and never stores the plaintext', () => {
    const sealed = sealSecret(key, 'cs_super_secret', 'tenant:a:tidio');
    expect(JSON.stringify(sealed)).not.toContain('cs_super_secret');
    expect(openSecret(key, sealed, 'tenant:a:tidio')).toBe('cs_super_secret');
  });

  it('refuses another key, another context and a tampered ciphertext', () => {
    const sealed = sealSecret(key, 'value', 'tenant:a:tidio');
    expect(() => openSecret(randomBytes(32), sealed, 'tenant:a:tidio')).toThrow(SecretBoxError);
    expect(() => openSecret(key, sealed, 'tenant:b:tidio')).toThrow(SecretBoxError);
    const flipped = Buffer.from(sealed.data, 'base64');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(() => openSecret(key, { ...sealed, data: flipped.toString('base64') }, 'tenant:a:tidio')).toThrow(SecretBoxError);
  });
});
