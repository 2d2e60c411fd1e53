import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/db.generated';
import { buildTenant } from '../factories/tenant.factory';
import { tidioEnvelope, tidioHeaders, tidioTicketReply } from './signed-payloads';
import { countsFor, LLM_TEXT, replyQueueDrained, setTidioIntegration, startWebhookHarness, waitFor, type WebhookHarness } from './webhook-harness';

jest.setTimeout(60_000);

let h: WebhookHarness;
let db: Kysely<DB>;

const FLOW_TOKEN = 'flow-token-0123456789abcdef';

beforeAll(async () => {
  // The LLM's own timeout is longer than the Flow deadline, so only the deadline can cut a hanging call.
  h = await startWebhookHarness({ TIDIO_FLOW_DEADLINE_MS: '2500', LLM_TIMEOUT_MS: '30000' });
  db = h.db;
});
afterAll(() => h.close());

async function tidioTenant() {
  const projectKey = `pk${crypto.randomUUID().replace(/-/g, '').slice(0, 28)}`;
  const tenant = await buildTenant(db, { tidioWebsiteId: projectKey, subscriptionStatus: 'active' });
  const webhookSecret = `whsec-${crypto.randomUUID()}`;
  await setTidioIntegration(h, tenant.id, {
    webhookSecret,
    clientId: 'ci_test_client',
    clientSecret: 'cs_test_secret',
    operatorId: '7f0b1c2d-0000-4000-8000-000000000001',
    flowToken: FLOW_TOKEN,
  });
  return { tenantId: tenant.id, projectKey, webhookSecret, contactId: crypto.randomUUID() };
}

function post(body: unknown, secret: string, path = '/webhooks/tidio') {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  return h.post(path, raw, tidioHeaders(raw, secret));
}

describe('POST /webhooks/tidio', () => {
  it('answers a contact ticket reply once through POST /tickets/{id}/reply, however often it is delivered', async () => {
    const t = await tidioTenant();
    const raw = JSON.stringify(tidioEnvelope(t.projectKey, 'ticket.contact_replied', tidioTicketReply(10_001, t.contactId, 'What are your prices?')));
    for (let i = 0; i < 3; i++) expect((await h.post('/webhooks/tidio', raw, tidioHeaders(raw, t.webhookSecret))).statusCode).toBe(200);
    await waitFor(() => h.tidio.delivered().some((r) => r.path === '/tickets/10001/reply'), 15_000, 'the ticket reply');
    await replyQueueDrained(db);
    const sent = h.tidio.delivered().filter((r) => r.path === '/tickets/10001/reply');
    expect(sent).toHaveLength(1);
    expect(sent[0]?.headers['x-tidio-openapi-client-id']).toBe('ci_test_client');
    expect(sent[0]?.headers['x-tidio-openapi-client-secret']).toBe('cs_test_secret');
    expect(sent[0]?.headers.accept).toBe('application/json; version=1');
    expect(sent[0]?.body).toEqual({
      author_type: 'operator',
      operator_id: '7f0b1c2d-0000-4000-8000-000000000001',
      content: LLM_TEXT,
      message_type: 'public',
    });
    expect(await countsFor(db, t.tenantId)).toEqual({ conversations: 1, messages: 2, leads: 1, inboundEvents: 1, outboundReplies: 1 });
    const reply = await db.selectFrom('outboundReplies').select(['status', 'externalId']).where('tenantId', '=', t.tenantId).executeTakeFirstOrThrow();
    expect(reply).toEqual({ status: 'sent', externalId: expect.stringMatching(/^01HTIDIOREPLY/) });
  });

  it('rejects a signature made with another secret (401, nothing stored) and accepts rotated secrets', async () => {
    const t = await tidioTenant();
    const body = tidioEnvelope(t.projectKey, 'contact.updated', { id: t.contactId, email: 'zoe@example.com' });
    expect((await post(body, 'not-the-secret')).statusCode).toBe(401);
    expect(await countsFor(db, t.tenantId)).toMatchObject({ inboundEvents: 0, leads: 0 });
    const raw = JSON.stringify(body);
    const rotated = tidioHeaders(raw, 'old-secret')['x-tidio-signature'] + ',s=' + tidioHeaders(raw, t.webhookSecret)['x-tidio-signature']!.split('s=')[1];
    const response = await h.post('/webhooks/tidio', raw, { 'content-type': 'application/json', 'x-tidio-signature': rotated });
    expect(response.statusCode).toBe(200);
  });

  it('puts contact events into the lead and ignores unknown topics', async () => {
    const t = await tidioTenant();
    const contact = { id: t.contactId, email: 'Zoe@Example.com', phone: '+44 20 7946 0958', first_name: 'Zoe', last_name: 'Ng', distinct_id: null, properties: [] };
    expect((await post(tidioEnvelope(t.projectKey, 'contact.created', contact), t.webhookSecret)).statusCode).toBe(200);
    expect((await post(tidioEnvelope(t.projectKey, 'conversation.solved_by_operator', {}), t.webhookSecret)).statusCode).toBe(200);
    const leads = await db.selectFrom('leads').select(['intent', 'contactInfo']).where('tenantId', '=', t.tenantId).execute();
    expect(leads).toEqual([{ intent: 'contact', contactInfo: { email: 'zoe@example.com', phone: '+442079460958', name: 'Zoe Ng' } }]);
    expect((await countsFor(db, t.tenantId)).inboundEvents).toBe(1);
  });

  it('answers an unknown project exactly like a wrong signature (401), stores nothing, and answers 400 to malformed JSON', async () => {
    const t = await tidioTenant();
    const unknown = await post(tidioEnvelope('pk-nobody', 'contact.created', { id: t.contactId }), t.webhookSecret);
    const forged = await post(tidioEnvelope(t.projectKey, 'contact.created', { id: t.contactId }), 'not-the-secret');
    expect([unknown.statusCode, unknown.body]).toEqual([401, forged.body]);
    expect(forged.statusCode).toBe(401);
    expect((await h.post('/webhooks/tidio', '{"topic":', tidioHeaders('{"topic":', t.webhookSecret))).statusCode).toBe(400);
    expect(await countsFor(db, t.tenantId)).toMatchObject({ inboundEvents: 0 });
  });

  it('stores an operator ticket reply as the operator and hands the conversation off', async () => {
    const t = await tidioTenant();
    await post(tidioEnvelope(t.projectKey, 'ticket.operator_replied', tidioTicketReply(10_002, t.contactId, 'Taking over.', 'operator')), t.webhookSecret);
    await post(tidioEnvelope(t.projectKey, 'ticket.contact_replied', tidioTicketReply(10_002, t.contactId, 'Thanks, what is the price?')), t.webhookSecret);
    await replyQueueDrained(db);
    expect(h.tidio.delivered().filter((r) => r.path === '/tickets/10002/reply')).toHaveLength(0);
    const conversation = await db.selectFrom('conversations').select('handoffReason').where('tenantId', '=', t.tenantId).executeTakeFirstOrThrow();
    expect(conversation.handoffReason).toBe('operator_replied');
  });
});

