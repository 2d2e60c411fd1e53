import type { TenantTx } from '../db/tenant-transaction';
import type { HistoryMessage } from './assistant.types';

/**
 * The last `limit` user/assistant messages of a conversation, oldest first, without the message
 * `excludeMessageId` (the question being answered).
 */
export async function listRecentMessages(
  tx: TenantTx,
  conversationId: string,
  limit: number,
  excludeMessageId: string | null,
): Promise<Array<HistoryMessage & { id: string }>> {
  let query = tx
    .selectFrom('messages')
    .select(['id', 'role', 'content'])
    .where('conversationId', '=', conversationId)
    .where('role', 'in', ['user', 'assistant']);
  if (excludeMessageId) query = query.where('id', '!=', excludeMessageId);
  const rows = await query.orderBy('timestamp', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.reverse().map((row) => ({ id: row.id, role: row.role as HistoryMessage['role'], content: row.content }));
}
