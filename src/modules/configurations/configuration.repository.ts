import type { TenantTx } from '../../db/tenant-transaction';
import { CONFIGURATION_SCHEMAS, type ConfigurationData, type ConfigurationType } from './configuration.schemas';

/** Reads one typed configuration of the bound tenant; an absent or invalid row reads as `{}`. */
export async function findConfiguration<T extends ConfigurationType>(tx: TenantTx, type: T): Promise<ConfigurationData<T>> {
  const row = await tx
    .selectFrom('tenantConfigurations')
    .select('configData')
    .where('configType', '=', type)
    .executeTakeFirst();
  const parsed = CONFIGURATION_SCHEMAS[type].safeParse(row?.configData ?? {});
  return (parsed.success ? parsed.data : {}) as ConfigurationData<T>;
}
