import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/db.generated';
import { buildTenant } from '../factories/tenant.factory';
import { buildKnowledgeBaseEntry } from '../factories/knowledge-base.factory';
import {
  crispHeaders,
  crispOperatorMessage,
  crispSessionEvent,
  crispVisitorMessage,
} from './signed-payloads';
import { countsFor, LLM_TEXT, replyQueueDrained, setCrispIntegration, startWebhookHarness, waitFor, type WebhookHarness } from './webhook-harness';

jest.setTimeout(60_000);

let h: WebhookHarness;
let db: Kysely<DB>;

beforeAll(async () => {
  h = await startWebhookHarness();
  db = h.db;
});
afterAll(() => h.close());

async function crispTenant(overrides: Parameters<typeof buildTenant>[1] = {}) {
  const websiteId = crypto.randomUUID();
  const tenant = await buildTenant(db, { crispWebsiteId: websiteId, subscriptionStatus: 'active', ...overrides });
  return { tenantId: tenant.id, websiteId, sessionId: `session_${crypto.randomUUID()}` };
}

function post(body: unknown, headers?: Record<string, string>, url = '/webhooks/crisp') {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  return h.post(url, raw, headers ?? crispHeaders(raw));
}

const deliveredTo = (sessionId: string) => h.crisp.delivered().filter((r) => r.path.includes(sessionId));

