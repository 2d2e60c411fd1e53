import type { TenantTx } from '../db/tenant-transaction';
import { createConversationLoaders } from '../modules/conversations/conversation.loaders';
import { createLeadLoaders } from '../modules/leads/lead.loaders';
import { createMessageLoaders } from '../modules/messages/message.loaders';

/**
 * All DataLoaders of one request, bound to that request's tenant transaction. Built per request by
 * the context: a loader's cache must never outlive its transaction or be seen by another tenant.
 */
export function createLoaders(tx: TenantTx) {
  return {
    ...createConversationLoaders(tx),
    ...createMessageLoaders(tx),
    ...createLeadLoaders(tx),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
