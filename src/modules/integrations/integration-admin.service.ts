import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/db.generated';
import { withTenantTransaction } from '../../db/tenant-transaction';
import { badUserInput, conflict, notFound, notSupported, pgErrorInfo } from '../../lib/errors';
import { updateTenantPlatformKeys, type TenantRow } from '../tenants/tenant.repository';
import { INTEGRATION_SCHEMAS, type IntegrationSettings, type IntegrationType } from './integration.schemas';
import { updateIntegration } from './integration.service';

/** What an operator changes: the platform's public id of the tenant, and secrets (merged into the stored ones). */
export interface IntegrationChange<T extends IntegrationType> {
  /** Crisp website id or Tidio project public key; unchanged when absent. */
  publicKey?: string | null;
  secrets: IntegrationSettings<T>;
}

const publicKeySchema = z.string().trim().min(1).max(255);

function validated<T extends IntegrationType>(type: T, change: IntegrationChange<T>, publicKeyField: string) {
  const publicKey = change.publicKey == null ? null : publicKeySchema.safeParse(change.publicKey);
  if (publicKey && !publicKey.success) throw badUserInput(`input.${publicKeyField}`, publicKey.error.issues[0]?.message ?? 'is invalid');
  // The integration's zod schema is the one home of the secrets' rules (lengths, known fields).
  const secrets = INTEGRATION_SCHEMAS[type].safeParse(change.secrets);
  if (!secrets.success) {
    const issue = secrets.error.issues[0];
    throw badUserInput(['input', ...(issue?.path ?? []).map(String)].join('.'), issue?.message ?? 'is invalid');
  }
  return { publicKey: publicKey?.data ?? null, secrets: secrets.data as IntegrationSettings<T> };
}

/**
 * A platform operator sets a tenant's Crisp or Tidio settings (CLI and the admin API), in one tenant
 * transaction: the public id on the tenants row, the secrets sealed with NETIA_ENCRYPTION_KEY. Returns
 * the tenant and the names (never the values) of the secrets stored.
 */
export async function setTenantIntegration<T extends IntegrationType>(
  db: Kysely<DB>,
  encryptionKey: Buffer | null,
  tenantId: string,
  type: T,
  change: IntegrationChange<T>,
  publicKeyField: string,
): Promise<{ tenant: TenantRow; secretsSet: string[] }> {
  const { publicKey, secrets } = validated(type, change, publicKeyField);
  const secretsSet = Object.keys(secrets);
  if (secretsSet.length > 0 && !encryptionKey) {
    throw notSupported('NETIA_ENCRYPTION_KEY is not set on the server: integration secrets cannot be stored');
  }
  try {
    return await withTenantTransaction(db, tenantId, async (tx) => {
      const publicKeyColumn = publicKey ? (type === 'crisp' ? { crispWebsiteId: publicKey } : { tidioWebsiteId: publicKey }) : {};
      const tenant = await updateTenantPlatformKeys(tx, publicKeyColumn);
      if (!tenant) throw notFound('Tenant', 'tenantId');
      if (secretsSet.length > 0) await updateIntegration(tx, encryptionKey, tenantId, type, secrets);
      return { tenant, secretsSet };
    });
  } catch (error) {
    if (pgErrorInfo(error).code === '23505') throw conflict(`input.${publicKeyField}`, 'is already used by another tenant');
    throw error;
  }
}
