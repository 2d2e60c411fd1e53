import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** An encrypted value as stored in jsonb: AES-256-GCM, base64 fields, versioned for key rotation. */
export interface SealedSecret {
  v: 1;
  iv: string;
  tag: string;
  data: string;
}

const IV_BYTES = 12;

export class SecretBoxError extends Error {
  override name = 'SecretBoxError';
}

/**
 * Encrypts `plaintext` with a 32-byte key. `context` (e.g. "tenant:<id>:tidio") is bound as
 * additional authenticated data, so a sealed value copied into another tenant's row fails to open.
 */
export function sealSecret(key: Buffer, plaintext: string, context: string): SealedSecret {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return { v: 1, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
}

/** Decrypts a value made by sealSecret with the same key and context; throws SecretBoxError otherwise. */
export function openSecret(key: Buffer, sealed: SealedSecret, context: string): string {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretBoxError('cannot decrypt: wrong NETIA_ENCRYPTION_KEY or tampered value');
  }
}
