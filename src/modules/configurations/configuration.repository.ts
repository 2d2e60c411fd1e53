import type { TenantTx } from '../../db/tenant-transaction';
import { jsonb } from '../../db/json';
import { CONFIGURATION_SCHEMAS, type ConfigurationData, type ConfigurationType, type SECRET_CONFIGURATION_TYPES } from './configuration.schemas';

/**
 * Every row type of tenant_configurations: the public configurations and the sealed integration
 * credentials, which only the integrations service reads and writes (through this repository).
 */
export type StoredConfigurationType = ConfigurationType | (typeof SECRET_CONFIGURATION_TYPES)[number];

/** Reads one typed configuration of the bound tenant; an absent or invalid row reads as `{}`. */
export async function findConfiguration<T extends ConfigurationType>(tx: TenantTx, type: T): Promise<ConfigurationData<T>> {
  return (await findConfigurations(tx, [type]))[type];
}

/** Several typed configurations in one statement; each absent or invalid row reads as `{}`. */
export async function findConfigurations<T extends ConfigurationType>(
  tx: TenantTx,
  types: readonly T[],
): Promise<{ [K in T]: ConfigurationData<K> }> {
  const rows = await tx.selectFrom('tenantConfigurations').select(['configType', 'configData']).where('configType', 'in', types).execute();
  const stored = new Map(rows.map((row) => [row.configType, row.configData]));
  const result: Partial<Record<T, unknown>> = {};
  for (const type of types) result[type] = parseConfiguration(type, stored.get(type));
  return result as { [K in T]: ConfigurationData<K> };
}

/** A configuration row's data read elsewhere, typed; absent or invalid data reads as `{}`. */
export function parseConfiguration<T extends ConfigurationType>(type: T, data: unknown): ConfigurationData<T> {
  const parsed = CONFIGURATION_SCHEMAS[type].safeParse(data ?? {});
  return (parsed.success ? parsed.data : {}) as ConfigurationData<T>;
}

export interface ConfigurationRow {
  id: string;
  type: string;
  data: unknown;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = ['id', 'configType as type', 'configData as data', 'createdAt', 'updatedAt'] as const;

/** Rows of the given types only: callers pass the public types, so secret rows are never selected. */
export async function listConfigurationRows(tx: TenantTx, types: readonly ConfigurationType[]): Promise<ConfigurationRow[]> {
  if (types.length === 0) return [];
  return tx.selectFrom('tenantConfigurations').select(COLUMNS).where('configType', 'in', types).orderBy('configType').execute();
}

/** One row by id, only when it is of one of the given (public) types. */
export async function findConfigurationRowById(tx: TenantTx, id: string, types: readonly ConfigurationType[]): Promise<ConfigurationRow | null> {
  if (types.length === 0) return null;
  const row = await tx.selectFrom('tenantConfigurations').select(COLUMNS).where('id', '=', id).where('configType', 'in', types).executeTakeFirst();
  return row ?? null;
}

/** The raw config_data of the bound tenant's row of `type` (still sealed for an integration), or null. */
export async function findConfigurationData(tx: TenantTx, type: StoredConfigurationType): Promise<unknown | null> {
  const row = await tx.selectFrom('tenantConfigurations').select('configData').where('configType', '=', type).executeTakeFirst();
  return row?.configData ?? null;
}

/** Inserts or replaces the row of `type` of the bound tenant `tenantId` (RLS refuses any other). */
export async function upsertConfiguration(
  tx: TenantTx,
  tenantId: string,
  type: StoredConfigurationType,
  data: unknown,
): Promise<ConfigurationRow> {
  return tx
    .insertInto('tenantConfigurations')
    .values({ tenantId, configType: type, configData: jsonb(data) })
    .onConflict((oc) => oc.columns(['tenantId', 'configType']).doUpdateSet({ configData: jsonb(data) }))
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
}

export async function deleteConfiguration(tx: TenantTx, type: ConfigurationType): Promise<boolean> {
  return (await tx.deleteFrom('tenantConfigurations').where('configType', '=', type).returning('id').executeTakeFirst()) !== undefined;
}
