import { buildTenant } from '../factories/tenant.factory';
import { crispHeaders, crispVisitorMessage, tidioEnvelope, tidioHeaders, tidioTicketReply } from './signed-payloads';
import { LLM_TEXT, setTidioIntegration, startWebhookHarness, waitFor, type WebhookHarness } from './webhook-harness';

jest.setTimeout(90_000);

// Backoff alone would retry after 1–2 s (REPLY_RETRY_DELAY_SECONDS=1): only Retry-After explains a
// longer gap. Retry-After is honoured up to 4 s here (RETRY_AFTER_MAX_SECONDS).
let h: WebhookHarness;
beforeAll(async () => {
  h = await startWebhookHarness({ REPLY_RETRY_DELAY_SECONDS: '1', RETRY_AFTER_MAX_SECONDS: '4' });
});
afterAll(() => h.close());

async function crispConversation(question: string) {
  const websiteId = crypto.randomUUID();
  const tenant = await buildTenant(h.db, { crispWebsiteId: websiteId, subscriptionStatus: 'active' });
  const sessionId = `session_${crypto.randomUUID()}`;
  const raw = JSON.stringify(crispVisitorMessage(websiteId, sessionId, question));
  return { tenantId: tenant.id, sessionId, deliver: async () => expect((await h.post('/webhooks/crisp', raw, crispHeaders(raw))).statusCode).toBe(200) };
}

const postsTo = (sessionId: string) => h.crisp.requests.filter((r) => r.method === 'POST' && r.path.includes(sessionId));

/** The reply's row once it is recorded as sent (that follows the platform's answer by a transaction). */
async function sentReply(tenantId: string) {
  const row = () => h.db.selectFrom('outboundReplies').select(['status', 'attempts']).where('tenantId', '=', tenantId).executeTakeFirstOrThrow();
  await waitFor(async () => (await row()).status === 'sent', 10_000, 'the reply recorded as sent');
  return row();
}

describe('Retry-After', () => {
  it('from Crisp (seconds) sets the next attempt: a 429 with Retry-After: 3 is retried no earlier than 3 s later, once', async () => {
    const c = await crispConversation('Do you ship to Canada?');
    h.crisp.enqueue({ status: 429, body: { error: true, reason: 'rate_limited' }, headers: { 'retry-after': '3' } });
    await c.deliver();
    await waitFor(() => h.crisp.delivered().some((r) => r.path.includes(c.sessionId)), 20_000, 'the reply after the 429');
    const [limited, accepted, ...more] = postsTo(c.sessionId);
    expect(more).toEqual([]);
    expect(limited?.status).toBe(429);
    expect(accepted?.status).toBe(201);
    expect(accepted!.at - limited!.at).toBeGreaterThanOrEqual(3000);
    expect(await sentReply(c.tenantId)).toEqual({ status: 'sent', attempts: 2 });
  });

  it('is capped by RETRY_AFTER_MAX_SECONDS: an hour becomes 4 s', async () => {
    const c = await crispConversation('Is there a student discount?');
    h.crisp.enqueue({ status: 429, body: { error: true }, headers: { 'retry-after': '3600' } });
    await c.deliver();
    await waitFor(() => h.crisp.delivered().some((r) => r.path.includes(c.sessionId)), 20_000, 'the reply within the cap');
    const [limited, accepted] = postsTo(c.sessionId);
    expect(accepted!.at - limited!.at).toBeGreaterThanOrEqual(4000);
  });

  it('from Tidio (an HTTP date) sets the next attempt', async () => {
    const projectKey = `pk${crypto.randomUUID().replace(/-/g, '').slice(0, 28)}`;
    const tenant = await buildTenant(h.db, { tidioWebsiteId: projectKey, subscriptionStatus: 'active' });
    const webhookSecret = `whsec-${crypto.randomUUID()}`;
    await setTidioIntegration(h, tenant.id, {
      webhookSecret,
      clientId: 'ci_test_client',
      clientSecret: 'cs_test_secret',
      operatorId: '7f0b1c2d-0000-4000-8000-000000000001',
    });
    // HTTP dates have whole seconds: 3 to 4 s from now.
    const notBefore = new Date(Math.ceil((Date.now() + 3000) / 1000) * 1000);
    h.tidio.enqueue({
      status: 429,
      body: { errors: [{ code: 'too_many_requests', message: 'slow down' }] },
      headers: { 'retry-after': notBefore.toUTCString() },
    });
    const raw = JSON.stringify(tidioEnvelope(projectKey, 'ticket.contact_replied', tidioTicketReply(20_001, crypto.randomUUID(), 'What are your prices?')));
    expect((await h.post('/webhooks/tidio', raw, tidioHeaders(raw, webhookSecret))).statusCode).toBe(200);
    await waitFor(() => h.tidio.delivered().some((r) => r.path === '/tickets/20001/reply'), 20_000, 'the ticket reply after the 429');
    const attempts = h.tidio.requests.filter((r) => r.path === '/tickets/20001/reply');
    expect(attempts.map((r) => r.status)).toEqual([429, 201]);
    expect(attempts[1]!.at).toBeGreaterThanOrEqual(notBefore.getTime());
  });

  it('from the LLM: the reply job waits for it instead of sending the fallback, and the visitor gets the answer', async () => {
    const c = await crispConversation('How long does shipping to Spain take?');
    const before = h.llm.requests.length;
    h.llm.enqueue({ kind: 'status', status: 429, headers: { 'retry-after': '2' } });
    await c.deliver();
    await waitFor(() => h.crisp.delivered().some((r) => r.path.includes(c.sessionId)), 20_000, 'the reply after the LLM 429');
    const calls = h.llm.requests.slice(before).filter((r) => JSON.stringify(r.body.messages).includes('shipping to Spain'));
    expect(calls).toHaveLength(2);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(2000);
    expect(postsTo(c.sessionId).map((r) => [r.status, r.body.content])).toEqual([[201, LLM_TEXT]]);
    expect(await sentReply(c.tenantId)).toEqual({ status: 'sent', attempts: 2 });
  });
});
