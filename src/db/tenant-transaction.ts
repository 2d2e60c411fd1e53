import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import { BINDING_STATEMENT_MARK, ONE_STATEMENT_BINDING_MARK } from './begin-with-binding-dialect';
import type { DB } from './db.generated';
import { isUuid } from '../lib/uuid';

declare const tenantBrand: unique symbol;
declare const lookupBrand: unique symbol;
declare const adminBrand: unique symbol;

/** A transaction running as netia_app and bound to one tenant. Repositories accept only this. */
export type TenantTx = Transaction<DB> & { readonly [tenantBrand]: true };
/** A transaction running as netia_app with no tenant: it may only call the pre-tenant lookups. */
export type LookupTx = Transaction<DB> & { readonly [lookupBrand]: true };
/** A transaction running as netia_admin: platform operators' view of the tenants table. */
export type AdminTx = Transaction<DB> & { readonly [adminBrand]: true };

/**
 * The session binding as one parameterless statement, so BEGIN can travel with it. Only literals
 * checked here go in: a UUID that passed isUuid, or a role name.
 */
function binding(calls: string, mark = BINDING_STATEMENT_MARK) {
  return sql.raw(`${mark}select ${calls}`);
}

function tenantBinding(tenantId: string): string {
  if (!isUuid(tenantId)) throw new TypeError('a tenant transaction needs a tenant UUID');
  return `set_config('role', 'netia_app', true), set_config('app.current_tenant_id', '${tenantId}', true)`;
}

/**
 * Runs `work` in one transaction bound to a tenant for RLS.
 *
 * 1. BEGIN;
 * 2. switch to the netia_app role and set app.current_tenant_id, in the same round trip as BEGIN and
 *    the first statement on PostgreSQL (begin-with-binding-dialect.ts). Both use set_config(…, true), which is
 *    transaction-local: at COMMIT or ROLLBACK they vanish, so a pooled connection can never carry
 *    this tenant (or this role) into its next checkout;
 * 3. run `work`; COMMIT when it resolves, ROLLBACK when it throws.
 *
 * `readOnly: true` makes it READ ONLY: PostgreSQL refuses its writes, and on a pool its COMMIT travels
 * with the connection's next query (begin-with-binding-dialect.ts). `snapshot: true` makes it a
 * read-only REPEATABLE READ transaction (one consistent view for every statement).
 *
 * This file is the only place that calls set_config.
 */
export async function withTenantTransaction<T>(
  db: Kysely<DB>,
  tenantId: string,
  work: (tx: TenantTx) => Promise<T>,
  options: { readOnly?: boolean; snapshot?: boolean } = {},
): Promise<T> {
  const calls = tenantBinding(tenantId);
  let builder = db.transaction();
  // snapshot: every statement sees the same data (exports).
  if (options.snapshot) builder = builder.setIsolationLevel('repeatable read');
  if (options.snapshot || options.readOnly) builder = builder.setAccessMode('read only');
  return builder.execute(async (trx) => {
    await binding(calls).execute(trx);
    return work(trx as TenantTx);
  });
}

/**
 * withTenantTransaction for work that sends exactly one statement (a write whose result is all the
 * caller needs): on PostgreSQL, BEGIN, the binding, the statement and COMMIT go in one round trip.
 * The statement has committed when `statement` resolves, so nothing after it can roll it back; a
 * second statement is refused (OneStatementTransactionError). On PGlite it is an ordinary transaction.
 */
export async function withTenantStatement<T>(db: Kysely<DB>, tenantId: string, statement: (tx: TenantTx) => Promise<T>): Promise<T> {
  const calls = tenantBinding(tenantId);
  return db.transaction().execute(async (trx) => {
    await binding(calls, ONE_STATEMENT_BINDING_MARK).execute(trx);
    return statement(trx as TenantTx);
  });
}

/** Runs `work` as netia_app with no tenant bound: every tenant table reads as empty. */
export async function withLookupTransaction<T>(db: Kysely<DB>, work: (tx: LookupTx) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await binding(`set_config('role', 'netia_app', true)`).execute(trx);
    return work(trx as LookupTx);
  });
}

/**
 * For the API-key lookup every request makes (privileged.ts findApiKeyByHashAsApp): one statement,
 * one round trip, instead of withLookupTransaction's four (BEGIN, set_config, lookup, COMMIT).
 * A statement sent alone is its own transaction, so the transaction-local role switch ends with it.
 * The switch is part of the lookup function's argument, which PostgreSQL evaluates before it calls
 * the function: the SECURITY DEFINER lookup runs once the session is netia_app, as it would inside
 * withLookupTransaction. `left(…, 0)` is '': the argument's value is `value` unchanged.
 */
export function asLookupArgument(value: string): RawBuilder<string> {
  return sql<string>`(${value}::text || left(set_config('role', 'netia_app', true), 0))`;
}

/** Runs `work` as netia_admin, which sees every tenants row and no tenant data. */
export async function withAdminTransaction<T>(db: Kysely<DB>, work: (tx: AdminTx) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await binding(`set_config('role', 'netia_admin', true)`).execute(trx);
    return work(trx as AdminTx);
  });
}
