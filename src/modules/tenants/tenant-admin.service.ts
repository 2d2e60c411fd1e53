import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/db.generated';
import { PLANS, SUBSCRIPTION_STATUSES } from '../../domain/vocabulary';
import { withAdminTransaction, withTenantTransaction } from '../../db/tenant-transaction';
import { badUserInput, conflict, notFound, pgErrorInfo } from '../../lib/errors';
import { ALL_SCOPES, type Scope } from '../api-keys/api-key.scopes';
import { createApiKey, type ApiKeyView } from '../api-keys/api-key.service';
import {
  anyTenantExists,
  deleteTenantById,
  findCurrentTenant,
  insertTenant,
  listAllTenants,
  updateTenantById,
  type TenantRow,
} from './tenant.repository';

/**
 * Platform operators' operations, shared by the GraphQL admin resolvers and the CLI. Each opens the
 * transaction it needs: netia_admin for the tenants table, or a tenant transaction for a new tenant.
 */


const createTenantSchema = z.object({
  name: z.string().trim().min(1).max(255),
  email: z.email().max(255),
  plan: z.enum(PLANS).default('basic'),
  crispWebsiteId: z.string().trim().min(1).max(255).nullish(),
  tidioWebsiteId: z.string().trim().min(1).max(255).nullish(),
});

export type CreateTenantInput = z.input<typeof createTenantSchema>;

function parse<T>(schema: z.ZodType<T>, value: unknown, prefix: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw badUserInput([prefix, ...(issue?.path ?? []).map(String)].join('.'), issue?.message ?? 'is invalid');
}

function uniqueViolation(error: unknown): never {
  const { code, constraint } = pgErrorInfo(error);
  if (code === '23505') {
    const field = constraint?.includes('crisp') ? 'crispWebsiteId' : constraint?.includes('tidio') ? 'tidioWebsiteId' : 'email';
    throw conflict(`input.${field}`, 'is already used by another tenant');
  }
  throw error;
}

/**
 * Creates a tenant and its first API key (all scopes). The id is generated here so the insert can run
 * inside withTenantTransaction(db, id): the tenants policy's WITH CHECK admits exactly that row.
 * New tenants start on a trial that ends after `trialDays`; `trialDays: null` starts the tenant
 * active, with nothing that expires (the embedded database's demo tenant).
 */
export async function createTenant(
  db: Kysely<DB>,
  input: CreateTenantInput,
  options: { trialDays: number | null },
): Promise<{ tenant: TenantRow; apiKey: ApiKeyView; plaintextKey: string }> {
  const values = parse(createTenantSchema, input, 'input');
  const id = randomUUID();
  const trial = options.trialDays === null ? null : new Date(Date.now() + options.trialDays * 86_400_000);
  try {
    return await withTenantTransaction(db, id, async (tx) => {
      const tenant = await insertTenant(tx, {
        id,
        name: values.name,
        email: values.email,
        subscriptionPlan: values.plan,
        crispWebsiteId: values.crispWebsiteId ?? null,
        tidioWebsiteId: values.tidioWebsiteId ?? null,
        subscriptionStatus: trial ? 'trial' : 'active',
        trialEndsAt: trial,
      });
      const key = await createApiKey(tx, id, { name: 'First key', scopes: ALL_SCOPES });
      return { tenant, ...key };
    });
  } catch (error) {
    uniqueViolation(error);
  }
}

/** Whether any tenant exists (first start: the demo tenant, or the hint how to create one). */
export async function hasAnyTenant(db: Kysely<DB>): Promise<boolean> {
  return withAdminTransaction(db, anyTenantExists);
}

export async function listTenants(db: Kysely<DB>): Promise<TenantRow[]> {
  return withAdminTransaction(db, listAllTenants);
}

export async function updateTenantSubscription(
  db: Kysely<DB>,
  id: string,
  changes: { status?: string | null; plan?: string | null },
): Promise<TenantRow> {
  const status = changes.status ? parse(z.enum(SUBSCRIPTION_STATUSES), changes.status, 'status') : undefined;
  const plan = changes.plan ? parse(z.enum(PLANS), changes.plan, 'plan') : undefined;
  const row = await withAdminTransaction(db, (tx) =>
    updateTenantById(tx, id, { ...(status ? { subscriptionStatus: status } : {}), ...(plan ? { subscriptionPlan: plan } : {}), updatedAt: new Date() }),
  );
  if (!row) throw notFound('Tenant', 'id');
  return row;
}

/** Switches a tenant off: every one of its keys is refused (403) from the next request on. */
export async function deactivateTenant(db: Kysely<DB>, id: string): Promise<TenantRow> {
  const row = await withAdminTransaction(db, (tx) => updateTenantById(tx, id, { isActive: false }));
  if (!row) throw notFound('Tenant', 'id');
  return row;
}

/**
 * Deletes a tenant and, through the schema's ON DELETE CASCADE foreign keys, every row that belongs to
 * it (conversations, messages, leads, knowledge base, configurations, keys, audit trail, usage, inbox,
 * outbox). netia_admin may delete tenants rows; the cascades run as the tables' owner.
 */
export async function deleteTenant(db: Kysely<DB>, id: string): Promise<TenantRow> {
  const row = await withAdminTransaction(db, (tx) => deleteTenantById(tx, id));
  if (!row) throw notFound('Tenant', 'id');
  return row;
}

/** A new key for an existing tenant (CLI); an unknown tenant id is NOT_FOUND. */
export async function createTenantApiKey(
  db: Kysely<DB>,
  tenantId: string,
  input: { name: string; scopes?: readonly Scope[] },
): Promise<{ apiKey: ApiKeyView; plaintextKey: string }> {
  return withTenantTransaction(db, tenantId, async (tx) => {
    const tenant = await findCurrentTenant(tx);
    if (!tenant) throw notFound('Tenant', 'tenantId');
    return createApiKey(tx, tenantId, input);
  });
}
