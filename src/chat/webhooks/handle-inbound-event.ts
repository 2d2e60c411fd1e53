import type { Kysely } from 'kysely';
import { isEmptyContact } from '../../assistant/leads/contact.extractor';
import { captureLeadsFromMessage, mergeLeadContact, planLeadCapture } from '../../assistant/leads/lead-capture.service';
import type { DB } from '../../db/db.generated';
import { withTenantTransaction, type TenantTx } from '../../db/tenant-transaction';
import {
  findChatTenant,
  findMessageIdByExternalId,
  handOffConversation,
  insertChatMessage,
  isAnswerable,
  recordDelivery,
  storeVisitorDelivery,
  type ChatConversation,
  type ChatTenant,
  type DeliveryLogEntry,
} from '../store/chat-inbox.repository';
import { parseConfiguration } from '../../modules/configurations/configuration.repository';
import { listPendingReplyIds } from '../store/outbound-reply.repository';
import type { InboundChatEvent } from '../platforms/chat-adapter';

export type InboundOutcome =
  | { status: 'duplicate'; conversationId: string; pendingReplyIds: string[] }
  | { status: 'ignored'; conversationId: string; reason: string }
  | {
      status: 'stored';
      conversationId: string;
      /** The stored visitor message, when the event was one. */
      messageId: string | null;
      /** Replies now owed: the caller enqueues them once this transaction has committed. */
      pendingReplyIds: string[];
      /** True when the bot may answer this conversation now (tenant in good standing, no handoff). */
      answerable: boolean;
    };

export interface HandleInboundOptions {
  /** 'outbox': owe a reply for the worker to push; 'none': the caller answers itself (Tidio Flow). */
  reply: 'outbox' | 'none';
  /**
   * The tenant was read before this transaction (the route's memory of it): the statement that stores
   * checks that its row is still the one read, else TenantChangedError (the caller rolls back and reads again).
   */
  tenantReadBefore?: boolean;
}

/** The tenant's chat row changed since the caller read it: nothing may be kept of this transaction. */
export class TenantChangedError extends Error {
  constructor() {
    super('the tenant changed since it was read');
    this.name = 'TenantChangedError';
  }
}

/**
 * Applies one verified platform event for a tenant in ONE short tenant transaction, so a delivery
 * is either fully recorded (inbox row, conversation, message, leads, owed reply) or not at all and
 * the platform's retry brings it again. Platform-agnostic: it sees only InboundChatEvent.
 *
 * 1. log the delivery in inbound_events and upsert the conversation by the platform session (one
 *    statement); a seen dedupe key is a redelivery → report the replies still owed in that
 *    conversation, so the caller can re-enqueue them (the crash-before-enqueue case);
 * 2. visitor message → store (role user, deduplicated on the platform message id), capture leads,
 *    owe a reply unless the tenant is suspended/cancelled or a human has taken over;
 *    operator message → our own echo is recognised by its external id; a human's reply is stored
 *    (role assistant, marked operator) and hands the conversation off;
 *    contact details → merged into the conversation's lead.
 */
export async function handleInboundEvent(
  db: Kysely<DB>,
  tenantId: string,
  event: InboundChatEvent,
  options: HandleInboundOptions = { reply: 'outbox' },
): Promise<InboundOutcome> {
  return withTenantTransaction(db, tenantId, async (tx) => {
    const tenant = await findChatTenant(tx, event.platform);
    if (!tenant) throw new Error(`tenant ${tenantId} not found`);
    return storeInboundEvent(tx, tenantId, tenant, event, options);
  });
}

/**
 * handleInboundEvent's work inside a tenant transaction the caller holds, with the bound tenant the
 * caller read in it (the webhook route verifies the delivery with its settings first).
 */