describe('POST /webhooks/tidio/flow', () => {
  function flow(body: Record<string, unknown>, token = FLOW_TOKEN) {
    return h.post('/webhooks/tidio/flow', JSON.stringify(body), { 'content-type': 'application/json', authorization: `Bearer ${token}` });
  }

  it('stores the visitor message and answers in the response body', async () => {
    const t = await tidioTenant();
    const started = Date.now();
    const response = await flow({ project_public_key: t.projectKey, contact_id: t.contactId, message: 'Can I book a demo?', email: 'lee@example.com' });
    expect(Date.now() - started).toBeLessThan(3500);
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ reply: LLM_TEXT, status: 'ai' });
    const messages = await db.selectFrom('messages').select(['role', 'content']).where('tenantId', '=', t.tenantId).orderBy('timestamp').execute();
    expect(messages).toEqual([
      { role: 'user', content: 'Can I book a demo?' },
      { role: 'assistant', content: LLM_TEXT },
    ]);
    const leads = await db.selectFrom('leads').select(['intent', 'contactInfo']).where('tenantId', '=', t.tenantId).execute();
    expect(leads).toEqual([{ intent: 'demo', contactInfo: { email: 'lee@example.com' } }]);
  });

  it('answers the fallback message before the deadline when the LLM hangs', async () => {
    const t = await tidioTenant();
    h.llm.enqueue({ kind: 'hang' });
    const started = Date.now();
    const response = await flow({ project_public_key: t.projectKey, contact_id: t.contactId, message: 'Hello, is anyone there?' });
    expect(Date.now() - started).toBeLessThan(3500);
    const body = JSON.parse(response.body) as { reply: string; status: string };
    expect(body.status).toBe('fallback');
    expect(body.reply.length).toBeGreaterThan(0);
    const conversation = await db.selectFrom('conversations').select('flaggedReason').where('tenantId', '=', t.tenantId).executeTakeFirstOrThrow();
    expect(conversation.flaggedReason).toBe('llm_timeout');
  });

  it('refuses a wrong token or an unknown project with 401 and stores nothing', async () => {
    const t = await tidioTenant();
    expect((await flow({ project_public_key: t.projectKey, contact_id: t.contactId, message: 'hi' }, 'wrong-token-wrong-token')).statusCode).toBe(401);
    expect((await flow({ project_public_key: 'pk-unknown', contact_id: t.contactId, message: 'hi' })).statusCode).toBe(401);
    expect((await flow({ project_public_key: t.projectKey })).statusCode).toBe(400);
    expect(await countsFor(db, t.tenantId)).toMatchObject({ messages: 0, inboundEvents: 0 });
  });
});
