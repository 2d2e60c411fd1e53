import type { Insertable, Selectable } from 'kysely';
import type { Tenants } from '../../db/db.generated';
import { statementTemplate } from '../../db/statement-template';
import type { AdminTx, TenantTx } from '../../db/tenant-transaction';

/**
 * The one owner of the `tenants` table. Under a tenant transaction RLS shows exactly the bound
 * tenant's row, so those functions take no id; the platform operator's functions take an AdminTx
 * (netia_admin sees every row) and the tenant's id.
 */

export type TenantRow = Selectable<Tenants>;

/** What the chat pipeline needs to know of the bound tenant: may it be answered, on which platforms. */
export interface TenantChatState {
  isActive: boolean;
  subscriptionStatus: string;
  trialEndsAt: Date | null;
  crispWebsiteId: string | null;
  tidioWebsiteId: string | null;
}

/** The bound tenant's own row (RLS shows no other). */
export async function findCurrentTenant(tx: TenantTx): Promise<TenantRow | null> {
  return (await currentTenantStatement(tx, null, {})).rows[0] ?? null;
}

/** findCurrentTenant's statement: the `tenant` query's, so built once (statement-template.ts). */
const currentTenantStatement = statementTemplate((tx: TenantTx) => tx.selectFrom('tenants').selectAll());

export async function findTenantChatState(tx: TenantTx): Promise<TenantChatState> {
  return tx
    .selectFrom('tenants')
    .select(['isActive', 'subscriptionStatus', 'trialEndsAt', 'crispWebsiteId', 'tidioWebsiteId'])
    .executeTakeFirstOrThrow();
}

export async function findTenantPlan(tx: TenantTx): Promise<string | null> {
  return (await tx.selectFrom('tenants').select('subscriptionPlan').executeTakeFirst())?.subscriptionPlan ?? null;
}

export async function updateTenantName(tx: TenantTx, name: string): Promise<TenantRow | null> {
  return (await tx.updateTable('tenants').set({ name }).returningAll().executeTakeFirst()) ?? null;
}

/** Sets the tenant's Crisp website id or Tidio project key (either may be left out). */
export async function updateTenantPlatformKeys(
  tx: TenantTx,
  keys: { crispWebsiteId?: string; tidioWebsiteId?: string },
): Promise<TenantRow | null> {
  return (await tx.updateTable('tenants').set({ ...keys, updatedAt: new Date() }).returningAll().executeTakeFirst()) ?? null;
}

/** A new tenant's row, inside withTenantTransaction(db, values.id): the policy admits exactly that row. */
export async function insertTenant(tx: TenantTx, values: Insertable<Tenants> & { id: string }): Promise<TenantRow> {
  return tx.insertInto('tenants').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function anyTenantExists(tx: AdminTx): Promise<boolean> {
  return (await tx.selectFrom('tenants').select('id').limit(1).executeTakeFirst()) !== undefined;
}

export async function listAllTenants(tx: AdminTx): Promise<TenantRow[]> {
  return tx.selectFrom('tenants').selectAll().orderBy('createdAt').orderBy('id').execute();
}

export async function updateTenantById(
  tx: AdminTx,
  id: string,
  changes: { subscriptionStatus?: string; subscriptionPlan?: string; isActive?: boolean; updatedAt?: Date },
): Promise<TenantRow | null> {
  return (await tx.updateTable('tenants').set(changes).where('id', '=', id).returningAll().executeTakeFirst()) ?? null;
}

/** Makes a trial tenant with this email active with no end (the demo tenant of an older Netia). */
export async function activateTrialTenantByEmail(tx: AdminTx, email: string): Promise<void> {
  await tx.updateTable('tenants').set({ subscriptionStatus: 'active', trialEndsAt: null }).where('email', '=', email).where('subscriptionStatus', '=', 'trial').execute();
}

/** Deletes the row; the schema's ON DELETE CASCADE foreign keys delete everything of the tenant. */
export async function deleteTenantById(tx: AdminTx, id: string): Promise<TenantRow | null> {
  return (await tx.deleteFrom('tenants').where('id', '=', id).returningAll().executeTakeFirst()) ?? null;
}
