import { BINDING_STATEMENT_MARK } from '../../src/db/begin-with-binding-dialect';
import { buildKnowledgeBaseEntry } from '../factories/knowledge-base.factory';
import { buildTenant } from '../factories/tenant.factory';
import { createTestDatabase } from '../setup/database';
import { crispHeaders, crispVisitorMessage } from './signed-payloads';
import { startWebhookHarness, waitFor, type WebhookHarness } from './webhook-harness';

/**
 * Issue #14: the round trips to PostgreSQL one signed Crisp visitor message costs, counted from what
 * Kysely sends (pg-boss talks through the same Kysely instance, so its statements are counted too).
 * On PostgreSQL a transaction's BEGIN and tenant binding travel with its first statement, and a
 * one-statement transaction's COMMIT with that statement (begin-with-binding-dialect.ts): the
 * binding is logged but not counted, and that COMMIT is not logged. That they share a round trip rests
 * on the pool's pipeline mode, asserted here; tests/db/begin-with-binding.test.ts shows each is written
 * before the answer of what precedes it. Queue polling and maintenance are slowed down
 * so that nothing else runs while a delivery is measured. The job's figure runs from its fetch to its
 * completion, which is also the worker's next fetch: on a busy queue a job costs one statement less.
 * The tenant has FAQ entries the question matches, as the bench's do: the job scores them in SQL, and
 * reads nothing else of the knowledge base while the snapshot of its revision is current (schema v1.23).
 */
// boss.insert (the reply jobs of deliveries acknowledged together, one statement): WITH defaults … INSERT INTO pgboss.job.
const ENQUEUE = /^\s*WITH defaults as \(.*\bINSERT INTO pgboss\.job\b/;
// pg-boss's own completion, or ours in the statement that fetches the worker's next job (src/jobs/job-queue.ts).
const COMPLETE = /^\s*WITH (results|completed) AS \( ?UPDATE pgboss\.job SET completed_on/;

let h: WebhookHarness;
let recording: string[] | null = null;

/** Posts one visitor message and returns the statements of the acknowledgement and of the reply job. */
async function deliverOne(websiteId: string): Promise<{ ack: string[]; job: string[] }> {
  const sessionId = `session_${crypto.randomUUID()}`;
  // An intent ("pricing") makes the delivery capture a lead, as the bench's message does.
  const raw = JSON.stringify(crispVisitorMessage(websiteId, sessionId, 'Hi, how much does the pro plan cost per month?'));
  recording = [];
  const sent = recording;
  expect((await h.post('/webhooks/crisp', raw, crispHeaders(raw))).statusCode).toBe(200);
  await waitFor(() => h.crisp.delivered().some((r) => r.path.includes(sessionId)), 15_000, 'the reply at fake Crisp');
  await waitFor(() => sent.some((text) => COMPLETE.test(text)), 15_000, 'the job completed');
  recording = null;
  const enqueued = sent.findIndex((text) => ENQUEUE.test(text));
  const completed = sent.findIndex((text) => COMPLETE.test(text));
  expect(enqueued).toBeGreaterThan(0);
  return { ack: sent.slice(0, enqueued + 1), job: sent.slice(enqueued + 1, completed + 1) };
}

// Round trips are the pg dialect's (embedded PGlite has no network; its transactions send COMMIT alone).
const describeOnPostgres = process.env.TEST_DATABASE_URL ? describe : describe.skip;

describeOnPostgres('round trips per webhook delivery (issue #14)', () => {
  beforeAll(async () => {
    const database = await createTestDatabase({
      log: (event) => {
        const text = event.query.sql.trim();
        if (event.level === 'query' && !text.startsWith(BINDING_STATEMENT_MARK.trim())) recording?.push(text.replace(/\s+/g, ' '));
      },
    });
    h = await startWebhookHarness({ QUEUE_POLL_INTERVAL_SECONDS: '600', QUEUE_MAINTENANCE_INTERVAL_SECONDS: '600' }, { database });
  });
  afterAll(() => h.close());

  it('acknowledges a visitor message in 2 round trips (5 for a website not seen before) and replies in 9', async () => {
    expect(h.database.pool?.options.pipeline).toBe(true);
    const [warmUp, websiteId] = [crypto.randomUUID(), crypto.randomUUID()];
    for (const id of [warmUp, websiteId]) {
      const { id: tenantId } = await buildTenant(h.db, { crispWebsiteId: id, subscriptionStatus: 'active' });
      await buildKnowledgeBaseEntry(h.db, { tenantId, title: 'How much does the pro plan cost?', content: 'The pro plan costs 49 EUR a month.' });
      await buildKnowledgeBaseEntry(h.db, { tenantId, title: 'Do you ship abroad?', content: 'We ship worldwide.' });
    }
    await deliverOne(warmUp); // the process's first delivery also starts what runs once (pg-boss, caches)
    // A website's first delivery also reads its tenant's knowledge snapshot (and indexes the entries).
    const first = await deliverOne(websiteId);
    // A new session of a website this server has seen: the bench's and production's usual case.
    const { ack, job } = await deliverOne(websiteId);
    const listing = `first ack:\n${first.ack.join('\n')}\n\nack:\n${ack.join('\n')}\n\njob:\n${job.join('\n')}`;
    expect({ first: first.ack.length, ack: ack.length, job: job.length, listing }).toEqual({ first: 5, ack: 2, job: 9, listing });
    expect(job.some((text) => text.includes('knowledge_base_revisions'))).toBe(true);
    expect(job.filter((text) => text.includes('knowledge_base_search_terms')).length).toBe(1); // the scoring
  });
});
