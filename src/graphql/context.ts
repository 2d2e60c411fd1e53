import type { Kysely } from 'kysely';
import type { DB } from '../db/db.generated';
import type { TenantTx } from '../db/tenant-transaction';
import { forbidden } from '../lib/errors';
import type { Logger } from '../lib/logger';
import type { Scope } from '../modules/api-keys/api-key.scopes';
import { createLoaders, type Loaders } from './loaders';

/** Who is calling: a tenant's API key, or the platform operator's admin token. */
export type Viewer = { kind: 'tenant'; tenantId: string; apiKeyId: string; scopes: Scope[] } | { kind: 'admin' };

/** Everything a tenant-scoped resolver may touch: the request's tenant transaction and its loaders. */
export interface TenantScope {
  readonly tenantId: string;
  readonly apiKeyId: string;
  readonly scopes: Scope[];
  readonly tx: TenantTx;
  readonly loaders: Loaders;
}

export interface RequestContext {
  readonly requestId: string;
  readonly logger: Logger;
  readonly viewer: Viewer;
  /** Set for tenant keys only. */
  readonly tenant: TenantScope | null;
  /**
   * Set for the admin token only. Platform operations open their own admin or new-tenant
   * transactions (src/modules/tenants/tenant-admin.service.ts), so they get the database handle.
   */
  readonly adminDb: Kysely<DB> | null;
  /**
   * An object, not a flag on the context: Apollo shallow-copies the context per operation, so only
   * a shared reference carries the plugin's decision back to http.ts.
   */
  readonly outcome: { rollbackOnly: boolean };
}

export function createTenantContext(
  base: { requestId: string; logger: Logger },
  viewer: Extract<Viewer, { kind: 'tenant' }>,
  tx: TenantTx,
): RequestContext {
  return {
    ...base,
    viewer,
    tenant: { tenantId: viewer.tenantId, apiKeyId: viewer.apiKeyId, scopes: viewer.scopes, tx, loaders: createLoaders(tx) },
    adminDb: null,
    outcome: { rollbackOnly: false },
  };
}

export function createAdminContext(base: { requestId: string; logger: Logger }, db: Kysely<DB>): RequestContext {
  return { ...base, viewer: { kind: 'admin' }, tenant: null, adminDb: db, outcome: { rollbackOnly: false } };
}

/** The tenant scope, or FORBIDDEN when the caller is the platform admin (the auth checker runs first). */
export function requireTenant(ctx: RequestContext): TenantScope {
  if (!ctx.tenant) throw forbidden('This operation needs a tenant API key');
  return ctx.tenant;
}

export function requireAdmin(ctx: RequestContext): Kysely<DB> {
  if (!ctx.adminDb) throw forbidden('This operation needs the platform admin token');
  return ctx.adminDb;
}
