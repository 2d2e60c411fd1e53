import type { TenantTx } from '../../db/tenant-transaction';
import type { ConversationRow } from './conversation.repository';

/** Clears the handoff: the bot answers this conversation again. Null when the id is not the tenant's. */
export async function releaseHandoff(tx: TenantTx, conversationId: string): Promise<ConversationRow | null> {
  const row = await tx
    .updateTable('conversations')
    .set({ handoffReason: null, handoffAt: null })
    .where('id', '=', conversationId)
    .returningAll()
    .executeTakeFirst();
  return row ?? null;
}

export async function findConversationRow(tx: TenantTx, conversationId: string): Promise<ConversationRow | null> {
  return (await tx.selectFrom('conversations').selectAll().where('id', '=', conversationId).executeTakeFirst()) ?? null;
}
