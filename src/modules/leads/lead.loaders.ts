import DataLoader from 'dataloader';
import type { TenantTx } from '../../db/tenant-transaction';
import { findLeadsByConversationIds, type LeadRow } from './lead.repository';

export function createLeadLoaders(tx: TenantTx) {
  return {
    leadsByConversationId: new DataLoader<string, LeadRow[]>(async (ids) => {
      const groups = new Map<string, LeadRow[]>();
      for (const row of await findLeadsByConversationIds(tx, ids)) {
        if (row.conversationId) groups.set(row.conversationId, [...(groups.get(row.conversationId) ?? []), row]);
      }
      return ids.map((id) => groups.get(id) ?? []);
    }),
  };
}
