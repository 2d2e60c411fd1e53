import { CompiledQuery } from 'kysely';
import PgBoss from 'pg-boss';
import type { ReplyQueueConfig } from '../config';
import type { Database } from '../db/database';
import { untilDatabaseAnswers } from '../db/until-database-answers';
import { Batcher } from '../lib/batcher';
import type { Logger } from '../lib/logger';
import { contextFrom, TENANT_ID, traceCarrier, withSpan } from '../observability/tracing';

/**
 * Runs pg-boss's queue set-up again when another server starting at the same moment got in its way:
 * two `create_queue` calls on a fresh database can deadlock (40P01) or collide (23505). The set-up
 * is idempotent, so the loser simply repeats it once the winner has committed.
 */
async function untilNoRace(setUp: () => Promise<void>, attempts = 5): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await setUp();
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt >= attempts || (code !== '40P01' && code !== '23505')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 200 * attempt));
    }
  }
}

/** How pg-boss runs its SQL: on the application's pool, outside any tenant transaction. */
export function pgBossExecutor(database: Database) {
  const raw = database.db.withoutPlugins();
  return {
    executeSql: (text: string, values?: unknown[]) =>
      raw.connection().execute(async (connection) => {
        try {
          const result = await connection.executeQuery(CompiledQuery.raw(text, values ?? []));
          return { rows: result.rows, rowCount: Number(result.numAffectedRows ?? BigInt(result.rows.length)) };
        } catch (error) {
          // Some of pg-boss's texts are BEGIN; …; COMMIT. One that fails midway (two servers creating
          // the same queue) leaves its connection in an aborted transaction, and the pool would hand
          // that connection to the next query (25P02 "current transaction is aborted").
          await connection.executeQuery(CompiledQuery.raw('ROLLBACK')).catch(() => undefined);
          throw error;
        }
      }),
  };
}

/** The queue of "answer this conversation" jobs. */
export const REPLY_QUEUE = 'conversation-replies';
/** The queue of "compute this tenant's missing knowledge base vectors" jobs (EMBEDDINGS_MODEL set). */
export const EMBEDDINGS_QUEUE = 'knowledge-embeddings';
const SCHEMA = 'pgboss';

/** Job payloads carry ids only: message bodies stay in the tenant's tables, behind RLS. */
export interface ReplyJobData {
  tenantId: string;
  conversationId: string;
}

/** A fetched job: its payload and when it was first enqueued. */
export interface QueuedJob<T> {
  data: T;
  createdOn: Date;
}

/**
 * What a handler reports; a thrown error is a failed attempt with pg-boss's own backoff.
 * - `done`: the job is complete.
 * - `again`: run it again in `inMs`. `counted`: an attempt failed (the handler keeps its own count:
 *   outbound_replies.attempts); otherwise the job was deferred (its conversation or tenant busy, the
 *   database away). Either way pg-boss's retry count stays for thrown errors, so a job the handler
 *   reschedules is never failed by pg-boss for having been rescheduled.
 */
export type JobOutcome = { kind: 'done' } | { kind: 'again'; inMs: number; counted: boolean; reason: string };

/** As stored: plus the trace context of whatever enqueued it (W3C `traceparent`), when traced. */
interface StoredReplyJob extends ReplyJobData {
  trace?: Record<string, string>;
}

