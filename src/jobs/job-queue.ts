import { CompiledQuery } from 'kysely';
import PgBoss from 'pg-boss';
import type { ReplyQueueConfig } from '../config';
import type { Database } from '../db/database';
import type { Logger } from '../lib/logger';

/** The queue of "answer this conversation" jobs. */
export const REPLY_QUEUE = 'conversation-replies';
const SCHEMA = 'pgboss';

/** Job payloads carry ids only: message bodies stay in the tenant's tables, behind RLS. */
export interface ReplyJobData {
  tenantId: string;
  conversationId: string;
}

export interface JobQueue {
  /** Enqueues the job that answers `replyId`'s conversation; a second call for the same reply is a no-op. */
  enqueueReply(replyId: string, data: ReplyJobData): Promise<void>;
  /** Starts `concurrency` workers; each job runs `handler` and is retried with backoff when it throws. */
  work(concurrency: number, handler: (data: ReplyJobData) => Promise<void>): Promise<void>;
  stop(): Promise<void>;
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
export async function createJobQueue(database: Database, config: ReplyQueueConfig, logger: Logger): Promise<JobQueue> {
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

  const workerIds: string[] = [];
  return {
    async enqueueReply(replyId, data) {
      await boss.send(REPLY_QUEUE, { tenantId: data.tenantId, conversationId: data.conversationId }, { id: replyId });
      // Wake this process's workers: a sleeping worker fetches at once, a busy one fetches again as
      // soon as its job ends. Without it a reply waits up to a polling interval (bench/RESULTS.md).
      for (const id of workerIds) boss.notifyWorker(id);
    },
    async work(concurrency, handler) {
      for (let i = 0; i < concurrency; i++) {
        let ownId = '';
        ownId = await boss.work<ReplyJobData>(
          REPLY_QUEUE,
          { batchSize: 1, pollingIntervalSeconds: config.pollIntervalSeconds },
          async ([job]) => {
            if (!job) return;
            await handler(job.data);
            // pg-boss sleeps a polling interval after every fetch unless notified: with a backlog
            // (after a restart, or a burst) fetch the next job now instead.
            boss.notifyWorker(ownId);
          },
        );
        workerIds.push(ownId);
      }
    },
    async stop() {
      // graceful: running jobs finish; anything still active after the timeout is failed and retried.
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}
