import type { TenantTx } from '../../db/tenant-transaction';
import { openSecret, sealSecret } from '../../lib/secret-box';
import { findConfigurationData, upsertConfiguration } from '../configurations/configuration.repository';
import {
  INTEGRATION_SCHEMAS,
  sealedConfigSchema,
  type IntegrationSettings,
  type IntegrationType,
} from './integration.schemas';

export class IntegrationConfigError extends Error {
  override name = 'IntegrationConfigError';
}

const context = (tenantId: string, type: IntegrationType) => `tenant:${tenantId}:${type}`;

/**
 * Reads and decrypts the bound tenant's integration settings. A tenant without a row reads as `{}`;
 * a row that cannot be decrypted (key missing or wrong) throws, it is never silently ignored.
 */
export async function findIntegration<T extends IntegrationType>(
  tx: TenantTx,
  key: Buffer | null,
  tenantId: string,
  type: T,
): Promise<IntegrationSettings<T>> {
  return openIntegration(key, tenantId, type, await findConfigurationData(tx, type));
}

/** Decrypts an integration row read elsewhere (null: the tenant has none), as findIntegration does. */
export function openIntegration<T extends IntegrationType>(key: Buffer | null, tenantId: string, type: T, raw: unknown): IntegrationSettings<T> {
  if (raw === null || raw === undefined) return {} as IntegrationSettings<T>;
  if (!key) throw new IntegrationConfigError('NETIA_ENCRYPTION_KEY is not set: integration secrets cannot be read');
  const row = sealedConfigSchema.safeParse(raw);
  if (!row.success) throw new IntegrationConfigError(`the ${type} integration row is not sealed`);
  const settings = INTEGRATION_SCHEMAS[type].safeParse(JSON.parse(openSecret(key, row.data.sealed, context(tenantId, type))));
  if (!settings.success) throw new IntegrationConfigError(`the ${type} integration settings are invalid`);
  return settings.data as IntegrationSettings<T>;
}

/** Merges `changes` into the tenant's integration settings and stores them sealed (AES-256-GCM). */
export async function updateIntegration<T extends IntegrationType>(
  tx: TenantTx,
  key: Buffer | null,
  tenantId: string,
  type: T,
  changes: IntegrationSettings<T>,
): Promise<IntegrationSettings<T>> {
  if (!key) throw new IntegrationConfigError('NETIA_ENCRYPTION_KEY is not set: integration secrets cannot be stored');
  const current = await findIntegration(tx, key, tenantId, type);
  const merged = INTEGRATION_SCHEMAS[type].parse({ ...current, ...changes }) as IntegrationSettings<T>;
  await upsertConfiguration(tx, tenantId, type, { sealed: sealSecret(key, JSON.stringify(merged), context(tenantId, type)) });
  return merged;
}
