import { sql } from 'kysely';
import type { TenantTx } from '../db/tenant-transaction';
import type { AssistantAnswer } from './assistant.types';

/**
 * Records on the conversation what an answer decided: a handoff (the bot stays quiet until an
 * operator releases the conversation) or a flag for attention (the LLM failed). An existing handoff
 * keeps its original reason and time. Returns false when the conversation is not the bound tenant's.
 */
export async function recordAnswerOutcome(
  tx: TenantTx,
  conversationId: string,
  answer: Pick<AssistantAnswer, 'kind' | 'handoffReason' | 'flaggedReason'>,
): Promise<boolean> {
  if (answer.kind === 'handoff' && answer.handoffReason) {
    const result = await tx
      .updateTable('conversations')
      .set({
        handoffReason: sql`coalesce(handoff_reason, ${answer.handoffReason})`,
        handoffAt: sql`coalesce(handoff_at, now())`,
      })
      .where('id', '=', conversationId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
  if (answer.flaggedReason) {
    const result = await tx
      .updateTable('conversations')
      .set({ flaggedReason: answer.flaggedReason, flaggedAt: sql`now()` })
      .where('id', '=', conversationId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
  return true;
}
