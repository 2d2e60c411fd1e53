import { createHash, randomBytes } from 'node:crypto';

const PREFIX = 'ntk_';
// 32 random bytes → 43 base64url characters: 256 bits, so a plain SHA-256 is enough (no slow KDF needed).
const SHAPE = /^ntk_[A-Za-z0-9_-]{43}$/;

/** A new key: the plaintext (shown once) and the hash stored in api_keys.key_hash. */
export function generateApiKey(): { plaintext: string; hash: string } {
  const plaintext = PREFIX + randomBytes(32).toString('base64url');
  return { plaintext, hash: hashApiKey(plaintext) };
}

export function hashApiKey(plaintext: string): string {
  return createHash('sha256').update(plaintext).digest('hex');
}

export function looksLikeApiKey(value: string): boolean {
  return SHAPE.test(value);
}
