import { sql, type SelectQueryBuilder } from 'kysely';
import type { TenantTx } from '../../db/tenant-transaction';

/**
 * Reads for a tenant export. Every function takes the tenant transaction: RLS scopes the rows to the
 * bound tenant, so none of them filters by tenant_id itself. Lists page by id (keyset) so an export of
 * any size is read in bounded batches.
 */

export type ExportRow = Record<string, unknown> & { id: string };
export type PageReader = (tx: TenantTx, after: string | null, limit: number) => Promise<ExportRow[]>;

/** One batch of a list in id order, after the id `after`: how every export list is read. */
function batchAfter(query: SelectQueryBuilder<any, any, any>, after: string | null, limit: number): Promise<ExportRow[]> {
  const id = sql.ref('id');
  return (after === null ? query : query.where(id, '>', after)).orderBy(id).limit(limit).execute() as Promise<ExportRow[]>;
}

const TENANT_COLUMNS = [
  'id', 'name', 'email', 'crispWebsiteId', 'tidioWebsiteId', 'subscriptionPlan', 'subscriptionStatus',
  'trialEndsAt', 'isActive', 'createdAt', 'updatedAt',
] as const;

export async function findExportTenant(tx: TenantTx): Promise<ExportRow | null> {
  return (await tx.selectFrom('tenants').select(TENANT_COLUMNS).executeTakeFirst()) ?? null;
}

export const readConversations: PageReader = (tx, after, limit) =>
  batchAfter(tx.selectFrom('conversations').select(['id', 'sessionId', 'platform', 'metadata', 'handoffReason', 'handoffAt', 'flaggedReason', 'flaggedAt', 'createdAt', 'updatedAt']), after, limit);

export const readMessages: PageReader = (tx, after, limit) =>
  batchAfter(tx.selectFrom('messages').select(['id', 'conversationId', 'role', 'content', 'externalId', 'metadata', 'timestamp']), after, limit);

export const readLeads: PageReader = (tx, after, limit) =>
  batchAfter(tx.selectFrom('leads').select(['id', 'conversationId', 'sourceMessageId', 'intent', 'contactInfo', 'status', 'createdAt', 'updatedAt']), after, limit);

/** Every version, active or not: the knowledge base history is part of the tenant's data. */
export const readKnowledgeBase: PageReader = (tx, after, limit) =>
  batchAfter(tx.selectFrom('knowledgeBases').select(['id', 'contentType', 'title', 'content', 'version', 'isActive', 'createdAt', 'updatedAt']), after, limit);

/** Configurations of the given (public) types, with their data. */
export const readPublicConfigurations =
  (types: readonly string[]): PageReader =>
  (tx, after, limit) =>
    batchAfter(
      tx.selectFrom('tenantConfigurations').select(['id', 'configType as type', 'configData as data', 'createdAt', 'updatedAt']).where('configType', 'in', types),
      after,
      limit,
    );

/**
 * Every other configuration row (the sealed Crisp/Tidio credentials, or a type this version does not
 * know) WITHOUT config_data: the column is not even selected, so no sealed blob leaves the database.
 */
export const readWithheldConfigurations =
  (publicTypes: readonly string[]): PageReader =>
  (tx, after, limit) =>
    batchAfter(
      tx.selectFrom('tenantConfigurations').select(['id', 'configType as type', 'createdAt', 'updatedAt']).where('configType', 'not in', publicTypes),
      after,
      limit,
    );

/** API keys without key_hash. */
export const readApiKeys: PageReader = (tx, after, limit) =>
  batchAfter(tx.selectFrom('apiKeys').select(['id', 'name', 'permissions', 'isActive', 'lastUsedAt', 'createdAt']), after, limit);

export const readAuditEvents: PageReader = (tx, after, limit) =>
  batchAfter(tx.selectFrom('auditEvents').select(['id', 'actorType', 'actorId', 'action', 'targetType', 'targetId', 'requestId', 'details', 'createdAt']), after, limit);

/** Webhook deliveries: ids and event types only (payloads never hold message bodies). */
export const readInboundEvents: PageReader = (tx, after, limit) =>
  batchAfter(tx.selectFrom('inboundEvents').select(['id', 'platform', 'dedupeKey', 'eventType', 'payload', 'receivedAt']), after, limit);

export const readOutboundReplies: PageReader = (tx, after, limit) =>
  batchAfter(
    tx
      .selectFrom('outboundReplies')
      .select([
        'id', 'conversationId', 'kind', 'inReplyToMessageId', 'messageId', 'content', 'status', 'attempts', 'externalId',
        'lastError', 'createdAt', 'updatedAt', 'sentAt',
      ]),
    after,
    limit,
  );

/** Operators' verdicts on bot replies (v1.15); `id` is the rated message's id (the key of the row). */
export const readAnswerRatings: PageReader = (tx, after, limit) =>
  tx
    .selectFrom('answerRatings')
    .select(['messageId as id', 'conversationId', 'rating', 'note', 'questionKey', 'questionMessageId', 'apiKeyId', 'ratedAt'])
    .$if(after !== null, (q) => q.where('messageId', '>', after!))
    .orderBy('messageId')
    .limit(limit)
    .execute();

/** Resolved groups of unanswered questions (v1.15); `id` is the question key (the key of the row). */
export const readUnansweredQuestionResolutions: PageReader = (tx, after, limit) =>
  tx
    .selectFrom('unansweredQuestionResolutions')
    .select(['questionKey as id', 'resolvedAt', 'entryId', 'apiKeyId'])
    .$if(after !== null, (q) => q.where('questionKey', '>', after!))
    .orderBy('questionKey')
    .limit(limit)
    .execute();

/** A handful of rows per month: read at once. */
export async function listUsageCounters(tx: TenantTx): Promise<Record<string, unknown>[]> {
  return tx.selectFrom('usageCounters').select(['period', 'metric', 'count']).orderBy('period').orderBy('metric').execute();
}
