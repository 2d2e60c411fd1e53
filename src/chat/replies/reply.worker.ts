import type { Kysely } from 'kysely';
import { storeReplyAnswer } from '../store/answer-outcome.repository';
import { produceAnswer, type ProduceAnswerDeps } from '../../assistant/answer.service';
import { addVectorRanking } from '../../assistant/embeddings/hybrid-retrieval';
import type { DB } from '../../db/db.generated';
import { isDatabaseUnavailable } from '../../db/database-errors';
import { questionKey } from '../../modules/bot-analytics/question-key';
import { withTenantStatement, withTenantTransaction } from '../../db/tenant-transaction';
import { untilDatabaseAnswers } from '../../db/until-database-answers';
import type { Logger } from '../../lib/logger';
import type { TenantLimiter } from '../../lib/tenant-limiter';
import type { Plan, PlanLimits } from '../../modules/plans/plan-limits';
import { countAnswer, type Metrics } from '../../observability/metrics';
import { flagConversation, setMessageExternalId, setMissingMessageExternalId } from '../store/chat-inbox.repository';
import { findReply, markReplyFinal, markReplySent, releaseReply, type OutboundReplyRow } from '../store/outbound-reply.repository';
import type { AdapterRegistry } from '../platforms/adapters';
import { PlatformSendError, type SendResult } from '../platforms/chat-adapter';
import type { JobOutcome, QueuedJob, ReplyJobData } from '../../jobs/job-queue';
import { claimNext, type Claimed } from './reply-claim';
import { nextAttemptInMs, tenantWaitMs, type ReplySchedule } from './reply-schedule';

export interface ReplyWorkerDeps {
  db: Kysely<DB>;
  logger: Logger;
  adapters: AdapterRegistry;
  answer: ProduceAnswerDeps;
  schedule: ReplySchedule;
  /** This process's share of each tenant's slots: a tenant at its cap here is deferred without a transaction. */
  tenantSlots: TenantLimiter;
  /** Plan limits: answers count against the tenant's monthly AI reply quota. */
  plans: Record<Plan, PlanLimits>;
  metrics: Metrics;
}

type Delivery = { kind: 'sent'; more: boolean } | { kind: 'final' } | Extract<JobOutcome, { kind: 'again' }>;

/** The LLM answered with a Retry-After and attempts are left: try again then instead of sending the fallback. */
class LlmRetryLater extends Error {
  override name = 'LlmRetryLater';
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
  }
}

/**
 * The reply job: answers a conversation's owed replies oldest first, one at a time, and says when
 * to run it again if it cannot finish now.
 *
 * Per reply: (1) a short tenant transaction locks the conversation, leases the oldest pending reply
 * and reads what the answer needs (reply-claim.ts); (2) the answer is produced OUTSIDE any
 * transaction (LLM call); (3) a short transaction stores it (message + outbox content,
 * handoff/flag); (4) the platform call runs outside any transaction; (5) a short transaction marks
 * the reply sent with the platform's id. A retried job finds the content already stored (no second
 * LLM call) or the reply already sent (nothing to do): the visitor never gets the same answer twice.
 *
 * Waiting costs no attempt: a conversation another worker is answering, a reply whose next attempt
 * is not due, a tenant at REPLY_TENANT_CONCURRENCY, or the database away all defer the job; only a
 * failed attempt counts towards REPLY_MAX_ATTEMPTS.
 */
export async function answerConversation(deps: ReplyWorkerDeps, job: QueuedJob<ReplyJobData>): Promise<JobOutcome> {
  const { tenantId } = job.data;
  for (;;) {
    const slot = deps.tenantSlots.tryAcquire(tenantId);
    if (!slot) return waitForTenant(job);
    let step: Delivery | { kind: 'skipped' };
    try {
      const claimed = await claimNext(deps, job.data);
      if (claimed.kind === 'idle') return { kind: 'done' };
      if (claimed.kind === 'busy' || claimed.kind === 'waiting') {
        return { kind: 'again', inMs: claimed.retryInMs, counted: false, reason: claimed.kind };
      }
      if (claimed.kind === 'database') return { kind: 'again', inMs: 0, counted: false, reason: 'database' };
      if (claimed.kind === 'tenant_full') return waitForTenant(job);
      step = claimed.kind === 'skipped' ? claimed : await deliver(deps, job.data, claimed);
    } finally {
      slot();
    }
    if (step.kind === 'again') return step;
    // A reply owed after this one was sent has a job of its own; nothing is left behind by returning.
    if (step.kind === 'sent' && !step.more) return { kind: 'done' };
  }
}

