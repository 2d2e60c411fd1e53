import DataLoader from 'dataloader';
import type { TenantTx } from '../../db/tenant-transaction';
import { groupBy } from '../../lib/group-by';
import { findLeadsByConversationIds, type LeadRow } from './lead.repository';

export function createLeadLoaders(tx: TenantTx) {
  return {
    leadsByConversationId: new DataLoader<string, LeadRow[]>(async (ids) => {
      const groups = groupBy(await findLeadsByConversationIds(tx, ids), (row) => row.conversationId);
      return ids.map((id) => groups.get(id) ?? []);
    }),
  };
}
