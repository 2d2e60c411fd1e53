import type { Kysely } from 'kysely';
import type { DB } from '../../db/db.generated';
import type { TenantTx } from '../../db/tenant-transaction';
import type { Scope } from '../../domain/vocabulary';

/**
 * Who a service acts for: the tenant, the API key and its scopes, and the tenant transaction that
 * whoever called the service opened (a GraphQL request, a webhook, a job, the CLI).
 */
export interface TenantScope {
  readonly tenantId: string;
  readonly apiKeyId: string;
  readonly scopes: Scope[];
  readonly tx: TenantTx;
}

/**
 * A tenant for an operation that runs without a caller's transaction (graphql/transaction-free.ts):
 * the service opens its own short withTenantTransaction(db, tenantId, …) around its reads.
 */
export interface TransactionFreeTenant {
  readonly tenantId: string;
  readonly db: Kysely<DB>;
}
