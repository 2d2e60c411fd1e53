import { sql, type QueryCreator } from 'kysely';
import type { DB } from '../../db/db.generated';
import { jsonb } from '../../db/json';
import { statementTemplate } from '../../db/statement-template';
import type { TenantTx } from '../../db/tenant-transaction';
import type { ChatPlatformName } from '../../domain/vocabulary';
import { upsertSessionConversationQuery, type ChatConversation } from '../../modules/conversations/conversation.repository';
import { insertLoggedMessageQuery } from '../../modules/messages/message.repository';
import { upsertLeadsForStoredQuery } from '../../modules/leads/lead.repository';
import { oweReplyToStoredQuery } from './outbound-reply.repository';
import { effectiveSubscriptionStatus, isServiceable } from '../../modules/plans/plan-limits';
import type { TenantChatState } from '../../modules/tenants/tenant.repository';

/**
 * The chat pipeline's inbox: the webhook deliveries (inbound_events, owned here). What it reads and
 * writes of other tables is re-exported from their owners, so chat/webhooks/ and chat/replies/ import one file.
 */

export type { ChatPlatformName };

// The conversations table's owner is modules/conversations; recordDelivery below upserts a
// conversation (its owner builds that part) in the same statement as it logs the delivery.
export {
  flagConversation,
  handOffConversation,
  lockConversation,
  type ChatConversation,
} from '../../modules/conversations/conversation.repository';

// The tenants table's owner is modules/tenants; findChatTenant below reads its row with the tenant's chat settings.
export { findTenantChatState, type TenantChatState } from '../../modules/tenants/tenant.repository';

/** The bound tenant as one delivery or reply needs it: its state and chat settings, read together. */
export interface ChatTenant extends TenantChatState {
  /** The platform's sealed integration row (adapter.openSettings), null when the tenant has none. */
  integration: unknown;
  /** The lead_capture configuration's data, null when the tenant has none. */
  leadCapture: unknown;
  /** A digest of everything above as read: storeVisitorDelivery can check that none of it changed since. */
  version: string;
}

/**
 * findChatTenant's row, without its digest: the part that findChatTenant, storeVisitorDelivery's check
 * and the reply claim's lease statement share.
 */
export function chatTenantQuery(db: QueryCreator<DB>, platform: ChatPlatformName) {
  const configuration = (type: string) => db.selectFrom('tenantConfigurations').select('configData').where('configType', '=', type);
  return db
    .selectFrom('tenants')
    .select(['isActive', 'subscriptionStatus', 'trialEndsAt', 'crispWebsiteId', 'tidioWebsiteId'])
    .select([configuration(platform).as('integration'), configuration('lead_capture').as('leadCapture')]);
}

/** The digest of the row `chat_tenant` (jsonb prints canonically, so equal data gives an equal digest). */
const chatTenantDigest = sql<string>`md5(chat_tenant::text)`;

/**
 * The bound tenant's chat state, its `platform` integration row and its lead_capture configuration
 * in one statement. Null when no tenant row is visible (an unknown platform key is bound to a tenant
 * id that does not exist: it reads as a tenant without settings).
 */
export async function findChatTenant(tx: TenantTx, platform: ChatPlatformName): Promise<ChatTenant | null> {
  const row = await tx
    .selectFrom(chatTenantQuery(tx, platform).as('chat_tenant'))
    .selectAll()
    .select(chatTenantDigest.as('version'))
    .executeTakeFirst();
  return row ?? null;
}

/** Suspended, cancelled, deactivated or past-trial tenants are stored but never answered. */
export function isAnswerable(tenant: TenantChatState): boolean {
  return tenant.isActive && isServiceable(effectiveSubscriptionStatus(tenant, new Date()));
}

/**
 * A part of a statement as its owner's builder declares it: the earlier parts it reads (Kysely's
 * QueryCreator is invariant in the parts' row types, which carry more columns than a builder reads).
 */
const part = <T>(db: QueryCreator<any>) => db as QueryCreator<T>;

/** One accepted delivery as the delivery log keeps it (ids only: message bodies live in messages). */
export type DeliveryLogEntry = { tenantId: string; platform: ChatPlatformName; dedupeKey: string; eventType: string; payload: unknown };

/** The delivery log's row for one accepted delivery; nothing when its dedupe key was seen before. */
function logDeliveryQuery(db: QueryCreator<DB>, event: DeliveryLogEntry) {
  return db
    .insertInto('inboundEvents')
    .values({ ...event, payload: jsonb(event.payload) })
    .onConflict((oc) => oc.columns(['tenantId', 'platform', 'dedupeKey']).doNothing())
    .returning('id');
}

/** The two parts every delivery's statement starts with: the session's conversation and the delivery log's row. */
function withDeliveryParts(tx: TenantTx, event: DeliveryLogEntry, session: { sessionId: string }) {
  const { tenantId, platform } = event;
  return tx
    .with('conversation', (db) => upsertSessionConversationQuery(db, { tenantId, sessionId: session.sessionId, platform }))
    .with('logged', (db) => logDeliveryQuery(part(db), event));
}

