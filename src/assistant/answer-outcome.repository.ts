import type { TenantTx } from '../db/tenant-transaction';
import { flagConversation, handOffConversation } from '../modules/chat/chat-inbox.repository';
import { countAnswer } from '../modules/usage/ai-quota';
import type { AssistantAnswer } from './assistant.types';

/**
 * Records what an answer sent to a visitor decided: it is counted against the plan's monthly AI
 * replies (src/modules/usage/ai-quota.ts); a handoff makes the bot stay quiet until an operator
 * releases the conversation; a flag asks for attention (the LLM failed, the quota was used up). An
 * existing handoff keeps its original reason and time. RLS leaves another tenant's conversation untouched.
 */
export async function recordAnswerOutcome(
  tx: TenantTx,
  conversationId: string,
  answer: Pick<AssistantAnswer, 'kind' | 'handoffReason' | 'flaggedReason' | 'metadata'>,
): Promise<void> {
  await countAnswer(tx, answer, new Date());
  if (answer.kind === 'handoff' && answer.handoffReason) await handOffConversation(tx, conversationId, answer.handoffReason);
  else if (answer.flaggedReason) await flagConversation(tx, conversationId, answer.flaggedReason);
}
