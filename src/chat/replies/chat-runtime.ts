import type { ProduceAnswerDeps } from '../../assistant/answer.service';
import { createLlmProvider } from '../../assistant/llm/openai.provider';
import { embedKnowledgeBase } from '../../assistant/embeddings/embed-knowledge.job';
import { createEmbeddingsProvider } from '../../assistant/embeddings/embeddings.provider';
import type { Config } from '../../config';
import type { Database } from '../../db/database';
import type { Logger } from '../../lib/logger';
import { createTenantLimiter } from '../../lib/tenant-limiter';
import { createMetrics, type Metrics } from '../../observability/metrics';
import { createAdapters, type AdapterRegistry } from '../platforms/adapters';
import { createJobQueue, type JobQueue } from '../../jobs/job-queue';
import { replySchedule } from './reply-schedule';
import { answerConversation, type ReplyWorkerDeps } from './reply.worker';

/** What the webhook routes and the reply worker share: platform adapters, the LLM, the durable queue. */
export interface ChatRuntime {
  readonly adapters: AdapterRegistry;
  readonly answer: ProduceAnswerDeps;
  readonly queue: JobQueue;
  /** The registry the worker records into; buildApp serves it on /metrics. */
  readonly metrics: Metrics;
  /** Reply workers take no new job; resolves once the running jobs are done. The queue stays open. */
  stopWorkers(): Promise<void>;
  /** Stops the workers (running jobs get up to `waitMs`, later they are retried) and the queue; the database stays open. */
  stop(waitMs?: number): Promise<void>;
}

/**
 * Opens the job queue on the application database and, unless `worker` is false, starts the reply
 * workers in this process. main.ts uses it; tests call it to run the very same worker in-process.
 */
export async function startChatRuntime(
  deps: { config: Config; database: Database; logger: Logger; metrics?: Metrics },
  options: { worker: boolean } = { worker: true },
): Promise<ChatRuntime> {
  const { config, database, logger } = deps;
  const adapters = createAdapters(config);
  const embeddings = createEmbeddingsProvider(config.embeddings);
  const metrics = deps.metrics ?? createMetrics(database);
  const queue = await createJobQueue(database, config.replyQueue, logger, {
    onJobFailed: () => metrics.replyJobRetries.inc(),
    onJobDeferred: (reason) => metrics.replyJobDeferrals.inc({ reason }),
  });
  const answer: ProduceAnswerDeps = {
    llm: createLlmProvider(config),
    timeoutMs: config.llmTimeoutMs,
    logger,
    embeddings,
    enqueueEmbeddings: (tenantId) => queue.enqueueEmbeddings(tenantId),
  };
  if (options.worker && embeddings) {
    await queue.workEmbeddings(async ({ tenantId }) => {
      await embedKnowledgeBase(database.db, tenantId, embeddings);
    });
  }
  if (options.worker) {
    const schedule = replySchedule({ replyQueue: config.replyQueue, llmTimeoutMs: config.llmTimeoutMs, platformTimeoutMs: config.chat.platformTimeoutMs });
    const workerDeps: ReplyWorkerDeps = {
      db: database.db,
      logger,
      adapters,
      answer,
      schedule,
      tenantSlots: createTenantLimiter(schedule.tenantConcurrency),
      plans: config.plans,
      metrics,
    };
    await queue.work(config.replyQueue.workers, (job) => answerConversation(workerDeps, job));
  }
  return { adapters, answer, queue, metrics, stopWorkers: () => queue.stopWorking(), stop: (waitMs) => queue.stop(waitMs) };
}
