import type { Kysely } from 'kysely';
import { isEmptyContact } from '../../assistant/leads/contact.extractor';
import { captureLeadsFromMessage, mergeLeadContact, planLeadCapture } from '../../assistant/leads/lead-capture.service';
import type { DB } from '../../db/db.generated';
import { withTenantStatement, withTenantTransaction, type TenantTx } from '../../db/tenant-transaction';
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
  type StoredVisitorDelivery,
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
}

/** The tenant's chat row changed since the caller read it: nothing was stored. */
export class TenantChangedError extends Error {
  constructor() {
    super('the tenant changed since it was read');
    this.name = 'TenantChangedError';
  }
}

/** The SQLSTATE app.tenant_unchanged raises (schema v1.21). */
const TENANT_CHANGED_SQLSTATE = 'NT001';

type VisitorMessage = Extract<InboundChatEvent, { kind: 'visitor_message' }>;

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
  const delivery = deliveryLogEntry(tenantId, event);
  if (event.kind === 'visitor_message') return storeVisitorMessage(tx, tenantId, tenant, delivery, event, visitorPlan(tenant, event), options);
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
 * A visitor message of a tenant the webhook route read for an earlier delivery and verified this one
 * with: stored by a statement that checks the tenant's row is still the one read (app.tenant_unchanged
 * fails it otherwise: TenantChangedError, nothing stored). A message with no contact details of its
 * own is that statement alone, committed in the same round trip (withTenantStatement); a redelivery
 * then reads the replies still owed after it.
 */
export async function storeVisitorMessageAsRead(db: Kysely<DB>, tenantId: string, tenant: ChatTenant, event: VisitorMessage): Promise<InboundOutcome> {
  const delivery = deliveryLogEntry(tenantId, event);
  const options: StoreOptions = { reply: 'outbox', tenantAsRead: true };
  const plan = visitorPlan(tenant, event);
  try {
    if (!plan.foldLeads) {
      return await withTenantTransaction(db, tenantId, (tx) => storeVisitorMessage(tx, tenantId, tenant, delivery, event, plan, options));
    }
    const stored = await withTenantStatement(db, tenantId, (tx) => storeVisitorParts(tx, tenant, delivery, event, plan, options));
    if (!stored.eventId || !stored.messageId) return await withTenantTransaction(db, tenantId, (tx) => duplicate(tx, stored.conversation.id));
    return storedOutcome(tenant, stored);
  } catch (error) {
    if ((error as { code?: unknown }).code === TENANT_CHANGED_SQLSTATE) throw new TenantChangedError();
    throw error;
  }
}

function deliveryLogEntry(tenantId: string, event: InboundChatEvent): DeliveryLogEntry {
  return {
    tenantId,
    platform: event.platform,
    dedupeKey: event.dedupeKey,
    eventType: event.eventType,
    // Ids only: message bodies live in messages, not in the delivery log.
    payload: { kind: event.kind, conversationRef: event.conversationRef, ...('externalMessageId' in event && { externalMessageId: event.externalMessageId }) },
  };
}

type StoreOptions = HandleInboundOptions & { tenantAsRead?: boolean };

type VisitorPlan = ReturnType<typeof visitorPlan>;

/** The tenant's lead capture settings and what they make of the message; leads fold into its statement unless it brings contact details. */
function visitorPlan(tenant: ChatTenant, event: VisitorMessage) {
  const config = parseConfiguration('lead_capture', tenant.leadCapture);
  const plan = planLeadCapture(event.text, config);
  return { config, intents: plan.intents, foldLeads: isEmptyContact(plan.contact) };
}

/**
 * A visitor message: delivery, conversation, message, owed reply and its leads in one statement
 * (storeVisitorParts); a message with contact details of its own captures its leads after it
 * (captureLeadsFromMessage merges them into the conversation's other leads too).
 */
async function storeVisitorMessage(
  tx: TenantTx,
  tenantId: string,
  tenant: ChatTenant,
  delivery: DeliveryLogEntry,
  event: VisitorMessage,
  plan: VisitorPlan,
  options: StoreOptions,
): Promise<InboundOutcome> {
  const { config, foldLeads } = plan;
  const stored = await storeVisitorParts(tx, tenant, delivery, event, plan, options);
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
  return storedOutcome(tenant, stored);
}

function storeVisitorParts(tx: TenantTx, tenant: ChatTenant, delivery: DeliveryLogEntry, event: VisitorMessage, plan: VisitorPlan, options: StoreOptions) {
  const { intents, foldLeads } = plan;
  const message = { content: event.text, externalId: event.externalMessageId, metadata: { platform: event.platform, replyRef: event.replyRef } };
  return storeVisitorDelivery(tx, delivery, { sessionId: event.conversationRef }, message, {
    oweReply: isAnswerable(tenant) && options.reply === 'outbox',
    leadIntents: foldLeads ? intents : [],
    ...(options.tenantAsRead && { tenantAsRead: { platform: event.platform, version: tenant.version } }),
  });
}

function storedOutcome(tenant: ChatTenant, stored: StoredVisitorDelivery): InboundOutcome {
  const { conversation } = stored;
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
