import { sql } from 'kysely';
import { jsonb } from '../../db/json';
import type { TenantTx } from '../../db/tenant-transaction';
import { effectiveSubscriptionStatus, isServiceable } from '../plans/plan-limits';
import type { TenantChatState } from '../tenants/tenant.repository';

import type { ChatPlatformName } from '../../domain/vocabulary';

export type { ChatPlatformName };

// The tenants table's owner is modules/tenants; the chat pipeline reads the bound tenant through it.
export { findTenantChatState, type TenantChatState } from '../tenants/tenant.repository';

/** Suspended, cancelled, deactivated or past-trial tenants are stored but never answered. */
export function isAnswerable(tenant: TenantChatState): boolean {
  return tenant.isActive && isServiceable(effectiveSubscriptionStatus(tenant, new Date()));
}

export interface ChatConversation {
  id: string;
  sessionId: string;
  platform: string;
  handoffReason: string | null;
}

/**
 * Logs one accepted delivery and upserts the conversation of its platform session (created on first
 * contact), in one statement: two data-modifying parts that do not depend on each other.
 * `eventId` is null when the delivery's dedupe key was seen before (a redelivery).
 */
export async function recordDelivery(
  tx: TenantTx,
  event: { tenantId: string; platform: ChatPlatformName; dedupeKey: string; eventType: string; payload: unknown },
  session: { sessionId: string },
): Promise<{ eventId: string | null; conversation: ChatConversation }> {
  const { tenantId, platform } = event;
  const row = await tx
    .with('logged', (db) =>
      db
        .insertInto('inboundEvents')
        .values({ ...event, payload: jsonb(event.payload) })
        .onConflict((oc) => oc.columns(['tenantId', 'platform', 'dedupeKey']).doNothing())
        .returning('id'),
    )
    .insertInto('conversations')
    .values({ tenantId, sessionId: session.sessionId, platform })
    .onConflict((oc) => oc.columns(['tenantId', 'sessionId']).doUpdateSet({ updatedAt: sql`now()` }))
    .returning(['id', 'sessionId', 'platform', 'handoffReason', (eb) => eb.selectFrom('logged').select('logged.id').as('eventId')])
    .executeTakeFirstOrThrow();
  const { eventId, ...conversation } = row;
  return { eventId: eventId ?? null, conversation };
}

/** Locks the conversation row until the end of the transaction (one reply worker at a time). */
export async function lockConversation(tx: TenantTx, conversationId: string): Promise<ChatConversation | null> {
  const row = await tx
    .selectFrom('conversations')
    .select(['id', 'sessionId', 'platform', 'handoffReason'])
    .where('id', '=', conversationId)
    .forUpdate()
    .executeTakeFirst();
  return row ?? null;
}

// The messages table's owner is modules/messages; these are the chat pipeline's writes and reads of it.
export {
  findLatestVisitorMessage,
  findMessage,
  findMessageIdByExternalId,
  insertChatMessage,
  setMessageExternalId,
  setMissingMessageExternalId,
  type StoredMessage,
} from '../messages/message.repository';

/** Hands the conversation to a human; the first reason stays until the conversation is released. */
export async function handOffConversation(tx: TenantTx, conversationId: string, reason: string): Promise<void> {
  await tx
    .updateTable('conversations')
    .set({ handoffReason: reason, handoffAt: sql`now()` })
    .where('id', '=', conversationId)
    .where('handoffReason', 'is', null)
    .execute();
}

export async function flagConversation(tx: TenantTx, conversationId: string, reason: string): Promise<void> {
  await tx
    .updateTable('conversations')
    .set({ flaggedReason: reason.slice(0, 100), flaggedAt: sql`now()` })
    .where('id', '=', conversationId)
    .execute();
}
