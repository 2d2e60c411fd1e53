import { GraphQLError } from 'graphql';
import type { Kysely } from 'kysely';
import type { DB } from '../db/db.generated';
import type { AssistantRuntime } from '../assistant/assistant.types';
import type { TenantTx } from '../db/tenant-transaction';
import type { JobQueue } from '../jobs/job-queue';
import { forbidden } from '../lib/errors';
import type { Logger } from '../lib/logger';
import type { LlmPrice } from '../config';
import type { Scope } from '../modules/api-keys/api-key.scopes';
import type { Plan, PlanLimits } from '../modules/plans/plan-limits';
import type { TenantScope as ServiceTenantScope, TransactionFreeTenant } from '../modules/shared/tenant-scope';
import { createLoaders, type Loaders } from './loaders';
import type { RenderedParts } from './rendered-json';

/**
 * Who is calling: a tenant's API key, the platform operator's admin token, or nobody (only for
 * introspection-only queries, graphql/introspection-only.ts; the auth checker refuses it everything).
 */
export type Viewer =
  | { kind: 'tenant'; tenantId: string; apiKeyId: string; scopes: Scope[]; plan: string }
  | { kind: 'admin'; actorId: string | null }
  | { kind: 'anonymous' };

/** Everything a tenant-scoped resolver may touch: the request's tenant transaction and its loaders. */
export interface TenantScope extends ServiceTenantScope {
  readonly loaders: Loaders;
  /**
   * The operation's parts written by PostgreSQL as JSON text (rendered-json.ts), while a compiled query
   * runs (compiled-queries.plugin.ts); null otherwise. Shared by reference, as txState.
   */
  readonly rendering: { parts: RenderedParts | null };
}

export type { AssistantRuntime, TransactionFreeTenant };

export interface ContextBase {
  requestId: string;
  logger: Logger;
  assistant: AssistantRuntime;
  replyQueue: Pick<JobQueue, 'enqueueReply'> | null;
  plans: Record<Plan, PlanLimits>;
  trialDays: number;
  encryptionKey: Buffer | null;
  llmPrices: Record<string, LlmPrice>;
}

export interface RequestContext {
  readonly requestId: string;
  readonly logger: Logger;
  readonly viewer: Viewer;
  readonly assistant: AssistantRuntime;
  /** Plan limits (src/modules/plans/plan-limits.ts with environment overrides). */
  readonly plans: Record<Plan, PlanLimits>;
  /** How long a new tenant's trial lasts (TRIAL_DAYS). */
  readonly trialDays: number;
  /** NETIA_ENCRYPTION_KEY, for the admin's integration settings (null: secrets cannot be stored). */
  readonly encryptionKey: Buffer | null;
  /** LLM_PRICES: what botPerformance estimates cost with. */
  readonly llmPrices: Record<string, LlmPrice>;
  /** Set for tenant keys only, except in transaction-free operations. */
  readonly tenant: TenantScope | null;
  /** Set for tenant keys in transaction-free operations only. */
  readonly transactionFree: TransactionFreeTenant | null;
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

export function createTenantContext(base: ContextBase, viewer: Extract<Viewer, { kind: 'tenant' }>, tx: TenantTx): RequestContext {
  return {
    ...base,
    viewer,
    tenant: {
      tenantId: viewer.tenantId,
      apiKeyId: viewer.apiKeyId,
      scopes: viewer.scopes,
      tx,
      loaders: createLoaders(tx),
      rendering: { parts: null },
    },
    transactionFree: null,
    adminDb: null,
    txState: { rollbackOnly: false },
    afterCommit: [],
  };
}

/** A tenant key's context without a request transaction; requireTenant() refuses it (fails closed). */
export function createTransactionFreeContext(
  base: ContextBase,
  viewer: Extract<Viewer, { kind: 'tenant' }>,
  db: Kysely<DB>,
): RequestContext {
  return { ...base, viewer, tenant: null, transactionFree: { tenantId: viewer.tenantId, db }, adminDb: null, txState: { rollbackOnly: false }, afterCommit: [] };
}

/** No tenant, no transaction, no database handle: enough to describe the schema, nothing else. */
export function createAnonymousContext(base: ContextBase): RequestContext {
  return { ...base, viewer: { kind: 'anonymous' }, tenant: null, transactionFree: null, adminDb: null, txState: { rollbackOnly: false }, afterCommit: [] };
}

/**
 * A live subscription's own context (live/live-server.ts): who subscribed, and nothing to read with.
 * Each event's payload is resolved in a tenant context of its own, built per event around a fresh
 * tenant transaction (live/live-execution.ts).
 */
export function createSubscriptionContext(base: ContextBase, viewer: Extract<Viewer, { kind: 'tenant' }>): RequestContext {
  return { ...base, viewer, tenant: null, transactionFree: null, adminDb: null, txState: { rollbackOnly: false }, afterCommit: [] };
}

export function createAdminContext(base: ContextBase, viewer: Extract<Viewer, { kind: 'admin' }>, db: Kysely<DB>): RequestContext {
  return { ...base, viewer, tenant: null, transactionFree: null, adminDb: db, txState: { rollbackOnly: false }, afterCommit: [] };
}

/** The tenant scope, or FORBIDDEN when the caller is the platform admin (the auth checker runs first). */
export function requireTenant(ctx: RequestContext): TenantScope {
  if (!ctx.tenant) throw forbidden('This operation needs a tenant API key');
  return ctx.tenant;
}

/** The transaction-free tenant handle; only fields listed in TRANSACTION_FREE_FIELDS receive one. */
export function requireTransactionFree(ctx: RequestContext): TransactionFreeTenant {
  if (ctx.transactionFree) return ctx.transactionFree;
  if (ctx.tenant) {
    throw new GraphQLError('This field must be the only root field of its query (besides __typename)', {
      extensions: { code: 'BAD_REQUEST' },
    });
  }
  throw forbidden('This operation needs a tenant API key');
}

export function requireAdmin(ctx: RequestContext): Kysely<DB> {
  if (!ctx.adminDb) throw forbidden('This operation needs the platform admin token');
  return ctx.adminDb;
}
