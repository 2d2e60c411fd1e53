import type { Kysely } from 'kysely';
import { recordAnswerOutcome } from '../assistant/answer-outcome.repository';
import { prepareAnswer, produceAnswer, type ProduceAnswerDeps } from '../assistant/answer.service';
import { addVectorRanking } from '../assistant/embeddings/hybrid-retrieval';
import type { AnswerContext } from '../assistant/assistant.types';
import type { DB } from '../db/db.generated';
import { isDatabaseUnavailable } from '../db/database-errors';
import { withTenantTransaction } from '../db/tenant-transaction';
import type { Logger } from '../lib/logger';
import type { Plan, PlanLimits } from '../modules/plans/plan-limits';
import type { Metrics } from '../observability/metrics';
import {
  findLatestVisitorMessage,
  findMessage,
  findTenantChatState,
  flagConversation,
  insertChatMessage,
  isAnswerable,
  lockConversation,
  setMessageExternalId,
  setMissingMessageExternalId,
} from '../modules/chat/chat-inbox.repository';
import {
  claimHeadReply,
  markReplyFinal,
  markReplySent,
  releaseReply,
  setReplyContent,
  type OutboundReplyRow,
} from '../modules/chat/outbound-reply.repository';
import { isChatPlatform, tenantKeyOn, type AdapterRegistry, type AnyChatPlatformAdapter } from '../webhooks/adapters';
import { PlatformSendError, type ReplyTarget, type SendResult } from '../webhooks/chat-adapter';
import type { ReplyJobData } from './job-queue';

export interface ReplyWorkerDeps {
  db: Kysely<DB>;
  logger: Logger;
  adapters: AdapterRegistry;
  answer: ProduceAnswerDeps;
  /** How long one attempt may hold a reply; equals the job expiry, after which a crashed attempt is retried. */
  leaseSeconds: number;
  /** Attempts per reply before it is marked failed and the conversation flagged. */
  maxAttempts: number;
  /** Plan limits: answers count against the tenant's monthly AI reply quota. */
  plans: Record<Plan, PlanLimits>;
  metrics: Metrics;
}

/** Another worker is answering this conversation right now; the job is retried later. */
export class ConversationBusyError extends Error {
  override name = 'ConversationBusyError';
}

interface Claimed {
  reply: OutboundReplyRow;
  /** Other replies were waiting behind this one: claim again after delivering it. */
  more: boolean;
  adapter: AnyChatPlatformAdapter;
  settings: unknown;
  target: ReplyTarget;
  context: AnswerContext | null;
}

/**
 * The reply job: answers a conversation's owed replies oldest first, one at a time, then returns.
 *
 * Per reply: (1) a short tenant transaction locks the conversation, leases the oldest pending reply
 * and reads what the answer needs; (2) the answer is produced OUTSIDE any transaction (LLM call);
 * (3) a short transaction stores it (message + outbox content, handoff/flag); (4) the platform call
 * runs outside any transaction; (5) a short transaction marks the reply sent with the platform's id.
 * A retried job finds the content already stored (no second LLM call) or the reply already sent
 * (nothing to do): the visitor never gets the same answer twice.
 */
export async function answerConversation(deps: ReplyWorkerDeps, job: ReplyJobData): Promise<void> {
  for (;;) {
    const claimed = await claimNext(deps, job);
    if (claimed === 'idle') return;
    if (claimed === 'skipped') continue;
    await deliver(deps, job, claimed);
    // A reply owed after the claim has a job of its own; nothing is left behind by returning here.
    if (!claimed.more) return;
  }
}

async function claimNext(deps: ReplyWorkerDeps, job: ReplyJobData): Promise<Claimed | 'idle' | 'skipped'> {
  const { tenantId, conversationId } = job;
  return withTenantTransaction(deps.db, tenantId, async (tx) => {
    const conversation = await lockConversation(tx, conversationId);
    if (!conversation) return 'idle';
    const claim = await claimHeadReply(tx, conversationId, deps.leaseSeconds);
    if (claim.kind === 'idle') return 'idle';
    if (claim.kind === 'busy') throw new ConversationBusyError('conversation is being answered by another worker');
    const { reply, more } = claim;
    const tenant = await findTenantChatState(tx);
    const platform = isChatPlatform(conversation.platform) ? conversation.platform : null;
    const tenantKey = platform ? tenantKeyOn(platform, tenant) : null;
    const question = reply.inReplyToMessageId ? await findMessage(tx, reply.inReplyToMessageId) : null;
    const skip = !isAnswerable(tenant)
      ? 'tenant not answerable'
      : reply.kind === 'assistant' && conversation.handoffReason !== null
        ? 'conversation handed off'
        : !platform || !tenantKey
          ? 'conversation has no platform to reply on'
          : reply.content === null && !question
            ? 'question message no longer exists'
            : null;
    if (skip || !platform || !tenantKey) {
      await markReplyFinal(tx, reply.id, 'skipped', skip ?? 'no platform');
      deps.logger.info({ tenantId, conversationId, replyId: reply.id, reason: skip }, 'reply skipped');
      return 'skipped';
    }
    const adapter = deps.adapters[platform];
    const replyTo = question ?? (await findLatestVisitorMessage(tx, conversationId));
    const context =
      reply.content === null && question
        ? await prepareAnswer(tx, {
            conversationId,
            question: question.content,
            questionMessageId: question.id,
            planLimits: deps.plans,
            promptFacts: deps.answer.llm !== null,
          })
        : null;
    return {
      reply,
      more,
      adapter,
      settings: await adapter.loadSettings(tx, tenantId),
      target: { tenantKey, conversationRef: conversation.sessionId, replyRef: replyRefOf(replyTo?.metadata) },
      context,
    };
  });
}

