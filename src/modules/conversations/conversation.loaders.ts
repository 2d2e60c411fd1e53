import DataLoader from 'dataloader';
import type { TenantTx } from '../../db/tenant-transaction';
import { findConversationsByIds, type ConversationRow } from './conversation.repository';

/** Per-request loaders over the request's tenant transaction (see graphql/loaders.ts). */
export function createConversationLoaders(tx: TenantTx) {
  return {
    conversationById: new DataLoader<string, ConversationRow | null>(async (ids) => {
      const rows = await findConversationsByIds(tx, ids);
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}
