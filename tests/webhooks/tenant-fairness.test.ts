import pino from 'pino';
import { jsonb } from '../../src/db/json';
import { createDatabase } from '../../src/db/database';
import { startChatRuntime, type ChatRuntime } from '../../src/chat/replies/chat-runtime';
import { buildConfiguration } from '../factories/knowledge-base.factory';
import { buildTenant } from '../factories/tenant.factory';
import { crispHeaders, crispVisitorMessage } from './signed-payloads';
import { LLM_TEXT, startWebhookHarness, waitFor, type WebhookHarness } from './webhook-harness';

jest.setTimeout(180_000);

// Four workers, two slots per tenant; the LLM timeout (and the lease) far beyond the test, so a hung
// call holds its worker and its slot until the fake model is released.
const ENV = { REPLY_WORKERS: '4', REPLY_TENANT_CONCURRENCY: '2', LLM_TIMEOUT_MS: '60000', REPLY_JOB_EXPIRE_SECONDS: '120' };
const STUCK_MODEL = 'stuck-model';

let h: WebhookHarness;
beforeAll(async () => {
  h = await startWebhookHarness(ENV);
  h.llm.forModel(STUCK_MODEL, { kind: 'hold' });
});
afterAll(async () => {
  h.llm.forModel(STUCK_MODEL, null);
  h.llm.release();
  await h.close();
});

async function crispTenant(model?: string) {
  const websiteId = crypto.randomUUID();
  const tenant = await buildTenant(h.db, { crispWebsiteId: websiteId, subscriptionStatus: 'active' });
  if (model) await buildConfiguration(h.db, { tenantId: tenant.id, configType: 'ai', configData: jsonb({ model }) });
  return {
    tenantId: tenant.id,
    /** Delivers a visitor message in a new session; resolves with the session id and the ack time. */
    async message(text: string) {
      const sessionId = `session_${crypto.randomUUID()}`;
      const raw = JSON.stringify(crispVisitorMessage(websiteId, sessionId, text));
      expect((await h.post('/webhooks/crisp', raw, crispHeaders(raw))).statusCode).toBe(200);
      return { sessionId, ackedAt: Date.now() };
    },
  };
}

const deliveredTo = (sessionId: string) => h.crisp.delivered().filter((r) => r.path.includes(sessionId));
const stuckCalls = () => h.llm.requests.filter((r) => r.body.model === STUCK_MODEL).length;
const counter = async (runtime: ChatRuntime, reason: string) =>
  (await runtime.metrics.replyJobDeferrals.get()).values.find((v) => v.labels.reason === reason)?.value ?? 0;

describe('one tenant whose model hangs', () => {
  it("uses at most its share of the workers: other tenants' replies go out meanwhile, and its own later, without spent attempts", async () => {
    const stuck = await crispTenant(STUCK_MODEL);
    const other = await crispTenant();
    const stuckSessions: string[] = [];
    for (let i = 0; i < 6; i++) stuckSessions.push((await stuck.message(`Stuck question ${i}?`)).sessionId);
    await waitFor(() => h.llm.held() === 2, 20_000, "two of the stuck tenant's calls at its model");
    // Its other four jobs were turned away at the tenant's cap, at no cost, and not by the model.
    await waitFor(async () => (await counter(h.chat, 'tenant_full')) >= 4, 20_000, 'the other jobs deferred at the cap');

    const sent = await Promise.all([1, 2, 3].map((i) => other.message(`Other question ${i}?`)));
    await waitFor(() => sent.every((s) => deliveredTo(s.sessionId).length === 1), 20_000, "the other tenant's replies");
    for (const s of sent) {
      const [reply] = deliveredTo(s.sessionId);
      expect(reply!.body.content).toBe(LLM_TEXT);
      // Well within the stuck model's hang: nobody waited for it.
      expect(reply!.at - s.ackedAt).toBeLessThan(5000);
    }
    expect(h.llm.held()).toBe(2);
    expect(stuckCalls()).toBe(2);

    h.llm.forModel(STUCK_MODEL, null);
    h.llm.release();
    await waitFor(() => stuckSessions.every((session) => deliveredTo(session).length === 1), 60_000, "the stuck tenant's replies once its model answers");
    const rows = () => h.db.selectFrom('outboundReplies').select(['status', 'attempts']).where('tenantId', '=', stuck.tenantId).execute();
    await waitFor(async () => (await rows()).every((row) => row.status === 'sent'), 10_000, 'every reply recorded as sent');
    expect(await rows()).toEqual(Array.from({ length: 6 }, () => ({ status: 'sent', attempts: 1 })));
    expect(stuckSessions.flatMap(deliveredTo)).toHaveLength(6);
  });
});

// Two server processes share one database: each could take two of the tenant's replies on its own,
// the count in the database keeps them to two together.
const describeOnPostgres = process.env.TEST_DATABASE_URL ? describe : describe.skip;

describeOnPostgres('the per-tenant cap over two processes', () => {
  it('holds across both: the tenant never has more than its two calls at the model', async () => {
    const second = await createDatabase({
      kind: 'postgres',
      url: h.database.url!,
      poolMax: 5,
      idleTimeoutMs: 1000,
      connectTimeoutMs: 5000,
      statementTimeoutMs: 30_000,
      preparedStatements: true,
    });
    // The second process only polls (the first is woken by its own enqueues and its deferred jobs' due
    // times), so it polls often here: otherwise, on a loaded machine, the first takes nearly every
    // deferred reply the moment it is due and the second may not fetch one for a minute.
    const config = { ...h.config, replyQueue: { ...h.config.replyQueue, pollIntervalSeconds: 0.05 } };
    const runtime = await startChatRuntime({ config, database: second, logger: pino({ level: 'silent' }) });
    h.llm.forModel(STUCK_MODEL, { kind: 'hold' });
    const before = stuckCalls();
    const deferredBefore = await counter(h.chat, 'tenant_full');
    try {
      const stuck = await crispTenant(STUCK_MODEL);
      const sessions: string[] = [];
      for (let i = 0; i < 8; i++) sessions.push((await stuck.message(`Stuck question ${i}?`)).sessionId);
      await waitFor(() => h.llm.held() === 2, 20_000, 'two calls at the model');
      // Both processes have met the cap (the second one had no slot of its own in use).
      await waitFor(
        async () => (await counter(runtime, 'tenant_full')) >= 1 && (await counter(h.chat, 'tenant_full')) > deferredBefore,
        60_000,
        'both processes deferring',
      );
      expect(stuckCalls() - before).toBe(2);
      h.llm.forModel(STUCK_MODEL, null);
      h.llm.release();
      await waitFor(() => sessions.every((session) => deliveredTo(session).length === 1), 60_000, 'every reply');
    } finally {
      h.llm.forModel(STUCK_MODEL, null);
      h.llm.release();
      await runtime.stop();
      await second.destroy();
    }
  });
});
