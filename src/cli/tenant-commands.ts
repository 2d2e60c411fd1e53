import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import type { DB } from '../db/db.generated';
import { isUuid, withAdminTransaction } from '../db/tenant-transaction';
import { insertAdminAuditEvent } from '../modules/audit/audit.repository';
import { isScope, type Scope } from '../modules/api-keys/api-key.scopes';
import { createTenant, createTenantApiKey, listTenants } from '../modules/tenants/tenant-admin.service';

/** A mistake in the command line: printed as one line with the usage, exit status 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

function options<T extends Record<string, { type: 'string' }>>(args: string[], spec: T) {
  try {
    return parseArgs({ args, options: spec, strict: true, allowPositionals: false }).values as { [K in keyof T]?: string };
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function required(value: string | undefined, flag: string): string {
  if (!value) throw new UsageError(`missing --${flag}`);
  return value;
}

/** Operators' CLI actions land in the tenant's audit trail like the admin GraphQL mutations. */
export async function auditCli(db: Kysely<DB>, tenantId: string, action: string, targetType: string, targetId: string): Promise<void> {
  await withAdminTransaction(db, (tx) =>
    insertAdminAuditEvent(tx, tenantId, { actorType: 'admin', actorId: 'cli', action, targetType, targetId, requestId: null, details: {} }),
  );
}

/** `tenant create --name … --email … [--plan …] [--crisp-website-id …] [--tidio-website-id …]` */
export async function tenantCreate(db: Kysely<DB>, args: string[], settings: { trialDays: number }): Promise<unknown> {
  const values = options(args, {
    name: { type: 'string' },
    email: { type: 'string' },
    plan: { type: 'string' },
    'crisp-website-id': { type: 'string' },
    'tidio-website-id': { type: 'string' },
  });
  const plan = values.plan as 'basic' | 'pro' | 'enterprise' | undefined;
  const { tenant, apiKey, plaintextKey } = await createTenant(db, {
    name: required(values.name, 'name'),
    email: required(values.email, 'email'),
    ...(plan ? { plan } : {}),
    crispWebsiteId: values['crisp-website-id'] ?? null,
    tidioWebsiteId: values['tidio-website-id'] ?? null,
  }, settings);
  await auditCli(db, tenant.id, 'createTenant', 'tenant', tenant.id);
  return { tenantId: tenant.id, name: tenant.name, email: tenant.email, plan: tenant.subscriptionPlan, apiKeyId: apiKey.id, apiKey: plaintextKey };
}

/** `tenant list` */
export async function tenantList(db: Kysely<DB>, args: string[]): Promise<unknown> {
  options(args, {});
  const tenants = await listTenants(db);
  return tenants.map((tenant) => ({
    id: tenant.id,
    name: tenant.name,
    email: tenant.email,
    status: tenant.subscriptionStatus,
    plan: tenant.subscriptionPlan,
    isActive: tenant.isActive,
    createdAt: tenant.createdAt,
  }));
}

/** `key create --tenant <id> [--scopes a:read,b:write] [--name …]` */
export async function keyCreate(db: Kysely<DB>, args: string[]): Promise<unknown> {
  const values = options(args, { tenant: { type: 'string' }, scopes: { type: 'string' }, name: { type: 'string' } });
  const tenantId = required(values.tenant, 'tenant');
  if (!isUuid(tenantId)) throw new UsageError('--tenant must be a tenant id (UUID)');
  let scopes: Scope[] | undefined;
  if (values.scopes) {
    const given = values.scopes.split(',').map((scope) => scope.trim()).filter(Boolean);
    const unknown = given.filter((scope) => !isScope(scope));
    if (unknown.length > 0) throw new UsageError(`unknown scope ${unknown.join(', ')} (e.g. leads:read, knowledge_base:write)`);
    scopes = given as Scope[];
  }
  const { apiKey, plaintextKey } = await createTenantApiKey(db, tenantId, { name: values.name ?? 'CLI key', ...(scopes ? { scopes } : {}) });
  await auditCli(db, tenantId, 'createApiKey', 'apiKey', apiKey.id);
  return { tenantId, apiKeyId: apiKey.id, scopes: apiKey.scopes, apiKey: plaintextKey };
}
