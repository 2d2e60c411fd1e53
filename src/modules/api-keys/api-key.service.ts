import type { TenantTx } from '../../db/tenant-transaction';
import { badUserInput, notFound } from '../../lib/errors';
import { insertApiKey, revokeApiKey, type ApiKeyRow } from './api-key.repository';
import { ALL_SCOPES, scopesFromPermissions, type Scope } from './api-key.scopes';
import { generateApiKey } from './api-key.secret';

export interface ApiKeyView {
  id: string;
  name: string;
  scopes: Scope[];
  isActive: boolean;
  lastUsedAt: Date | null;
  createdAt: Date;
}

export function toApiKeyView(row: ApiKeyRow): ApiKeyView {
  return { ...row, scopes: scopesFromPermissions(row.permissions) };
}

/** Creates a key for the bound tenant; the plaintext exists only in the return value. */
export async function createApiKey(
  tx: TenantTx,
  tenantId: string,
  input: { name: string; scopes?: readonly Scope[] | null },
): Promise<{ apiKey: ApiKeyView; plaintextKey: string }> {
  const name = input.name.trim();
  if (name.length < 1 || name.length > 100) throw badUserInput('input.name', 'must be 1 to 100 characters');
  const scopes = [...new Set(input.scopes ?? ALL_SCOPES)];
  if (scopes.length === 0) throw badUserInput('input.scopes', 'must name at least one scope');
  const { plaintext, hash } = generateApiKey();
  const row = await insertApiKey(tx, { tenantId, name, keyHash: hash, scopes });
  return { apiKey: toApiKeyView(row), plaintextKey: plaintext };
}

/** Revokes a key of the bound tenant at once; it cannot be re-activated. NOT_FOUND for an unknown id. */
export async function revokeKey(tx: TenantTx, id: string): Promise<ApiKeyView> {
  const row = await revokeApiKey(tx, id);
  if (!row) throw notFound('API key', 'id');
  return toApiKeyView(row);
}
