import type { QueryCreator } from 'kysely';
import type { DB } from '../../db/db.generated';
import { jsonb } from '../../db/json';
import type { TenantTx } from '../../db/tenant-transaction';
import type { ChatPlatformName } from '../../domain/vocabulary';
import { upsertSessionConversationQuery, type ChatConversation } from '../../modules/conversations/conversation.repository';
import { insertMessageQuery } from '../../modules/messages/message.repository';
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
}

/**
 * The bound tenant's chat state, its `platform` integration row and its lead_capture configuration
 * in one statement. Null when no tenant row is visible (an unknown platform key is bound to a tenant
 * id that does not exist: it reads as a tenant without settings).
 */
export async function findChatTenant(tx: TenantTx, platform: ChatPlatformName): Promise<ChatTenant | null> {
  const row = await chatTenantQuery(tx, platform).executeTakeFirst();
  return row ?? null;
}

/** findChatTenant's statement, to be read as a part of a larger one (the reply claim's). */
export function chatTenantQuery(db: QueryCreator<DB>, platform: ChatPlatformName) {
  const configuration = (type: string) =>
    db.selectFrom('tenantConfigurations').select('configData').where('configType', '=', type);
  return db
    .selectFrom('tenants')
    .select(['isActive', 'subscriptionStatus', 'trialEndsAt', 'crispWebsiteId', 'tidioWebsiteId'])
    .select([configuration(platform).as('integration'), configuration('lead_capture').as('leadCapture')]);
}

/** Suspended, cancelled, deactivated or past-trial tenants are stored but never answered. */
export function isAnswerable(tenant: TenantChatState): boolean {
  return tenant.isActive && isServiceable(effectiveSubscriptionStatus(tenant, new Date()));
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
  event: { tenantId: string; platform: ChatPlatformName; dedupeKey: string; eventType: string; payload: unknown },
  session: { sessionId: string },
): Promise<{ eventId: string | null; conversation: ChatConversation; conversationCreated: boolean }> {
  const { tenantId, platform } = event;
  const row = await tx
    .with('conversation', (db) => upsertSessionConversationQuery(db, { tenantId, sessionId: session.sessionId, platform }))
    .with('logged', (db) =>
      db
        .insertInto('inboundEvents')
        .values({ ...event, payload: jsonb(event.payload) })
        .onConflict((oc) => oc.columns(['tenantId', 'platform', 'dedupeKey']).doNothing())
        .returning('id'),
    )
    .selectFrom('conversation')
    .select(['id', 'sessionId', 'platform', 'handoffReason', 'created', (eb) => eb.selectFrom('logged').select('logged.id').as('eventId')])
    .executeTakeFirstOrThrow();
  const { eventId, created, ...conversation } = row;
  return { eventId: eventId ?? null, conversation, conversationCreated: created };
}

/**
 * Stores a visitor message once (a redelivered platform id is a no-op) and owes the assistant's reply
 * to it, in one statement built from the two tables' owners (insertMessageQuery,
 * oweReplyToStoredQuery): no reply is owed for a duplicate. Both ids are null for a duplicate.
 */
export async function insertVisitorMessageOwingReply(
  tx: TenantTx,
  message: { tenantId: string; conversationId: string; content: string; externalId: string; metadata: Record<string, unknown> },
): Promise<{ messageId: string | null; replyId: string | null }> {
  const row = await tx
    .with('stored', (db) => insertMessageQuery(db, { ...message, role: 'user' }))
    .with('owed', (db) => oweReplyToStoredQuery(db, message))
    .selectFrom('stored')
    .select(['stored.id as messageId', (eb) => eb.selectFrom('owed').select('owed.id').as('replyId')])
    .executeTakeFirst();
  return { messageId: row?.messageId ?? null, replyId: row?.replyId ?? null };
}

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
