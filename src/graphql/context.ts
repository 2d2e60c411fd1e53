import type { Kysely } from 'kysely';
import type { DB } from '../db/db.generated';
import type { TenantTx } from '../db/tenant-transaction';
import type { JobQueue } from '../jobs/job-queue';
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
   * Shared by reference: Apollo shallow-clones the context for every operation, so a plain boolean
   * set by a plugin on its clone would never reach http.ts, and a failed mutation would be committed.
   */
  readonly txState: { rollbackOnly: boolean };
  /** Where operator replies are queued for delivery; null when the chat runtime is not running. */
  readonly replyQueue: Pick<JobQueue, 'enqueueReply'> | null;
  /**
   * Work to run after the request's tenant transaction has COMMITTED (never after a rollback):
   * enqueueing must not happen inside the transaction (see jobs/job-queue.ts).
   */
  readonly afterCommit: Array<() => Promise<void>>;
}

type ContextBase = { requestId: string; logger: Logger; replyQueue: Pick<JobQueue, 'enqueueReply'> | null };

export function createTenantContext(
  base: ContextBase,
  viewer: Extract<Viewer, { kind: 'tenant' }>,
  tx: TenantTx,
): RequestContext {
  return {
    ...base,
    viewer,
    tenant: { tenantId: viewer.tenantId, apiKeyId: viewer.apiKeyId, scopes: viewer.scopes, tx, loaders: createLoaders(tx) },
    adminDb: null,
    txState: { rollbackOnly: false },
    afterCommit: [],
  };
}

export function createAdminContext(base: ContextBase, db: Kysely<DB>): RequestContext {
  return { ...base, viewer: { kind: 'admin' }, tenant: null, adminDb: db, txState: { rollbackOnly: false }, afterCommit: [] };
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