describe('POST /webhooks/crisp', () => {
  it('turns one visitor message into one stored message, one reply with the LLM text and one lead', async () => {
    const { tenantId, websiteId, sessionId } = await crispTenant();
    const response = await post(crispVisitorMessage(websiteId, sessionId, 'How much does the pro plan cost? jane@example.com'));
    expect(response.statusCode).toBe(200);

    await waitFor(() => deliveredTo(sessionId).length === 1, 15_000, 'the reply at fake Crisp');
    const [sent] = deliveredTo(sessionId);
    expect(sent?.path).toBe(`/v1/website/${websiteId}/conversation/${sessionId}/message`);
    expect(sent?.headers.authorization).toBe(`Basic ${Buffer.from('crisp-identifier:crisp-key').toString('base64')}`);
    expect(sent?.headers['x-crisp-tier']).toBe('plugin');
    expect(sent?.body).toMatchObject({ type: 'text', from: 'operator', origin: 'chat', content: LLM_TEXT, automated: true });

    await waitFor(async () => (await db.selectFrom('outboundReplies').select('status').where('tenantId', '=', tenantId).executeTakeFirst())?.status === 'sent');
    const messages = await db.selectFrom('messages').select(['role', 'content', 'externalId', 'metadata']).where('tenantId', '=', tenantId).orderBy('timestamp').execute();
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(messages[1]).toMatchObject({ content: LLM_TEXT, externalId: String(sent?.body.fingerprint) });
    expect(messages[1]?.metadata).toMatchObject({ model: 'fake-model', answerKind: 'ai' });
    const leads = await db.selectFrom('leads').select(['intent', 'contactInfo', 'status']).where('tenantId', '=', tenantId).execute();
    // Leaving one's own email is also a contact request (issue #10).
    expect(leads).toEqual(
      expect.arrayContaining([
        { intent: 'pricing', contactInfo: { email: 'jane@example.com' }, status: 'new' },
        { intent: 'contact', contactInfo: { email: 'jane@example.com' }, status: 'new' },
      ]),
    );
    expect(leads).toHaveLength(2);
    const conversation = await db.selectFrom('conversations').select(['platform', 'sessionId']).where('tenantId', '=', tenantId).executeTakeFirstOrThrow();
    expect(conversation).toEqual({ platform: 'crisp', sessionId });
  });

  it('stores, answers and captures once when the same delivery arrives three times', async () => {
    const { tenantId, websiteId, sessionId } = await crispTenant();
    const raw = JSON.stringify(crispVisitorMessage(websiteId, sessionId, 'What does a subscription cost?'));
    for (let i = 0; i < 3; i++) expect((await post(raw)).statusCode).toBe(200);
    await waitFor(() => deliveredTo(sessionId).length === 1, 15_000, 'the reply');
    expect((await post(raw)).statusCode).toBe(200);
    await replyQueueDrained(db);
    expect(deliveredTo(sessionId)).toHaveLength(1);
    expect(await countsFor(db, tenantId)).toEqual({ conversations: 1, messages: 2, leads: 1, inboundEvents: 1, outboundReplies: 1 });
  });

  it('follows a website id to the tenant that has it now (the route remembers keys it looked up)', async () => {
    const before = await crispTenant();
    expect((await post(crispVisitorMessage(before.websiteId, before.sessionId, 'Hello'))).statusCode).toBe(200);
    await db.updateTable('tenants').set({ crispWebsiteId: null }).where('id', '=', before.tenantId).execute();
    const now = await buildTenant(db, { crispWebsiteId: before.websiteId, subscriptionStatus: 'active' });
    expect((await post(crispVisitorMessage(before.websiteId, `session_${crypto.randomUUID()}`, 'Hello again'))).statusCode).toBe(200);
    expect((await countsFor(db, before.tenantId)).inboundEvents).toBe(1);
    expect((await countsFor(db, now.id)).inboundEvents).toBe(1);
  });

  it('rejects a bad or missing signature with 401 and stores nothing', async () => {
    const { tenantId, websiteId, sessionId } = await crispTenant();
    const raw = JSON.stringify(crispVisitorMessage(websiteId, sessionId, 'Hello?'));
    expect((await post(raw, crispHeaders(raw, 'wrong-secret'))).statusCode).toBe(401);
    const tampered = raw.replace('Hello?', 'Hellp?');
    expect((await post(tampered, crispHeaders(raw))).statusCode).toBe(401);
    expect((await post(raw, { 'content-type': 'application/json' })).statusCode).toBe(401);
    expect(await countsFor(db, tenantId)).toEqual({ conversations: 0, messages: 0, leads: 0, inboundEvents: 0, outboundReplies: 0 });
  });

  it('answers 400 to malformed JSON and 413 to an oversized body', async () => {
    const broken = '{"website_id": "x", "event": ';
    expect((await post(broken)).statusCode).toBe(400);
    const { websiteId, sessionId } = await crispTenant();
    const huge = JSON.stringify(crispVisitorMessage(websiteId, sessionId, 'x'.repeat(100 * 1024)));
    const response = await post(huge);
    expect(response.statusCode).toBe(413);
    expect(response.body).not.toContain('at ');
  });

  it('acknowledges unknown events and unknown websites without storing anything', async () => {
    const { tenantId, websiteId, sessionId } = await crispTenant();
    const typing = crispSessionEvent(websiteId, sessionId, 'message:compose:send', { type: 'start' });
    expect((await post(typing)).statusCode).toBe(200);
    expect((await post(crispVisitorMessage(crypto.randomUUID(), sessionId, 'Who am I?'))).statusCode).toBe(200);
    expect(await countsFor(db, tenantId)).toEqual({ conversations: 0, messages: 0, leads: 0, inboundEvents: 0, outboundReplies: 0 });
  });

  it('accepts website hooks authenticated by the tenant ?key= and refuses a wrong key', async () => {
    const { tenantId, websiteId, sessionId } = await crispTenant();
    await setCrispIntegration(h, tenantId, { websiteHookKey: 'website-hook-key-0123456789' });
    const raw = JSON.stringify(crispSessionEvent(websiteId, sessionId, 'session:set_email', { email: 'Max@Example.com' }));
    const plain = { 'content-type': 'application/json' };
    expect((await post(raw, plain, '/webhooks/crisp?key=wrong-key-wrong-key')).statusCode).toBe(401);
    expect((await post(raw, plain, '/webhooks/crisp?key=website-hook-key-0123456789')).statusCode).toBe(200);
    const lead = await db.selectFrom('leads').select(['intent', 'contactInfo']).where('tenantId', '=', tenantId).executeTakeFirstOrThrow();
    expect(lead).toEqual({ intent: 'contact', contactInfo: { email: 'max@example.com' } });
  });

  it('merges session phone and nickname into the conversation lead', async () => {
    const { tenantId, websiteId, sessionId } = await crispTenant();
    await post(crispSessionEvent(websiteId, sessionId, 'session:set_email', { email: 'ana@example.com' }));
    await post(crispSessionEvent(websiteId, sessionId, 'session:set_phone', { phone: '+1 415 555 2671' }));
    await post(crispSessionEvent(websiteId, sessionId, 'session:set_nickname', { nickname: 'Ana' }));
    const leads = await db.selectFrom('leads').select('contactInfo').where('tenantId', '=', tenantId).execute();
    expect(leads).toEqual([{ contactInfo: { email: 'ana@example.com', phone: '+14155552671', name: 'Ana' } }]);
  });

  it("seeds a later message's lead with the contact details the conversation already has, once per intent", async () => {
    const { tenantId, websiteId, sessionId } = await crispTenant();
    await post(crispSessionEvent(websiteId, sessionId, 'session:set_email', { email: 'ana@example.com' }));
    await post(crispSessionEvent(websiteId, sessionId, 'session:set_phone', { phone: '+1 415 555 2671' }));
    expect((await post(crispVisitorMessage(websiteId, sessionId, 'How much does the pro plan cost?'))).statusCode).toBe(200);
    expect((await post(crispVisitorMessage(websiteId, sessionId, 'And what does the team plan cost?'))).statusCode).toBe(200);
    const leads = await db.selectFrom('leads').select(['intent', 'contactInfo']).where('tenantId', '=', tenantId).orderBy('createdAt').execute();
    const known = { email: 'ana@example.com', phone: '+14155552671' };
    expect(leads).toEqual([
      { intent: 'contact', contactInfo: known },
      { intent: 'pricing', contactInfo: known },
    ]);
    await replyQueueDrained(db);
  });

  it('judges a delivery by the tenant as it is now, not as an earlier delivery read it (rotated key, deactivation)', async () => {
    const { tenantId, websiteId, sessionId } = await crispTenant();
    await setCrispIntegration(h, tenantId, { websiteHookKey: 'first-website-hook-key-0123' });
    const plain = { 'content-type': 'application/json' };
    const message = (text: string) => JSON.stringify(crispVisitorMessage(websiteId, sessionId, text));
    // Visitor messages only: the reply to the first one may be stored at any moment.
    const visitorMessages = async () =>
      (await db.selectFrom('messages').select('content').where('tenantId', '=', tenantId).where('role', '=', 'user').orderBy('timestamp').execute()).map((m) => m.content);
    expect((await post(message('Hello'), plain, '/webhooks/crisp?key=first-website-hook-key-0123')).statusCode).toBe(200);
    await setCrispIntegration(h, tenantId, { websiteHookKey: 'second-website-hook-key-456' });
    expect((await post(message('Hello again'), plain, '/webhooks/crisp?key=first-website-hook-key-0123')).statusCode).toBe(401);
    expect(await visitorMessages()).toEqual(['Hello']);
    expect((await countsFor(db, tenantId)).inboundEvents).toBe(1);
    expect((await post(message('Hello with the new key'), plain, '/webhooks/crisp?key=second-website-hook-key-456')).statusCode).toBe(200);
    await db.updateTable('tenants').set({ isActive: false }).where('id', '=', tenantId).execute();
    expect((await post(message('Anyone there?'))).statusCode).toBe(200);
    await replyQueueDrained(db);
    expect(await visitorMessages()).toEqual(['Hello', 'Hello with the new key', 'Anyone there?']);
    // The deactivated tenant's message is stored but owes no reply.
    expect((await countsFor(db, tenantId)).outboundReplies).toBe(2);
  });

  it('recognises its own echoed reply, and a human operator reply hands the conversation off', async () => {
    const { tenantId, websiteId, sessionId } = await crispTenant();
    await post(crispVisitorMessage(websiteId, sessionId, 'Do you ship to Canada?'));
    await waitFor(() => deliveredTo(sessionId).length === 1, 15_000, 'the reply');
    const sent = deliveredTo(sessionId)[0]!;
    await waitFor(async () => (await db.selectFrom('outboundReplies').select('status').where('tenantId', '=', tenantId).executeTakeFirst())?.status === 'sent');
    expect((await post(crispOperatorMessage(websiteId, sessionId, LLM_TEXT, sent.body.fingerprint as number, true))).statusCode).toBe(200);
    expect((await countsFor(db, tenantId)).messages).toBe(2);

    expect((await post(crispOperatorMessage(websiteId, sessionId, 'Hi, Olivia here.', 990_000_000_001, false))).statusCode).toBe(200);
    const operator = await db.selectFrom('messages').select(['role', 'metadata']).where('externalId', '=', '990000000001').executeTakeFirstOrThrow();
    expect(operator).toMatchObject({ role: 'assistant', metadata: { operator: true } });
    const conversation = await db.selectFrom('conversations').select(['handoffReason', 'handoffAt']).where('tenantId', '=', tenantId).executeTakeFirstOrThrow();
    expect(conversation.handoffReason).toBe('operator_replied');
    expect(conversation.handoffAt).not.toBeNull();

    await post(crispVisitorMessage(websiteId, sessionId, 'Thanks! And to Mexico?'));
    await replyQueueDrained(db);
    expect(deliveredTo(sessionId)).toHaveLength(1);
    expect((await countsFor(db, tenantId)).messages).toBe(4);
  });

  it('delivers the reply exactly once when the Crisp API fails twice and then recovers', async () => {
    const { tenantId, websiteId, sessionId } = await crispTenant();
    h.crisp.enqueue({ status: 503, body: { error: true, reason: 'unavailable' } }, { status: 429, body: { error: true } });
    await post(crispVisitorMessage(websiteId, sessionId, 'Is there a student discount?'));
    await waitFor(() => deliveredTo(sessionId).length === 1, 20_000, 'the reply after two failures');
    await replyQueueDrained(db);
    expect(h.crisp.requests.filter((r) => r.path.includes(sessionId)).map((r) => r.status)).toEqual([503, 429, 201]);
    expect(deliveredTo(sessionId)).toHaveLength(1);
    const reply = await db.selectFrom('outboundReplies').select(['status', 'attempts']).where('tenantId', '=', tenantId).executeTakeFirstOrThrow();
    expect(reply).toEqual({ status: 'sent', attempts: 3 });
    expect(h.llm.requests.filter((r) => JSON.stringify(r.body).includes('student discount'))).toHaveLength(1);
  });

  it('stores but does not answer messages of suspended or cancelled tenants', async () => {
    for (const subscriptionStatus of ['suspended', 'cancelled']) {
      const { tenantId, websiteId, sessionId } = await crispTenant({ subscriptionStatus });
      expect((await post(crispVisitorMessage(websiteId, sessionId, 'Anyone there?'))).statusCode).toBe(200);
      await replyQueueDrained(db);
      expect(deliveredTo(sessionId)).toHaveLength(0);
      expect(await countsFor(db, tenantId)).toMatchObject({ messages: 1, inboundEvents: 1, outboundReplies: 0 });
    }
  });

  it("builds tenant A's prompt from A's knowledge base only, never B's", async () => {
    const a = await crispTenant();
    const b = await crispTenant();
    await buildKnowledgeBaseEntry(db, { tenantId: a.tenantId, contentType: 'system_prompt', content: 'You are Alpaca Outfitters support.' });
    await buildKnowledgeBaseEntry(db, { tenantId: a.tenantId, title: 'Do you ship abroad?', content: 'Alpaca parcels ship worldwide.' });
    await buildKnowledgeBaseEntry(db, { tenantId: b.tenantId, contentType: 'system_prompt', content: 'You are Zebra Bank assistant.' });
    await buildKnowledgeBaseEntry(db, { tenantId: b.tenantId, title: 'Do you ship abroad?', content: 'Zebra cards ship by courier.' });
    const question = `Do you ship abroad? ref ${a.sessionId}`;
    await post(crispVisitorMessage(a.websiteId, a.sessionId, question));
    await waitFor(() => deliveredTo(a.sessionId).length === 1, 15_000, "tenant A's reply");
    const prompts = h.llm.requests.filter((r) => JSON.stringify(r.body.messages).includes(a.sessionId));
    expect(prompts).toHaveLength(1);
    const prompt = JSON.stringify(prompts[0]?.body.messages);
    expect(prompt).toContain('Alpaca parcels ship worldwide.');
    expect(prompt).toContain('You are Alpaca Outfitters support.');
    expect(prompt).not.toContain('Zebra');
  });

  it('carries the conversation so far into the prompt, oldest first, and the question once, last', async () => {
    const a = await crispTenant();
    const first = `What sizes do you have? ref ${a.sessionId}`;
    await post(crispVisitorMessage(a.websiteId, a.sessionId, first));
    await waitFor(() => deliveredTo(a.sessionId).length === 1, 15_000, 'the first reply');
    const second = `And in blue? ref ${a.sessionId}`;
    await post(crispVisitorMessage(a.websiteId, a.sessionId, second));
    await waitFor(() => deliveredTo(a.sessionId).length === 2, 15_000, 'the second reply');
    const prompts = h.llm.requests.filter((r) => JSON.stringify(r.body.messages).includes(second));
    expect(prompts).toHaveLength(1);
    const turns = (prompts[0]?.body.messages as { role: string; content: string }[]).filter((m) => m.role !== 'system').map((m) => [m.role, m.content]);
    expect(turns).toEqual([
      ['user', first],
      ['assistant', LLM_TEXT],
      ['user', second],
    ]);
  });
});
