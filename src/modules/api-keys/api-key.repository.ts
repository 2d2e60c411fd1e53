import { sql, type Selectable } from 'kysely';
import type { ApiKeys } from '../../db/db.generated';
import { jsonb } from '../../db/json';
import type { TenantTx } from '../../db/tenant-transaction';

export type ApiKeyRow = Omit<Selectable<ApiKeys>, 'keyHash'>;

const PUBLIC_COLUMNS = ['id', 'tenantId', 'name', 'permissions', 'isActive', 'lastUsedAt', 'createdAt'] as const;

export async function listApiKeys(tx: TenantTx): Promise<ApiKeyRow[]> {
  return tx.selectFrom('apiKeys').select(PUBLIC_COLUMNS).orderBy('createdAt', 'desc').orderBy('id').execute();
}

export async function findApiKeyById(tx: TenantTx, id: string): Promise<ApiKeyRow | null> {
  return (await tx.selectFrom('apiKeys').select(PUBLIC_COLUMNS).where('id', '=', id).executeTakeFirst()) ?? null;
}

export async function insertApiKey(
  tx: TenantTx,
  values: { tenantId: string; name: string; keyHash: string; scopes: readonly string[] },
): Promise<ApiKeyRow> {
  return tx
    .insertInto('apiKeys')
    .values({ tenantId: values.tenantId, name: values.name, keyHash: values.keyHash, permissions: jsonb({ scopes: values.scopes }) })
    .returning(PUBLIC_COLUMNS)
    .executeTakeFirstOrThrow();
}

export async function revokeApiKey(tx: TenantTx, id: string): Promise<ApiKeyRow | null> {
  const row = await tx.updateTable('apiKeys').set({ isActive: false }).where('id', '=', id).returning(PUBLIC_COLUMNS).executeTakeFirst();
  return row ?? null;
}

/** Records use, but writes only when the stored time is over a minute old. */
export async function touchApiKey(tx: TenantTx, id: string): Promise<void> {
  await tx
    .updateTable('apiKeys')
    .set({ lastUsedAt: sql`now()` })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('lastUsedAt', 'is', null), eb('lastUsedAt', '<', sql<Date>`now() - interval '1 minute'`)]))
    .execute();
}
