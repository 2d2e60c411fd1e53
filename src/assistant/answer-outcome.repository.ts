import { sql } from 'kysely';
import type { TenantTx } from '../db/tenant-transaction';
import { countAnswer } from '../modules/usage/ai-quota';
import type { AssistantAnswer } from './assistant.types';

/**
 * Records what an answer sent to a visitor decided: it is counted against the plan's monthly AI
 * replies (src/modules/usage/ai-quota.ts); a handoff makes the bot stay quiet until an operator
 * releases the conversation; a flag asks for attention (the LLM failed, the quota was used up). An
 * existing handoff keeps its original reason and time. Returns false when the conversation is not
 * the bound tenant's.
 */
export async function recordAnswerOutcome(
  tx: TenantTx,
  conversationId: string,
  answer: Pick<AssistantAnswer, 'kind' | 'handoffReason' | 'flaggedReason' | 'metadata'>,
): Promise<boolean> {
  await countAnswer(tx, answer, new Date());
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
