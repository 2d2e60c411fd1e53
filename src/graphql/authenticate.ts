import type { Kysely } from 'kysely';
import type { DB } from '../db/db.generated';
import { findApiKeyByHashAsApp } from '../db/privileged';
import { secretsEqual } from '../lib/secrets-equal';
import { scopesFromPermissions } from '../modules/api-keys/api-key.scopes';
import { effectiveSubscriptionStatus, isServiceable } from '../modules/plans/plan-limits';
import { hashApiKey, looksLikeApiKey } from '../modules/api-keys/api-key.secret';
import type { ApiKeyCache } from './api-key-cache';
import type { Viewer } from './context';

export type AuthResult =
  | { ok: true; viewer: Viewer }
  | { ok: false; status: 401 | 403; code: 'UNAUTHENTICATED' | 'FORBIDDEN'; message: string };

/** A platform admin token; `actorId` is what the audit trail records for it (null: the admin token, 'cli': netia). */
export interface AdminCredential {
  token: string;
  actorId: string | null;
  /** Accepted only from this machine (the CLI's token: it is for this machine's operator). */
  localOnly: boolean;
}

/**
 * Whether a connection comes from this machine: over loopback, or from the very address it reached
 * (a server listening on one interface is reached by the local CLI from that interface's address).
 */
export function isLocalConnection(socket: { remoteAddress?: string; localAddress?: string }): boolean {
  const remote = socket.remoteAddress;
  if (remote === undefined) return false;
  return remote === '::1' || remote.startsWith('127.') || remote.startsWith('::ffff:127.') || remote === socket.localAddress;
}

/** The credential from `Authorization: Bearer …` or `X-API-Key`, or null. */
export function credentialFrom(headers: Record<string, string | string[] | undefined>): string | null {
  const authorization = headers.authorization;
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match?.[1] ?? '';
  }
  const apiKey = headers['x-api-key'];
  return typeof apiKey === 'string' ? apiKey.trim() : null;
}

/**
 * Resolves the caller. Without `cache` every request looks its key up (one indexed SECURITY DEFINER call,
 * one round trip), so a revoked key or a suspended tenant is refused from the very next request; POST
 * /graphql passes its ApiKeyCache (api-key-cache.ts: other instances' changes seen within a second).
 */
export async function authenticate(
  db: Kysely<DB>,
  credential: string | null,
  admins: readonly AdminCredential[],
  peer: { local: boolean } = { local: false },
  cache: Pick<ApiKeyCache, 'authenticate'> | null = null,
): Promise<AuthResult> {
  const refuse = (message: string): AuthResult => ({ ok: false, status: 401, code: 'UNAUTHENTICATED', message });
  if (credential === null) return refuse('Missing API key: send Authorization: Bearer <key> or X-API-Key');
  if (!credential.startsWith('ntk_')) {
    const admin = admins.find(({ token, localOnly }) => (peer.local || !localOnly) && secretsEqual(credential, token));
    if (admin) return { ok: true, viewer: { kind: 'admin', actorId: admin.actorId } };
  }
  if (!looksLikeApiKey(credential)) return refuse('Malformed API key');
  return cache ? cache.authenticate(db, hashApiKey(credential)) : authenticateKeyHash(db, hashApiKey(credential));
}

/**
 * The API key part of authenticate(), from the key's hash: the live endpoint re-checks open
 * connections' keys with it (revoked, tenant suspended) without keeping the plaintext key around.
 */
export async function authenticateKeyHash(db: Kysely<DB>, keyHash: string): Promise<AuthResult> {
  const refuse = (message: string): AuthResult => ({ ok: false, status: 401, code: 'UNAUTHENTICATED', message });
  const key = await findApiKeyByHashAsApp(db, keyHash);
  if (!key) return refuse('Unknown API key');
  if (!key.keyIsActive) return refuse('This API key has been revoked');
  const status = effectiveSubscriptionStatus(key, new Date());
  if (!key.tenantIsActive || !isServiceable(status)) {
    const why = key.subscriptionStatus === 'trial' && status === 'suspended' ? ': its trial has ended' : '';
    return { ok: false, status: 403, code: 'FORBIDDEN', message: `This tenant is not active${why}` };
  }
  return {
    ok: true,
    viewer: {
      kind: 'tenant',
      tenantId: key.tenantId,
      apiKeyId: key.apiKeyId,
      scopes: scopesFromPermissions(key.permissions),
      plan: key.subscriptionPlan,
    },
  };
}
