import { sql } from 'kysely';
import { Client } from 'pg';
import { createJobQueue, REPLY_QUEUE, type JobQueue } from '../../src/jobs/job-queue';
import { createLogger } from '../../src/lib/logger';
import { createTestDatabase, type TestDatabase } from '../setup/database';
// pg-boss's own fetch text, so that a pg-boss upgrade that fetches in another order fails here.
const plans = require('pg-boss/src/plans') as { fetchNextJob: (schema: string) => (options: { priority?: boolean }) => string };

/**
 * Issue #14: pg-boss 10 fetches a queue's next job in (priority desc, created_on, id) order, and its own
 * index for waiting jobs is in another one, so each fetch read and sorted the whole backlog. The job
 * queue adds an index in fetch order (docs/database-schema.md, "Version 1.19"): the fetch needs no sort.
 */
describe('the reply queue fetch', () => {
  let test: TestDatabase;
  let queue: JobQueue;

  beforeAll(async () => {
    test = await createTestDatabase();
    const config = { workers: 1, maxAttempts: 3, retryDelaySeconds: 1, jobExpireSeconds: 60, tenantConcurrency: 1, retryAfterMaxSeconds: 60 };
    queue = await createJobQueue(test, { ...config, pollIntervalSeconds: 600, maintenanceIntervalSeconds: 600 }, createLogger('silent'));
  });
  afterAll(async () => {
    await queue.stop(1000);
    await test.destroy();
  });

  it('reads waiting jobs in fetch order from an index instead of sorting them', async () => {
    for (let i = 0; i < 50; i++) await queue.enqueueReply(crypto.randomUUID(), { tenantId: crypto.randomUUID(), conversationId: crypto.randomUUID() });
    const fetch = plans.fetchNextJob('pgboss')({ priority: true }).replaceAll('$1', `'${REPLY_QUEUE}'`).replaceAll('$2', '1');
    // With sorting priced out, a Sort node remains only when no index gives the order.
    const plan = await test.db.connection().execute(async (db) => {
      await sql`set enable_sort = off`.execute(db);
      try {
        return (await sql.raw<{ 'QUERY PLAN': string }>(`EXPLAIN ${fetch}`).execute(db)).rows.map((row) => row['QUERY PLAN']);
      } finally {
        await sql`reset enable_sort`.execute(db);
      }
    });
    // The choice of the next job: the CTE `next` (what follows it, one row, is pg-boss's own).
    const start = plan.findIndex((line) => /^\s*CTE next/.test(line));
    const indent = (line: string) => line.length - line.trimStart().length;
    const rest = plan.slice(start + 1);
    const end = rest.findIndex((line) => indent(line) <= indent(plan[start]!));
    const next = rest.slice(0, end < 0 ? undefined : end).join('\n');
    expect(start).toBeGreaterThanOrEqual(0);
    expect(next).not.toMatch(/\bSort\b/);
    expect(next).toMatch(/name_priority_created_on_id_idx|job_fetch_order/);
  });

  (process.env.TEST_DATABASE_URL ? it : it.skip)('starts again without waiting on a transaction that writes jobs, once the index exists (PostgreSQL)', async () => {
    // A transaction holding the lock every job insert takes: CREATE INDEX would queue behind it, and every enqueue behind that.
    const writer = new Client({ connectionString: test.url! });
    await writer.connect();
    await writer.query('begin');
    await writer.query('lock table pgboss.job in row exclusive mode');
    try {
      const config = { workers: 1, maxAttempts: 3, retryDelaySeconds: 1, jobExpireSeconds: 60, tenantConcurrency: 1, retryAfterMaxSeconds: 60 };
      const second = createJobQueue(test, { ...config, pollIntervalSeconds: 600, maintenanceIntervalSeconds: 600 }, createLogger('silent'));
      let timer: NodeJS.Timeout | undefined;
      const waited = new Promise<'waiting'>((resolve) => (timer = setTimeout(() => resolve('waiting'), 15_000)));
      const started = await Promise.race([second.then(() => 'started' as const), waited]);
      clearTimeout(timer);
      await writer.query('rollback');
      await (await second).stop(1000);
      expect(started).toBe('started');
    } finally {
      await writer.end();
    }
  });
});
