import type { TenantTx } from '../../db/tenant-transaction';
import { flagConversation, handOffConversation, insertChatMessage } from './chat-inbox.repository';
import { countAnswer } from '../../modules/usage/ai-quota';
import type { AssistantAnswer } from '../../assistant/assistant.types';

/**
 * Records what an answer sent to a visitor decided: it is counted against the plan's monthly AI
 * replies (src/modules/usage/ai-quota.ts); a handoff makes the bot stay quiet until an operator
 * releases the conversation; a flag asks for attention (the LLM failed, the quota was used up). An
 * existing handoff keeps its original reason and time. RLS leaves another tenant's conversation untouched.
 */
export async function recordAnswerOutcome(
  tx: TenantTx,
  tenantId: string,
  conversationId: string,
  answer: Pick<AssistantAnswer, 'kind' | 'handoffReason' | 'flaggedReason' | 'metadata'>,
): Promise<void> {
  await countAnswer(tx, tenantId, answer, new Date());
  if (answer.kind === 'handoff' && answer.handoffReason) await handOffConversation(tx, conversationId, answer.handoffReason);
  else if (answer.flaggedReason) await flagConversation(tx, conversationId, answer.flaggedReason);
}

/**
 * Stores an answer for the visitor in one step, whichever path produced it (the reply job, the Tidio
 * Flow): the transcript message, with how the answer was made in its metadata, and its outcome
 * (recordAnswerOutcome). Returns the message's id (null when the echo id was already stored).
 */
export async function storeAssistantAnswer(
  tx: TenantTx,
  input: {
    tenantId: string;
    conversationId: string;
    answer: Pick<AssistantAnswer, 'text' | 'kind' | 'handoffReason' | 'flaggedReason' | 'metadata'>;
    externalId: string | null;
    /** Where it went: platform, channel, the outbox row. */
    delivery: Record<string, unknown>;
  },
): Promise<string | null> {
  const { tenantId, conversationId, answer } = input;
  const messageId = await insertChatMessage(tx, {
    tenantId,
    conversationId,
    role: 'assistant',
    content: answer.text,
    externalId: input.externalId,
    metadata: { ...answer.metadata, answerKind: answer.kind, ...input.delivery },
  });
  await recordAnswerOutcome(tx, tenantId, conversationId, answer);
  return messageId;
}
