import DataLoader from 'dataloader';
import type { TenantTx } from '../../db/tenant-transaction';
import { findConversationsByIds, NO_LISTS, type ConversationWithLists, type NestedLists } from './conversation.repository';

/** Per-request loaders over the request's tenant transaction (see graphql/loaders.ts). */
export function createConversationLoaders(tx: TenantTx) {
  const byLists = new Map<string, DataLoader<string, ConversationWithLists | null>>();
  const loaderFor = (lists: NestedLists) => {
    const shape = JSON.stringify(lists);
    let loader = byLists.get(shape);
    if (!loader) {
      loader = new DataLoader(async (ids) => {
        const rows = await findConversationsByIds(tx, ids, lists);
        const byId = new Map(rows.map((row) => [row.id, row]));
        return ids.map((id) => byId.get(id) ?? null);
      });
      byLists.set(shape, loader);
    }
    return loader;
  };
  return {
    conversationById: loaderFor(NO_LISTS),
    /** Conversations with the lists a `conversation(id)` selection asks for (conversation-page-plan.ts), batched by shape. */
    conversationWithListsById: loaderFor,
  };
}