async function deliver(deps: ReplyWorkerDeps, job: ReplyJobData, claimed: Claimed): Promise<void> {
  const { tenantId, conversationId } = job;
  const { adapter, settings, target } = claimed;
  const echoId = adapter.echoIdFor(claimed.reply.id);
  let reply = claimed.reply;
  let result: SendResult;
  try {
    if (reply.content === null && claimed.context) {
      const context = await addVectorRanking(claimed.context, { db: deps.db, tenantId, ...deps.answer });
      const answer = await produceAnswer(context, deps.answer);
      deps.metrics.aiReplies.inc({ kind: answer.kind });
      deps.metrics.aiReplyDuration.observe({ kind: answer.kind }, answer.metadata.latencyMs / 1000);
      reply = await withTenantTransaction(deps.db, tenantId, async (tx) => {
        const messageId = await insertChatMessage(tx, {
          tenantId,
          conversationId,
          role: 'assistant',
          content: answer.text,
          externalId: echoId,
          metadata: { ...answer.metadata, answerKind: answer.kind, platform: adapter.platform, outboundReplyId: reply.id },
        });
        await recordAnswerOutcome(tx, conversationId, answer);
        return setReplyContent(tx, reply.id, answer.text, messageId);
      });
    } else if (reply.kind === 'operator' && reply.messageId && echoId) {
      const messageId = reply.messageId;
      await withTenantTransaction(deps.db, tenantId, (tx) => setMissingMessageExternalId(tx, messageId, echoId));
    }
    result = await adapter.sendReply(
      target,
      { text: reply.content ?? '', clientMessageId: reply.id, author: reply.kind === 'operator' ? 'operator' : 'assistant' },
      settings,
    );
  } catch (error) {
    const final = error instanceof PlatformSendError && (!error.retryable || reply.attempts >= deps.maxAttempts);
    const reason = error instanceof Error ? error.message : 'unexpected error';
    await withTenantTransaction(deps.db, tenantId, async (tx) => {
      if (final) {
        await markReplyFinal(tx, reply.id, 'failed', reason);
        await flagConversation(tx, conversationId, 'reply_not_delivered');
      } else {
        await releaseReply(tx, reply.id, reason);
      }
    });
    deps.logger.warn({ tenantId, conversationId, replyId: reply.id, attempt: reply.attempts, reason, final }, 'reply attempt failed');
    if (!final) throw error;
    return;
  }
  // The visitor has the reply now: recording that must outlast a database blip, or a retried job
  // would send it a second time. Outside the catch above on purpose: if it still fails, the lease is
  // kept (not released), so no retry can send the reply again before the lease runs out.
  const sent = reply;
  await untilDatabaseAnswers(deps, () =>
    withTenantTransaction(deps.db, tenantId, async (tx) => {
      await markReplySent(tx, sent.id, result.externalId || null);
      if (sent.messageId && result.externalId && result.externalId !== echoId) {
        await setMessageExternalId(tx, sent.messageId, result.externalId);
      }
    }),
  );
  deps.logger.info({ tenantId, conversationId, replyId: sent.id, attempt: sent.attempts }, 'reply sent');
}

/** Sent-state writes retried while the database is unreachable, up to about a minute (then the job retries). */
const SENT_RECORD_RETRY_DELAYS_MS = [100, 250, 500, 1000, 2000, 4000, 8000, 15000, 30000];

async function untilDatabaseAnswers(deps: ReplyWorkerDeps, write: () => Promise<void>): Promise<void> {
  for (const delay of SENT_RECORD_RETRY_DELAYS_MS) {
    try {
      return await write();
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      deps.logger.warn({ retryInMs: delay }, 'database unreachable while recording a sent reply; retrying');
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
  return write();
}

function replyRefOf(metadata: unknown): Record<string, string | number> {
  const ref = (metadata as { replyRef?: unknown } | null)?.replyRef;
  if (!ref || typeof ref !== 'object') return {};
  return Object.fromEntries(
    Object.entries(ref as Record<string, unknown>).filter((entry): entry is [string, string | number] =>
      ['string', 'number'].includes(typeof entry[1]),
    ),
  );
}
