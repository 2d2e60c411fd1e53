import type { ChatPlatformName } from '../domain/vocabulary';
import { sql, type Kysely } from 'kysely';
import type { DB } from './db.generated';
import { asLookupArgument, type LookupTx } from './tenant-transaction';

/**
 * The only reads that happen before a tenant is known. Each calls one SECURITY DEFINER function
 * (see the v1.3 migration) that answers a single exact-match question; none can list tenants.
 */

export interface ApiKeyLookup {
  apiKeyId: string;
  tenantId: string;
  permissions: unknown;
  keyIsActive: boolean;
  tenantIsActive: boolean;
  subscriptionStatus: string;
  subscriptionPlan: string;
  trialEndsAt: Date | null;
}

/**
 * The caller's API key by its hash, in one round trip and no explicit transaction (it runs on every
 * API request): see asLookupArgument. The connection is back to its login role when the statement ends.
 */
export async function findApiKeyByHashAsApp(db: Kysely<DB>, keyHash: string): Promise<ApiKeyLookup | null> {
  const { rows } = await sql<ApiKeyLookup>`select * from app.find_api_key(${asLookupArgument(keyHash)})`.execute(db);
  return rows[0] ?? null;
}

/**
 * A webhook's tenant from its platform key (Crisp website id, Tidio project key) in one round trip,
 * like findApiKeyByHashAsApp: it runs on every delivery. See asLookupArgument.
 */
export async function findTenantIdByPlatformKeyAsApp(db: Kysely<DB>, platform: ChatPlatformName, key: string): Promise<string | null> {
  const lookup = platform === 'crisp' ? sql`app.find_tenant_id_by_crisp_website` : sql`app.find_tenant_id_by_tidio_project`;
  const { rows } = await sql<{ tenantId: string | null }>`select ${lookup}(${asLookupArgument(key)}) as tenant_id`.execute(db);
  return rows[0]?.tenantId ?? null;
}

/** True when any tenant stores sealed Crisp/Tidio credentials (start-up check; names no tenant). */
export async function integrationSecretsExist(tx: LookupTx): Promise<boolean> {
  const { rows } = await sql<{ exist: boolean }>`select app.integration_secrets_exist() as exist`.execute(tx);
  return rows[0]?.exist === true;
}