function waitForTenant(job: QueuedJob<ReplyJobData>): JobOutcome {
  return { kind: 'again', inMs: tenantWaitMs(Date.now() - new Date(job.createdOn).getTime()), counted: false, reason: 'tenant_full' };
}

/** Where an attempt failed: decides whether the platform may have the reply anyway. */
type Stage = 'lookup' | 'answer' | 'send';

async function deliver(deps: ReplyWorkerDeps, job: ReplyJobData, claimed: Claimed): Promise<Delivery> {
  const { tenantId, conversationId } = job;
  const { adapter, settings, target } = claimed;
  const echoId = adapter.echoIdFor(claimed.reply.id);
  let reply = claimed.reply;
  let stage: Stage = 'lookup';
  let result: SendResult | null = null;
  try {
    if (claimed.inDoubt && reply.content !== null && adapter.findDelivered) {
      result = await lookUp(deps, claimed);
    }
    stage = 'answer';
    if (!result && reply.content === null && claimed.context) {
      const context = await addVectorRanking(claimed.context, { db: deps.db, tenantId, ...deps.answer });
      const answer = await produceAnswer(context, deps.answer);
      if (answer.retryAfterMs !== undefined && reply.attempts < deps.schedule.maxAttempts) {
        // The LLM is rate-limited or down and said when to come back: then, rather than the fallback now.
        throw new LlmRetryLater(`LLM ${answer.metadata.error ?? 'error'}`, answer.retryAfterMs);
      }
      countAnswer(deps.metrics, answer);
      const replyId = reply.id;
      const stored = await withTenantStatement(deps.db, tenantId, (tx) =>
        storeReplyAnswer(tx, replyId, {
          tenantId,
          conversationId,
          answer,
          externalId: echoId,
          delivery: {
            platform: adapter.platform,
            outboundReplyId: replyId,
            questionMessageId: reply.inReplyToMessageId,
            questionKey: questionKey(context.question, context.assistant.language),
          },
        }),
      );
      // Another attempt fixed the text first: that one is sent (read after its commit).
      reply = stored ?? (await withTenantTransaction(deps.db, tenantId, (tx) => findReply(tx, replyId)));
    } else if (!result && reply.kind === 'operator' && reply.messageId && echoId) {
      const messageId = reply.messageId;
      await withTenantTransaction(deps.db, tenantId, (tx) => setMissingMessageExternalId(tx, messageId, echoId));
    }
    stage = 'send';
    result ??= await adapter.sendReply(
      target,
      { text: reply.content ?? '', clientMessageId: reply.id, author: reply.kind === 'operator' ? 'operator' : 'assistant' },
      settings,
    );
  } catch (error) {
    return failed(deps, job, reply, stage, error);
  }
  // The visitor has the reply now: recording that must outlast a database blip, or a retried job
  // would send it a second time. Outside the catch above on purpose: if it still fails, the lease is
  // kept (not released), so no retry can send the reply again before the lease runs out (and the one
  // after it looks on the platform first).
  const sent = reply;
  const externalId = result.externalId;
  const messageId = externalId && externalId !== echoId ? sent.messageId : null;
  const { more } = await untilDatabaseAnswers(
    () =>
      messageId
        ? withTenantTransaction(deps.db, tenantId, async (tx) => {
            const outcome = await markReplySent(tx, sent.id, externalId);
            await setMessageExternalId(tx, messageId, externalId);
            return outcome;
          })
        : withTenantStatement(deps.db, tenantId, (tx) => markReplySent(tx, sent.id, externalId || null)),
    (retryInMs) => deps.logger.warn({ tenantId, replyId: sent.id, retryInMs }, 'database unreachable while recording a sent reply; retrying'),
  );
  deps.logger.info({ tenantId, conversationId, replyId: sent.id, attempt: sent.attempts }, 'reply sent');
  return { kind: 'sent', more };
}