/**
 * Logs one accepted delivery and upserts the conversation of its platform session (created on first
 * contact), in one statement: two data-modifying parts that do not depend on each other, the
 * conversation's built by its owner (upsertSessionConversationQuery).
 * `eventId` is null when the delivery's dedupe key was seen before (a redelivery); `conversationCreated`
 * says the session is new (the conversation has no messages or leads yet).
 */
export async function recordDelivery(
  tx: TenantTx,
  event: DeliveryLogEntry,
  session: { sessionId: string },
): Promise<{ eventId: string | null; conversation: ChatConversation; conversationCreated: boolean }> {
  const row = await withDeliveryParts(tx, event, session)
    .selectFrom('conversation')
    .select(['id', 'sessionId', 'platform', 'handoffReason', 'created', (eb) => eb.selectFrom('logged').select('logged.id').as('eventId')])
    .executeTakeFirstOrThrow();
  const { eventId, created, ...conversation } = row;
  return { eventId: eventId ?? null, conversation, conversationCreated: created };
}

/** What storeVisitorDelivery stored: ids are null for what a redelivery (or a duplicate message) did not store. */
export interface StoredVisitorDelivery {
  eventId: string | null;
  conversation: ChatConversation;
  conversationCreated: boolean;
  messageId: string | null;
  replyId: string | null;
}

/**
 * A visitor message's whole delivery in one statement, built from the tables' owners: recordDelivery's
 * two parts (delivery log, session conversation), then the message (insertLoggedMessageQuery: only for a
 * delivery logged now, deduplicated on its platform id), the reply it is owed (`oweReply`: unless the
 * conversation is handed off to a human) and its leads (upsertLeadsForStoredQuery, one per intent).
 * The parts that write depend only on rows the statement's own parts return, so a redelivery or a
 * duplicate message stores nothing and owes nothing, as when they were separate statements.
 */
export async function storeVisitorDelivery(
  tx: TenantTx,
  event: DeliveryLogEntry,
  session: { sessionId: string },
  message: { content: string; externalId: string; metadata: Record<string, unknown> },
  effects: { oweReply: boolean; leadIntents: readonly string[]; tenantAsRead?: { platform: ChatPlatformName; version: string } },
): Promise<StoredVisitorDelivery> {
  const asRead = effects.tenantAsRead;
  const shape = { oweReply: effects.oweReply, withLeads: effects.leadIntents.length > 0, asReadOn: asRead?.platform ?? null };
  const { rows } = await visitorDeliveryStatement(tx, shape, {
    ...event,
    ...session,
    ...message,
    intents: effects.leadIntents,
    version: asRead?.version ?? null,
  });
  const { eventId, created, messageId, replyId, tenantChecked: _raisedOtherwise, ...conversation } = rows[0]!;
  return {
    eventId: eventId ?? null,
    conversation,
    conversationCreated: created,
    messageId: messageId ?? null,
    replyId: replyId ?? null,
  };
}

// Every webhook delivery runs it: built once per shape (statement-template.ts).
const visitorDeliveryStatement = statementTemplate(
  (
    tx: TenantTx,
    shape: { oweReply: boolean; withLeads: boolean; asReadOn: ChatPlatformName | null },
    values: DeliveryLogEntry & { sessionId: string; content: string; externalId: string; metadata: Record<string, unknown>; intents: readonly string[]; version: string | null },
  ) => {
    const { tenantId, platform, dedupeKey, eventType, payload, sessionId, content, externalId, metadata, intents, version } = values;
    let query = withDeliveryParts(tx, { tenantId, platform, dedupeKey, eventType, payload }, { sessionId })
      .with('stored', (db) => insertLoggedMessageQuery(part(db), { tenantId, role: 'user', content, externalId, metadata }))
      .with('owed', (db) =>
        shape.oweReply
          ? oweReplyToStoredQuery(part(db), tenantId, sql<boolean>`(select handoff_reason from conversation) is null`)
          : db.selectFrom('stored').select('stored.id').where(sql<boolean>`false`),
      );
    if (shape.withLeads) {
      query = query.with('captured', (db) => upsertLeadsForStoredQuery(part(db), { tenantId, intents })) as unknown as typeof query;
    }
    return query.selectFrom('conversation').select([
      'id',
      'sessionId',
      'platform',
      'handoffReason',
      'created',
      (eb) => eb.selectFrom('logged').select('logged.id').as('eventId'),
      (eb) => eb.selectFrom('stored').select('stored.id').as('messageId'),
      (eb) => eb.selectFrom('owed').select('owed.id').as('replyId'),
      // In this statement's snapshot, as its writes see the tenant: a changed row fails the whole statement.
      shape.asReadOn
        ? tx
            .selectFrom(chatTenantQuery(tx, shape.asReadOn).as('chat_tenant'))
            .select(sql<boolean>`app.tenant_unchanged(${chatTenantDigest} = ${version})`.as('u'))
            .as('tenantChecked')
        : sql<boolean>`true`.as('tenantChecked'),
    ]);
  },
);

// The messages table's owner is modules/messages; these are the chat pipeline's writes and reads of it.
export {
  findLatestVisitorMessage,
  findMessage,
  findMessageIdByExternalId,
  insertChatMessage,
  recentMessagesJson,
  setMessageExternalId,
  setMissingMessageExternalId,
  type StoredMessage,
} from '../../modules/messages/message.repository';
