import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { HISTORY_LIMIT, prepareAnswer } from '../../assistant/answer.service';
import type { AnswerContext } from '../../assistant/assistant.types';
import { isDatabaseUnavailable } from '../../db/database-errors';
import { statementTemplate } from '../../db/statement-template';
import { withTenantTransaction, type TenantTx } from '../../db/tenant-transaction';
import type { ChatPlatformName } from '../../domain/vocabulary';
import { usagePeriod } from '../../modules/usage/usage.repository';
import { untilDatabaseAnswers } from '../../db/until-database-answers';
import { answerSettingsOf, answerSettingsQuery } from '../../assistant/answer-settings.repository';
import { chatTenantQuery, findLatestVisitorMessage, isAnswerable, lockConversation, recentMessagesJson } from '../store/chat-inbox.repository';
import { claimHeadReply, leaseHeadReplyQuery, markReplyFinal, releaseLeaseToken, type ClaimLimits, type OutboundReplyRow } from '../store/outbound-reply.repository';
import { isChatPlatform, tenantKeyOn, type AnyChatPlatformAdapter } from '../platforms/adapters';
import type { ReplyTarget } from '../platforms/chat-adapter';
import type { ReplyJobData } from '../../jobs/job-queue';
import type { ReplyWorkerDeps } from './reply.worker';

/** A reply this worker holds the lease of, with everything its attempt needs. */
export interface Claimed {
  kind: 'claimed';
  reply: OutboundReplyRow;
  /** An earlier attempt may have delivered it: look on the platform before sending. */
  inDoubt: boolean;
  adapter: AnyChatPlatformAdapter;
  settings: unknown;
  target: ReplyTarget;
  context: AnswerContext | null;
}

export type ClaimResult =
  | Claimed
  | { kind: 'idle' }
  /** The head reply was not to be answered (tenant suspended, handed off …); look at the next one. */
  | { kind: 'skipped' }
  | { kind: 'busy'; retryInMs: number }
  | { kind: 'waiting'; retryInMs: number }
  | { kind: 'tenant_full' }
  /** The database went away during the claim; any lease it may have taken has been given back. */
  | { kind: 'database' };

/**
 * One short tenant transaction: lock the conversation, lease its oldest pending reply (within the
 * tenant's slots) and read what the answer and the platform call need.
 */
export async function claimNext(deps: ReplyWorkerDeps, job: ReplyJobData): Promise<ClaimResult> {
  const leaseToken = randomUUID();
  try {
    return await claimInTransaction(deps, job, leaseToken);
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    // The COMMIT may have gone through with its answer lost: give back what the token may hold.
    await untilDatabaseAnswers(() =>
      withTenantTransaction(deps.db, job.tenantId, (tx) => releaseLeaseToken(tx, job.conversationId, leaseToken)),
    );
    return { kind: 'database' };
  }
}

function claimInTransaction(deps: ReplyWorkerDeps, job: ReplyJobData, leaseToken: string): Promise<ClaimResult> {
  const { tenantId, conversationId } = job;
  return withTenantTransaction(deps.db, tenantId, async (tx) => {
    const conversation = await lockConversation(tx, conversationId);
    if (!conversation) return { kind: 'idle' };
    const platform = isChatPlatform(conversation.platform) ? conversation.platform : null;
    const { leaseSeconds, attemptSeconds, tenantConcurrency } = deps.schedule;
    const shape = { platform: platform ?? 'crisp', limits: { leaseSeconds, attemptSeconds, tenantConcurrency } };
    const claim = await claimHeadReply(tx, conversationId, async (head) => {
      const values = { headId: head.id, inDoubt: head.inDoubt, leaseToken, conversationId, period: usagePeriod(new Date()) };
      return (await claimStatement(tx, shape, values)).rows[0];
    });
    if (claim.kind !== 'claimed') return claim;
    const { inDoubt } = claim;
    const row = claim.reply;
    const reply: OutboundReplyRow = {
      id: row.id,
      conversationId: row.conversationId,
      kind: row.kind,
      inReplyToMessageId: row.inReplyToMessageId,
      messageId: row.messageId,
      content: row.content,
      attempts: row.attempts,
    };
    if (row.isActive === null || row.subscriptionStatus === null) throw new Error(`tenant ${tenantId} not found`);
    const tenant = { ...row, isActive: row.isActive, subscriptionStatus: row.subscriptionStatus };
    const tenantKey = platform ? tenantKeyOn(platform, tenant) : null;
    const question = row.questionId !== null && row.questionContent !== null ? { id: row.questionId, content: row.questionContent, metadata: row.questionMetadata } : null;
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
      return { kind: 'skipped' };
    }
    const adapter = deps.adapters[platform];
    const replyTo = question ?? (await findLatestVisitorMessage(tx, conversationId));
    const context =
      reply.content === null && question
        ? await prepareAnswer(tx, {
            tenantId,
            conversationId,
            question: question.content,
            questionMessageId: question.id,
            planLimits: deps.plans,
            promptFacts: deps.answer.llm !== null,
            settings: answerSettingsOf(row),
            history: row.history ?? [],
          })
        : null;
    return {
      kind: 'claimed',
      reply,
      inDoubt,
      adapter,
      settings: adapter.openSettings(row.integration, tenantId),
      target: { tenantKey, conversationRef: conversation.sessionId, replyRef: replyRefOf(replyTo?.metadata) },
      context,
    };
  });
}

/**
 * The lease of the head reply (leaseHeadReplyQuery), reading in the same statement the tenant with the
 * settings of the conversation's platform (a conversation without one is skipped), the question and what
 * its answer reads of the tenant and conversation. Every reply runs it: built once per shape (statement-template.ts).
 */
const claimStatement = statementTemplate(
  (
    tx: TenantTx,
    shape: { platform: ChatPlatformName; limits: ClaimLimits },
    v: { headId: string; inDoubt: boolean; leaseToken: string; conversationId: string; period: string },
  ) =>
    leaseHeadReplyQuery(tx, { id: v.headId, inDoubt: v.inDoubt }, v.leaseToken, shape.limits)
      .leftJoin('messages as question', 'question.id', 'claimed.inReplyToMessageId')
      .leftJoin(chatTenantQuery(tx, shape.platform).as('tenant'), (join) => join.onTrue())
      .leftJoin(answerSettingsQuery(tx, v.period).as('settings'), (join) => join.onTrue())
      .select([
        'question.id as questionId',
        'question.content as questionContent',
        'question.metadata as questionMetadata',
        'tenant.isActive',
        'tenant.subscriptionStatus',
        'tenant.trialEndsAt',
        'tenant.crispWebsiteId',
        'tenant.tidioWebsiteId',
        'tenant.integration',
        'settings.subscriptionPlan',
        'settings.ai',
        'settings.assistant',
        'settings.leadCapture',
        'settings.systemPrompt',
        'settings.aiReplies',
        'settings.knowledgeRevision',
        // The history the answer's prompt carries, without the question.
        recentMessagesJson(tx, v.conversationId, HISTORY_LIMIT, sql<string | null>`${sql.ref('claimed.inReplyToMessageId')}`).as('history'),
      ]),
);

function replyRefOf(metadata: unknown): Record<string, string | number> {
  const ref = (metadata as { replyRef?: unknown } | null)?.replyRef;
  if (!ref || typeof ref !== 'object') return {};
  return Object.fromEntries(
    Object.entries(ref as Record<string, unknown>).filter((entry): entry is [string, string | number] =>
      ['string', 'number'].includes(typeof entry[1]),
    ),
  );
}