export interface JobQueue {
  /** Reply jobs waiting to run (created or waiting for a retry). */
  size(): Promise<number>;
  /** Enqueues the job that answers `replyId`'s conversation; a second call for the same reply is a no-op. */
  enqueueReply(replyId: string, data: ReplyJobData): Promise<void>;
  /** Starts `concurrency` workers; each job runs `handler`, which says when to run it again. */
  work(concurrency: number, handler: (job: QueuedJob<ReplyJobData>) => Promise<JobOutcome>): Promise<void>;
  /** Asks for a tenant's missing knowledge base vectors; jobs are idempotent, duplicates harmless. */
  enqueueEmbeddings(tenantId: string): Promise<void>;
  /** Starts one embeddings worker. */
  workEmbeddings(handler: (data: { tenantId: string }) => Promise<void>): Promise<void>;
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
  hooks: { onJobFailed?: () => void; onJobDeferred?: (reason: string) => void } = {},
): Promise<JobQueue> {
  const raw = database.db.withoutPlugins();
  const executor = pgBossExecutor(database);
  const boss = new PgBoss({
    db: executor,
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
  const embeddingsOptions = { name: EMBEDDINGS_QUEUE, retryLimit: 3, retryDelay: 30, retryBackoff: true, expireInSeconds: 600 };
  await untilNoRace(async () => {
    if (await boss.getQueue(REPLY_QUEUE)) await boss.updateQueue(REPLY_QUEUE, queueOptions);
    else await boss.createQueue(REPLY_QUEUE, queueOptions);
    if (!(await boss.getQueue(EMBEDDINGS_QUEUE))) await boss.createQueue(EMBEDDINGS_QUEUE, embeddingsOptions);
    // pg-boss 10 fetches a queue's next job ORDER BY priority desc, created_on, id, but its index for
    // waiting jobs (name, start_after) has them in another order: every fetch read and sorted every
    // waiting job, so a backlog made each fetch dearer (the bench's costliest statement at full speed).
    // In fetch order, a fetch stops at the first free job. Ours, not a migration: pg-boss creates its
    // schema at start (docs/database-schema.md, "Version 1.19"). Looked up first: CREATE INDEX locks the
    // table before it sees the index exists, so every start would stop enqueueing behind running writes.
    const { rows } = await raw.executeQuery<{ present: boolean }>(
      CompiledQuery.raw(`SELECT to_regclass('${SCHEMA}.job_fetch_order') IS NOT NULL AS present`),
    );
    if (rows[0]?.present) return;
    await raw.executeQuery(
      CompiledQuery.raw(`CREATE INDEX IF NOT EXISTS job_fetch_order ON ${SCHEMA}.job (name, priority DESC, created_on, id) WHERE state < 'active'`),
    );
  });

  /*
   * Our own fetch → handle → complete/reschedule/fail loop instead of boss.work(): pg-boss 10's worker
   * does not await complete()/fail(), so while the database is away those rejections go unhandled
   * and would end the process. Here every step is awaited, and recording the outcome is retried
   * until the database answers (about a minute): a job left active would wait for its expiry
   * (REPLY_JOB_EXPIRE_SECONDS) and maintenance before anyone retried it. Past that minute it does.
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
  const record = async (jobId: string, what: string, write: () => Promise<unknown>) => {
    try {
      await untilDatabaseAnswers(write, (retryInMs) =>
        logger.warn({ jobId, retryInMs }, `database unreachable while recording a job ${what}; retrying`),
      );
    } catch (error) {
      const err = { name: (error as Error).name, message: (error as Error).message };
      logger.warn({ jobId, err }, `could not record the job ${what}; it will be retried after it expires`);
    }
  };
  const reschedule = (jobId: string, outcome: Extract<JobOutcome, { kind: 'again' }>) =>
    // started_on cleared: pg-boss bumps retry_count when it fetches a job that was started before.
    raw.executeQuery(
      CompiledQuery.raw(
        `UPDATE ${SCHEMA}.job
            SET state = 'retry',
                start_after = now() + make_interval(secs => $3::float8 / 1000),
                started_on = NULL,
                output = jsonb_build_object('reason', $4::text)
          WHERE name = $1 AND id = $2 AND state = 'active'`,
        [REPLY_QUEUE, jobId, outcome.inMs, outcome.reason],
      ),
    );
  /*
   * A loop that has just finished a job completes it in the statement that fetches its next one (a
   * CTE before pg-boss's own fetch): one round trip per job instead of two while the queue is busy.
   * pg-boss's fetch() swallows the statement's errors; the executor keeps them, and a completion that
   * may not have been written is then recorded alone, as it was before (`record`).
   */
  const fetchCompleting = async (done: string): Promise<PgBoss.JobWithMetadata<StoredReplyJob>[]> => {
    let failure: unknown = null;
    const db = {
      executeSql: async (text: string, values: unknown[] = []) => {
        try {
          // Another pg-boss version may fetch differently: then the completion is recorded alone.
          const fetch = /^\s*WITH\s/i.exec(text);
          if (!fetch) throw new Error('pg-boss fetch is not a WITH statement');
          const completed = `WITH completed AS (UPDATE ${SCHEMA}.job SET completed_on = now(), state = 'completed', output = NULL
                                  WHERE name = $${values.length + 2} AND id = $${values.length + 1}::uuid AND state = 'active'), `;
          return await executor.executeSql(completed + text.slice(fetch[0].length), [...values, done, REPLY_QUEUE]);
        } catch (error) {
          failure = error;
          throw error;
        }
      },
    };
    const jobs = await boss.fetch<StoredReplyJob>(REPLY_QUEUE, { batchSize: 1, includeMetadata: true, db });
    if (failure) throw failure;
    return jobs;
  };
  const workLoop = async (handler: (job: QueuedJob<ReplyJobData>) => Promise<JobOutcome>) => {
    // The job this loop finished and has not recorded as completed yet.
    let done: string | null = null;
    while (running) {
      let job: PgBoss.JobWithMetadata<StoredReplyJob> | undefined;
      try {
        [job] = done
          ? await fetchCompleting(done)
          : await boss.fetch<StoredReplyJob>(REPLY_QUEUE, { batchSize: 1, includeMetadata: true });
        done = null;
      } catch (error) {
        logger.warn({ err: { name: (error as Error).name, message: (error as Error).message } }, 'job queue fetch failed');
      }
      if (done) {
        const finished = done;
        done = null;
        await record(finished, 'completion', () => boss.complete(REPLY_QUEUE, finished));
      }
      if (!job) {
        await pause();
        continue;
      }
      const id: string = job.id;
      const createdOn = job.createdOn;
      const { tenantId, conversationId, trace } = job.data;
      let outcome: JobOutcome;
      try {
        // A child of the delivery (or GraphQL operation) that enqueued it: its LLM and platform calls land in that trace.
        outcome = await withSpan('reply job', { parent: contextFrom(trace), attributes: { [TENANT_ID]: tenantId } }, () =>
          handler({ data: { tenantId, conversationId }, createdOn }),
        );
      } catch (error) {
        hooks.onJobFailed?.();
        const failure = { name: (error as Error).name, message: (error as Error).message };
        await record(id, 'failure', () => boss.fail(REPLY_QUEUE, id, failure));
        continue;
      }
      if (outcome.kind === 'done') {
        done = id;
        continue;
      }
      if (outcome.counted) hooks.onJobFailed?.();
      else hooks.onJobDeferred?.(outcome.reason);
      await record(id, 'reschedule', () => reschedule(id, outcome));
      // Wake a sleeping loop when it is due, rather than at its next poll.
      if (outcome.inMs > 0) setTimeout(wakeOne, outcome.inMs + 5).unref();
    }
    const finished = done;
    if (finished) await record(finished, 'completion', () => boss.complete(REPLY_QUEUE, finished));
  };

  // Embeddings jobs have no lease or schedule of their own: run, then complete, or fail for pg-boss's
  // backoff. Their loop sleeps apart from the reply loops so that wakeOne() always reaches a reply loop.
  let wakeEmbeddings = () => {};
  const sleepForEmbeddings = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => resolve(), config.pollIntervalSeconds * 1000);
      timer.unref();
      wakeEmbeddings = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const embeddingsLoop = async (handler: (data: { tenantId: string }) => Promise<void>) => {
    while (running) {
      let job: PgBoss.Job<{ tenantId: string }> | undefined;
      try {
        [job] = await boss.fetch<{ tenantId: string }>(EMBEDDINGS_QUEUE, { batchSize: 1 });
      } catch (error) {
        logger.warn({ err: { name: (error as Error).name, message: (error as Error).message } }, 'embeddings queue fetch failed');
      }
      if (!job) {
        await sleepForEmbeddings();
        continue;
      }
      const { id, data } = job;
      try {
        await handler(data);
        await record(id, 'completion', () => boss.complete(EMBEDDINGS_QUEUE, id));
      } catch (error) {
        const failure = { name: (error as Error).name, message: (error as Error).message };
        await record(id, 'failure', () => boss.fail(EMBEDDINGS_QUEUE, id, failure));
      }
    }
  };

  // Replies enqueued while an insert is under way go together in the next one (boss.insert: one
  // statement, ON CONFLICT DO NOTHING on the job id as boss.send); a lone reply is inserted at once.
  const replyInserts = new Batcher((jobs: PgBoss.JobInsert<StoredReplyJob>[]) => boss.insert(jobs));

  return {
    size: () => boss.getQueueSize(REPLY_QUEUE),
    async enqueueReply(replyId, data) {
      const trace = traceCarrier();
      const stored: StoredReplyJob = { tenantId: data.tenantId, conversationId: data.conversationId, ...(trace.traceparent && { trace }) };
      await replyInserts.add({ id: replyId, name: REPLY_QUEUE, data: stored });
      wakeOne();
    },
    async work(concurrency, handler) {
      for (let i = 0; i < concurrency; i++) loops.push(workLoop(handler));
    },
    async enqueueEmbeddings(tenantId) {
      // One waiting job per tenant is enough: the job embeds everything missing when it runs.
      await boss.send(EMBEDDINGS_QUEUE, { tenantId }, { singletonKey: tenantId, singletonSeconds: 30 });
      wakeEmbeddings();
    },
    async workEmbeddings(handler) {
      loops.push(embeddingsLoop(handler));
    },
    async stopWorking() {
      running = false;
      wakeAll();
      wakeEmbeddings();
      await Promise.all(loops);
    },
    async stop(waitMs = 10_000) {
      // Running jobs finish first (bounded); a job cut off later expires and is retried.
      running = false;
      wakeAll();
      wakeEmbeddings();
      await Promise.race([Promise.all(loops), new Promise((resolve) => setTimeout(resolve, waitMs).unref())]);
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}

