import type { TenantTx } from '../../db/tenant-transaction';
import { jsonb } from '../../db/json';
import type { IntegrationType } from './integration.schemas';

/** The raw (still encrypted) config_data of the bound tenant's integration row, or null. */
export async function findIntegrationRow(tx: TenantTx, type: IntegrationType): Promise<unknown | null> {
  const row = await tx
    .selectFrom('tenantConfigurations')
    .select('configData')
    .where('configType', '=', type)
    .executeTakeFirst();
  return row?.configData ?? null;
}

/** Inserts or replaces the integration row of the bound tenant `tenantId` (RLS refuses any other). */
export async function upsertIntegrationRow(tx: TenantTx, tenantId: string, type: IntegrationType, configData: unknown): Promise<void> {
  await tx
    .insertInto('tenantConfigurations')
    .values({ tenantId, configType: type, configData: jsonb(configData) })
    .onConflict((oc) => oc.columns(['tenantId', 'configType']).doUpdateSet({ configData: jsonb(configData) }))
    .execute();
}
