import { CompiledQuery } from 'kysely';
import PgBoss from 'pg-boss';
import type { ReplyQueueConfig } from '../config';
import type { Database } from '../db/database';
import type { Logger } from '../lib/logger';
import { contextFrom, TENANT_ID, traceCarrier, withSpan } from '../observability/tracing';

/** The queue of "answer this conversation" jobs. */
export const REPLY_QUEUE = 'conversation-replies';
const SCHEMA = 'pgboss';

/** Job payloads carry ids only: message bodies stay in the tenant's tables, behind RLS. */
export interface ReplyJobData {
  tenantId: string;
  conversationId: string;
}

/** As stored: plus the trace context of whatever enqueued it (W3C `traceparent`), when traced. */
interface StoredReplyJob extends ReplyJobData {
  trace?: Record<string, string>;
}

export interface JobQueue {
  /** Reply jobs waiting to run (created or waiting for a retry). */
  size(): Promise<number>;
  /** Enqueues the job that answers `replyId`'s conversation; a second call for the same reply is a no-op. */
  enqueueReply(replyId: string, data: ReplyJobData): Promise<void>;
  /** Starts `concurrency` workers; each job runs `handler` and is retried with backoff when it throws. */
  work(concurrency: number, handler: (data: ReplyJobData) => Promise<void>): Promise<void>;
  /** Workers take no new job; resolves when the running ones have finished. Enqueueing still works. */
  stopWorking(): Promise<void>;
  /** Stops the workers (running jobs get up to `waitMs` to finish) and the queue. */
  stop(waitMs?: number): Promise<void>;
}

/**
 * A durable queue on the application's own database through pg-boss 10.
 *
 * pg-boss talks SQL through the same Kysely `db` (its `db.executeSql` option): on embedded PGlite,
 * which is one session, every pg-boss statement then waits in the dialect's mutex line like any
 * other query. Consequence, and the rule for callers: never call the queue while a tenant
 * transaction is open on PGlite (it would wait for the transaction that waits for it), so enqueue
 * after COMMIT. `withoutPlugins()`: pg-boss reads its own snake_case columns.
 */
export async function createJobQueue(
  database: Database,
  config: ReplyQueueConfig,
  logger: Logger,
  hooks: { onJobFailed?: () => void } = {},
): Promise<JobQueue> {
  const raw = database.db.withoutPlugins();
  const boss = new PgBoss({
    db: {
      async executeSql(text: string, values?: unknown[]) {
        const result = await raw.executeQuery(CompiledQuery.raw(text, values ?? []));
        return { rows: result.rows, rowCount: Number(result.numAffectedRows ?? BigInt(result.rows.length)) };
      },
    },
    schema: SCHEMA,
    supervise: true,
    schedule: false,
    maintenanceIntervalSeconds: config.maintenanceIntervalSeconds,
  });
  boss.on('error', (error: Error) => logger.error({ err: { name: error.name, message: error.message } }, 'job queue error'));
  await boss.start();

  const queueOptions = {
    name: REPLY_QUEUE,
    retryLimit: config.maxAttempts,
    retryDelay: config.retryDelaySeconds,
    retryBackoff: true,
    expireInSeconds: config.jobExpireSeconds,
  };
  if (await boss.getQueue(REPLY_QUEUE)) await boss.updateQueue(REPLY_QUEUE, queueOptions);
  else await boss.createQueue(REPLY_QUEUE, queueOptions);

  /*
   * Our own fetch → handle → complete/fail loop instead of boss.work(): pg-boss 10's worker does not
   * await complete()/fail(), so while the database is away those rejections go unhandled and would
   * end the process. Here every step is awaited and a failure is logged; a job whose completion could
   * not be recorded expires and is retried, which the reply outbox makes harmless.
   */
  let running = true;
  const loops: Promise<void>[] = [];
  // An idle loop sleeps a polling interval, or less when this process enqueues a reply (wakeOne()):
  // otherwise every reply would wait up to a polling interval for its worker (bench/RESULTS.md).
  // One loop per reply: waking them all made every idle loop fetch for the same job (~ 6 fetches per
  // delivery in the bench, the costliest statement PostgreSQL ran).
  const sleepers = new Set<() => void>();
  const pause = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, config.pollIntervalSeconds * 1000);
      timer.unref();
      sleepers.add(done);
    });
  const wakeAll = () => {
    for (const done of [...sleepers]) done();
  };
  const wakeOne = () => {
    const [done] = sleepers;
    done?.();
  };
  const workLoop = async (handler: (data: ReplyJobData) => Promise<void>) => {
    while (running) {
      let job: PgBoss.Job<StoredReplyJob> | undefined;
      try {
        [job] = await boss.fetch<StoredReplyJob>(REPLY_QUEUE, { batchSize: 1 });
      } catch (error) {
        logger.warn({ err: { name: (error as Error).name, message: (error as Error).message } }, 'job queue fetch failed');
      }
      if (!job) {
        await pause();
        continue;
      }
      const { tenantId, conversationId, trace } = job.data;
      try {
        // A child of the delivery (or GraphQL operation) that enqueued it: its LLM and platform calls land in that trace.
        await withSpan('reply job', { parent: contextFrom(trace), attributes: { [TENANT_ID]: tenantId } }, () =>
          handler({ tenantId, conversationId }),
        );
        await boss.complete(REPLY_QUEUE, job.id).catch((error: Error) =>
          logger.warn({ jobId: job.id, err: { name: error.name, message: error.message } }, 'could not record job completion; it will be retried'),
        );
      } catch (error) {
        hooks.onJobFailed?.();
        const failure = { name: (error as Error).name, message: (error as Error).message };
        await boss.fail(REPLY_QUEUE, job.id, failure).catch((markError: Error) =>
          logger.warn({ jobId: job.id, err: { name: markError.name, message: markError.message } }, 'could not record job failure; it will be retried'),
        );
      }
    }
  };

  return {
    size: () => boss.getQueueSize(REPLY_QUEUE),
    async enqueueReply(replyId, data) {
      const trace = traceCarrier();
      const stored: StoredReplyJob = { tenantId: data.tenantId, conversationId: data.conversationId, ...(trace.traceparent && { trace }) };
      await boss.send(REPLY_QUEUE, stored, { id: replyId });
      wakeOne();
    },
    async work(concurrency, handler) {
      for (let i = 0; i < concurrency; i++) loops.push(workLoop(handler));
    },
    async stopWorking() {
      running = false;
      wakeAll();
      await Promise.all(loops);
    },
    async stop(waitMs = 10_000) {
      // Running jobs finish first (bounded); a job cut off later expires and is retried.
      running = false;
      wakeAll();
      await Promise.race([Promise.all(loops), new Promise((resolve) => setTimeout(resolve, waitMs).unref())]);
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}