/**
 * An earlier attempt may have delivered the reply (it died, or its send timed out): look for it on
 * the platform. A platform that cannot tell for good (e.g. a token without read scope) gets the
 * reply again, as before this check existed; one that cannot tell right now is asked again later.
 */
async function lookUp(deps: ReplyWorkerDeps, claimed: Claimed): Promise<SendResult | null> {
  try {
    const found = (await claimed.adapter.findDelivered?.(claimed.target, claimed.reply.id, claimed.settings)) ?? null;
    if (found) deps.logger.info({ replyId: claimed.reply.id, platform: claimed.adapter.platform }, 'reply found already delivered; recording it as sent');
    return found;
  } catch (error) {
    if (error instanceof PlatformSendError && !error.retryable) {
      deps.logger.warn({ replyId: claimed.reply.id, reason: error.message }, 'could not look for an earlier delivery; sending');
      return null;
    }
    throw error;
  }
}

async function failed(deps: ReplyWorkerDeps, job: ReplyJobData, reply: OutboundReplyRow, stage: Stage, error: unknown): Promise<Delivery> {
  const reason = error instanceof Error ? error.message : 'unexpected error';
  // Whether the platform may hold the reply: only a send (or a lookup) that got no clear answer.
  const inDoubt = stage === 'lookup' || (stage === 'send' && (!(error instanceof PlatformSendError) || error.deliveryInDoubt));
  if (isDatabaseUnavailable(error)) {
    // Not the reply's fault: the attempt is given back and the job runs again once the database is.
    await release(deps, job, reply, { reason: 'database unreachable', retryInMs: 0, inDoubt, refund: true });
    deps.logger.warn({ tenantId: job.tenantId, replyId: reply.id, stage }, 'reply attempt cut short by the database; retrying once it answers');
    return { kind: 'again', inMs: 0, counted: false, reason: 'database' };
  }
  const final = (error instanceof PlatformSendError && !error.retryable) || reply.attempts >= deps.schedule.maxAttempts;
  if (final) {
    await untilDatabaseAnswers(() =>
      withTenantTransaction(deps.db, job.tenantId, async (tx) => {
        await markReplyFinal(tx, reply.id, 'failed', reason);
        await flagConversation(tx, job.conversationId, 'reply_not_delivered');
      }),
    );
    deps.logger.warn({ tenantId: job.tenantId, conversationId: job.conversationId, replyId: reply.id, attempt: reply.attempts, reason }, 'reply not delivered');
    return { kind: 'final' };
  }
  const retryAfterMs = error instanceof PlatformSendError || error instanceof LlmRetryLater ? error.retryAfterMs : null;
  const retryInMs = nextAttemptInMs(deps.schedule, reply.attempts, retryAfterMs);
  await release(deps, job, reply, { reason, retryInMs, inDoubt, refund: false });
  deps.logger.warn(
    { tenantId: job.tenantId, conversationId: job.conversationId, replyId: reply.id, attempt: reply.attempts, reason, retryInMs },
    'reply attempt failed',
  );
  return { kind: 'again', inMs: retryInMs, counted: true, reason };
}

function release(deps: ReplyWorkerDeps, job: ReplyJobData, reply: OutboundReplyRow, release: Parameters<typeof releaseReply>[2]) {
  return untilDatabaseAnswers(
    () => withTenantTransaction(deps.db, job.tenantId, (tx) => releaseReply(tx, reply.id, release)),
    (retryInMs) => deps.logger.warn({ tenantId: job.tenantId, replyId: reply.id, retryInMs }, 'database unreachable while releasing a reply; retrying'),
  );
}