export async function storeInboundEvent(
  tx: TenantTx,
  tenantId: string,
  tenant: ChatTenant,
  event: InboundChatEvent,
  options: HandleInboundOptions = { reply: 'outbox' },
): Promise<InboundOutcome> {
  const delivery = {
    tenantId,
    platform: event.platform,
    dedupeKey: event.dedupeKey,
    eventType: event.eventType,
    // Ids only: message bodies live in messages, not in the delivery log.
    payload: { kind: event.kind, conversationRef: event.conversationRef, ...('externalMessageId' in event && { externalMessageId: event.externalMessageId }) },
  };
  if (event.kind === 'visitor_message') return storeVisitorMessage(tx, tenantId, tenant, delivery, event, options);
  // Only the visitor message's statement checks the tenant as read.
  if (options.tenantReadBefore) throw new TenantChangedError();
  const { eventId, conversation } = await recordDelivery(tx, delivery, { sessionId: event.conversationRef });
  if (!eventId) return duplicate(tx, conversation.id);
  const answerable = isAnswerable(tenant) && conversation.handoffReason === null;

  switch (event.kind) {
    case 'operator_message':
      return storeOperatorMessage(tx, tenantId, conversation, event);
    case 'contact_details':
      await mergeLeadContact(tx, { tenantId, conversationId: conversation.id, contact: event.contact });
      return { status: 'stored', conversationId: conversation.id, messageId: null, pendingReplyIds: [], answerable };
  }
}

/**
 * A visitor message: delivery, conversation, message, owed reply and its leads in one statement
 * (storeVisitorDelivery); a message with contact details of its own captures its leads after it
 * (captureLeadsFromMessage merges them into the conversation's other leads too).
 */
async function storeVisitorMessage(
  tx: TenantTx,
  tenantId: string,
  tenant: ChatTenant,
  delivery: DeliveryLogEntry,
  event: Extract<InboundChatEvent, { kind: 'visitor_message' }>,
  options: HandleInboundOptions,
): Promise<InboundOutcome> {
  const config = parseConfiguration('lead_capture', tenant.leadCapture);
  const plan = planLeadCapture(event.text, config);
  const foldLeads = isEmptyContact(plan.contact);
  const message = { content: event.text, externalId: event.externalMessageId, metadata: { platform: event.platform, replyRef: event.replyRef } };
  const stored = await storeVisitorDelivery(tx, delivery, { sessionId: event.conversationRef }, message, {
    oweReply: isAnswerable(tenant) && options.reply === 'outbox',
    leadIntents: foldLeads ? plan.intents : [],
    ...(options.tenantReadBefore && { tenantAsRead: { platform: event.platform, version: tenant.version } }),
  });
  if (!stored.tenantUnchanged) throw new TenantChangedError();
  const { conversation } = stored;
  if (!stored.eventId || !stored.messageId) return duplicate(tx, conversation.id);
  if (!foldLeads) {
    await captureLeadsFromMessage(tx, {
      tenantId,
      conversationId: conversation.id,
      messageId: stored.messageId,
      text: event.text,
      config,
      conversationIsNew: stored.conversationCreated,
    });
  }
  const answerable = isAnswerable(tenant) && conversation.handoffReason === null;
  const pendingReplyIds = stored.replyId ? [stored.replyId] : [];
  return { status: 'stored', conversationId: conversation.id, messageId: stored.messageId, pendingReplyIds, answerable };
}

async function storeOperatorMessage(
  tx: TenantTx,
  tenantId: string,
  conversation: ChatConversation,
  event: Extract<InboundChatEvent, { kind: 'operator_message' }>,
): Promise<InboundOutcome> {
  if (await findMessageIdByExternalId(tx, conversation.id, event.externalMessageId)) {
    return { status: 'duplicate', conversationId: conversation.id, pendingReplyIds: [] };
  }
  if (event.automated) {
    // A bot message we did not send (or an echo whose id the platform changed): history only on
    // the platform, never a reason to hand off and never stored twice.
    return { status: 'ignored', conversationId: conversation.id, reason: 'automated operator message' };
  }
  const messageId = await insertChatMessage(tx, {
    tenantId,
    conversationId: conversation.id,
    role: 'assistant',
    content: event.text,
    externalId: event.externalMessageId,
    metadata: { platform: event.platform, operator: true },
  });
  await handOffConversation(tx, conversation.id, 'operator_replied');
  return { status: 'stored', conversationId: conversation.id, messageId, pendingReplyIds: [], answerable: false };
}

/** A redelivery: the replies still owed in the conversation are reported so they get (re-)enqueued. */
async function duplicate(tx: TenantTx, conversationId: string): Promise<InboundOutcome> {
  return { status: 'duplicate', conversationId, pendingReplyIds: await listPendingReplyIds(tx, conversationId) };
}
