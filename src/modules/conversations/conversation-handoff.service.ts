import type { JobQueue } from '../../jobs/job-queue';
import type { TenantScope } from '../shared/tenant-scope';
import { badUserInput, forbidden, notFound, notSupported } from '../../lib/errors';
import {
  findLatestVisitorMessage,
  findTenantChatState,
  handOffConversation,
  insertChatMessage,
  isAnswerable,
} from '../../chat/store/chat-inbox.repository';
import { insertPendingReply, setReplyMessage } from '../../chat/store/outbound-reply.repository';
import { findMessageById, type MessageRow } from '../messages/message.repository';
import { findConversationRow, releaseHandoff, type ConversationRow } from './conversation.repository';

/** Longest operator message accepted (the smallest platform limit, Tidio's). */
export const OPERATOR_MESSAGE_MAX_LENGTH = 5_000;

/** Ends a handoff: the bot answers the conversation's next visitor messages again. */
export async function releaseConversation(scope: TenantScope, conversationId: string): Promise<ConversationRow> {
  const row = await releaseHandoff(scope.tx, conversationId);
  if (!row) throw notFound('Conversation', 'id');
  return row;
}

/**
 * An operator's reply through the conversation's chat platform. Recorded in the request's
 * transaction (transcript message, outbox row, handoff so the bot stays quiet) and delivered by
 * the reply worker through the same outbox as the bot's answers: in order, once, with retries.
 * The job is enqueued only after the request's transaction has committed.
 */
export interface ReplyEnqueuing {
  readonly replyQueue: Pick<JobQueue, 'enqueueReply'> | null;
  /** Work to run once the caller's transaction has committed. */
  readonly afterCommit: Array<() => Promise<void>>;
}

export async function sendOperatorMessage(
  ctx: ReplyEnqueuing,
  scope: TenantScope,
  conversationId: string,
  rawContent: string,
): Promise<{ message: MessageRow; conversation: ConversationRow }> {
  const queue = ctx.replyQueue;
  if (!queue) throw notSupported('Chat platforms are not enabled on this server');
  const content = rawContent.trim();
  if (!content) throw badUserInput('content', 'must not be empty');
  if (content.length > OPERATOR_MESSAGE_MAX_LENGTH) throw badUserInput('content', `at most ${OPERATOR_MESSAGE_MAX_LENGTH} characters`);
  const { tx, tenantId } = scope;
  const conversation = await findConversationRow(tx, conversationId);
  if (!conversation) throw notFound('Conversation', 'conversationId');
  if (conversation.platform !== 'crisp' && conversation.platform !== 'tidio') {
    throw notSupported('The conversation is not on a chat platform', 'conversationId');
  }
  if (conversation.platform === 'tidio') {
    const latest = await findLatestVisitorMessage(tx, conversationId);
    const ref = (latest?.metadata as { replyRef?: { ticketId?: unknown } } | null)?.replyRef;
    if (!ref?.ticketId) throw notSupported('Tidio accepts pushed replies on tickets only, not in live chat', 'conversationId');
  }
  if (!isAnswerable(await findTenantChatState(tx))) throw forbidden('The tenant is suspended or cancelled');

  const replyId = await insertPendingReply(tx, { tenantId, conversationId, kind: 'operator', inReplyToMessageId: null, content });
  if (!replyId) throw new Error('operator reply not recorded');
  const messageId = await insertChatMessage(tx, {
    tenantId,
    conversationId,
    role: 'assistant',
    content,
    externalId: null,
    metadata: { operator: true, source: 'api', platform: conversation.platform, apiKeyId: scope.apiKeyId, outboundReplyId: replyId },
  });
  if (!messageId) throw new Error('operator message not recorded');
  await setReplyMessage(tx, replyId, messageId);
  await handOffConversation(tx, conversationId, 'operator_replied');
  ctx.afterCommit.push(() => queue.enqueueReply(replyId, { tenantId, conversationId }));
  return { message: (await findMessageById(tx, messageId))!, conversation: (await findConversationRow(tx, conversationId))! };
}
