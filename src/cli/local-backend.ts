import type { Kysely } from 'kysely';
import type { Config } from '../config';
import type { Database } from '../db/database';
import type { DB } from '../db/db.generated';
import { migrateToLatest } from '../db/migrate';
import { withAdminTransaction } from '../db/tenant-transaction';
import { DomainError } from '../lib/errors';
import { insertAdminAuditEvent } from '../modules/audit/audit.repository';
import { setTenantIntegration } from '../modules/integrations/integration-admin.service';
import { exportTenant } from '../modules/privacy/tenant-export.service';
import { createTenant, createTenantApiKey, deleteTenant, listTenants } from '../modules/tenants/tenant-admin.service';
import type { TenantRow } from '../modules/tenants/tenant.repository';
import type { CliBackend, TenantSummary } from './backend';
import { CommandFailed } from './cli-errors';

function summary(tenant: TenantRow): TenantSummary {
  return {
    id: tenant.id,
    name: tenant.name,
    email: tenant.email,
    status: tenant.subscriptionStatus,
    plan: tenant.subscriptionPlan,
    isActive: tenant.isActive,
    createdAt: tenant.createdAt.toISOString(),
  };
}

/** The CLI's actions land in the tenant's audit trail as the admin mutations do through a server (actor cli). */
async function audit(db: Kysely<DB>, tenantId: string, action: string, targetType: string, targetId: string): Promise<void> {
  await withAdminTransaction(db, (tx) =>
    insertAdminAuditEvent(tx, tenantId, { actorType: 'admin', actorId: 'cli', action, targetType, targetId, requestId: null, details: {} }),
  );
}

/** The services' client-facing errors (bad input, not found, conflict…) are the operator's to fix, not crashes. */
async function refusals<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    // Every domain error is a refusal (its exit status by code, cli-errors.ts); anything else is a crash.
    if (!(error instanceof DomainError)) throw error;
    throw new CommandFailed(error.message, error.field, error.code);
  }
}

/**
 * The operations on the database itself: PostgreSQL (shared safely with running servers), or the
 * embedded database when no server holds it (`database` then owns its directory's lock).
 */
export function localBackend(database: Database, config: Config, options: { owned: boolean; applied?: string[] }): CliBackend {
  const { db } = database;
  return {
    where: 'database',
    // A new embedded database is migrated when the CLI creates it (open-backend.ts): report those too.
    migrate: async () => ({ applied: [...(options.applied ?? []), ...(await migrateToLatest(db))] }),
    createTenant: (input) =>
      refusals(async () => {
        const created = await createTenant(db, input, { trialDays: config.trialDays });
        await audit(db, created.tenant.id, 'createTenant', 'tenant', created.tenant.id);
        return { tenant: summary(created.tenant), apiKeyId: created.apiKey.id, plaintextKey: created.plaintextKey };
      }),
    listTenants: async () => (await listTenants(db)).map(summary),
    exportTenant: (tenantId, write) =>
      refusals(async () => {
        const result = await exportTenant(db, tenantId, write);
        await audit(db, tenantId, 'exportTenant', 'tenant', tenantId);
        return result;
      }),
    deleteTenant: (tenantId) => refusals(async () => summary(await deleteTenant(db, tenantId))),
    createApiKey: (tenantId, input) =>
      refusals(async () => {
        const { apiKey, plaintextKey } = await createTenantApiKey(db, tenantId, input);
        await audit(db, tenantId, 'createTenantApiKey', 'apiKey', apiKey.id);
        return { apiKeyId: apiKey.id, scopes: apiKey.scopes, plaintextKey };
      }),
    setIntegration: (tenantId, change) =>
      refusals(async () => {
        const publicKeyField = change.type === 'crisp' ? 'websiteId' : 'projectKey';
        const { secretsSet } = await setTenantIntegration(db, config.encryptionKey, tenantId, change.type, change, publicKeyField);
        await audit(db, tenantId, change.type === 'crisp' ? 'setCrispIntegration' : 'setTidioIntegration', 'tenant', tenantId);
        return { secretsSet };
      }),
    close: async () => {
      if (options.owned) await database.destroy();
    },
  };
}
