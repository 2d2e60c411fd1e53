import { buildTenant } from '../factories/tenant.factory';
import type { TestDatabase } from '../setup/database';
import { startProxiedDatabase, type ProxiedDatabase } from '../support/proxied-database';
import type { TcpProxy } from '../support/tcp-proxy';
import { crispHeaders, crispVisitorMessage } from './signed-payloads';
import { LLM_TEXT, startWebhookHarness, waitFor, type WebhookHarness } from './webhook-harness';

jest.setTimeout(120_000);

// An outage can only be staged on a networked PostgreSQL; the embedded database cannot go away.
const describeOnPostgres = process.env.TEST_DATABASE_URL ? describe : describe.skip;

/** How long the database stays away. */
const OUTAGE_MS = 3000;

describeOnPostgres('the database going away while a reply is being answered', () => {
  let owner: TestDatabase;
  let proxy: TcpProxy;
  let proxied: ProxiedDatabase;
  let h: WebhookHarness;
  const logLines: string[] = [];

  beforeAll(async () => {
    proxied = await startProxiedDatabase();
    ({ owner, proxy } = proxied);
    // Production's lease (300 s) and two attempts: a reply that waited for its lease to run out, or
    // siblings that spent their attempts on a busy conversation, would miss every deadline below.
    h = await startWebhookHarness(
      { REPLY_JOB_EXPIRE_SECONDS: '300', REPLY_MAX_ATTEMPTS: '2', REPLY_RETRY_DELAY_SECONDS: '5', LLM_TIMEOUT_MS: '30000' },
      { database: proxied.database, logLines },
    );
  });
  afterAll(async () => {
    h.llm.release();
    await h.close();
    await proxied.close();
  });

  it("answers the conversation's replies within 10 s of its return, each once, without spending an attempt", async () => {
    const websiteId = crypto.randomUUID();
    const tenant = await buildTenant(owner.db, { crispWebsiteId: websiteId, subscriptionStatus: 'active' });
    const sessionId = `session_${crypto.randomUUID()}`;
    const send = async (text: string) => {
      const raw = JSON.stringify(crispVisitorMessage(websiteId, sessionId, text));
      expect((await h.post('/webhooks/crisp', raw, crispHeaders(raw))).statusCode).toBe(200);
    };

    // The first reply's LLM call is in flight; two more messages of the same conversation queue behind it.
    h.llm.enqueue({ kind: 'hold' });
    await send('Do you ship to Canada?');
    await waitFor(() => h.llm.held() === 1, 20_000, 'the LLM call of the first reply');
    await send('And to Mexico?');
    await send('How long does it take?');
    const deferrals = async () => (await h.chat.metrics.replyJobDeferrals.get()).values.find((v) => v.labels.reason === 'busy')?.value ?? 0;
    await waitFor(async () => (await deferrals()) >= 2, 20_000, 'the later jobs finding the conversation busy');

    // The database goes away; the LLM answers meanwhile, so the answer cannot be stored.
    proxy.cut();
    const cutAt = Date.now();
    h.llm.release();
    await waitFor(() => logLines.some((line) => line.includes('database unreachable while releasing a reply')), 10_000, 'the attempt failing on the database');
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, cutAt + OUTAGE_MS - Date.now())));
    proxy.restore();
    const restoredAt = Date.now();

    const delivered = () => h.crisp.delivered().filter((r) => r.path.includes(sessionId));
    await waitFor(() => delivered().length >= 3, 10_000, 'every reply within 10 s of the return');
    expect(Math.max(...delivered().map((r) => r.at)) - restoredAt).toBeLessThan(10_000);
    expect(delivered().map((r) => r.body.content)).toEqual([LLM_TEXT, LLM_TEXT, LLM_TEXT]);
    expect(new Set(delivered().map((r) => r.body.fingerprint)).size).toBe(3);

    await waitFor(
      async () => (await owner.db.selectFrom('outboundReplies').select('status').where('tenantId', '=', tenant.id).execute()).every((r) => r.status === 'sent'),
      10_000,
      'every reply recorded as sent',
    );
    const replies = await owner.db.selectFrom('outboundReplies').select(['status', 'attempts']).where('tenantId', '=', tenant.id).execute();
    expect(replies).toEqual([1, 2, 3].map(() => ({ status: 'sent', attempts: 1 })));
    expect(delivered()).toHaveLength(3);
  });
});
