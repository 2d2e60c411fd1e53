import type { Selectable } from 'kysely';
import type { Tenants } from '../../db/db.generated';
import type { TenantTx } from '../../db/tenant-transaction';

export type TenantRow = Selectable<Tenants>;

/** The bound tenant's own row (RLS shows no other). */
export async function findCurrentTenant(tx: TenantTx): Promise<TenantRow | null> {
  return (await tx.selectFrom('tenants').selectAll().executeTakeFirst()) ?? null;
}

export async function updateTenantName(tx: TenantTx, name: string): Promise<TenantRow | null> {
  return (await tx.updateTable('tenants').set({ name }).returningAll().executeTakeFirst()) ?? null;
}
