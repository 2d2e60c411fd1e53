import { buildTenant } from '../factories/tenant.factory';
import { crispHeaders, crispSessionEvent, crispVisitorMessage, tidioEnvelope, tidioHeaders, tidioTicketReply } from '../webhooks/signed-payloads';
import { countsFor, setCrispIntegration, setTidioIntegration, startWebhookHarness, type WebhookHarness } from '../webhooks/webhook-harness';
import { errorLogLines } from './fuzz-settings';

/**
 * One test per cause of the outside suite's 500s on the webhook routes (issue 12: causes 1, 2, 7
 * and 8), through real HTTP, and the answers that must not tell a stranger which platform keys
 * exist. An authentic delivery is stored in a normalised form (200), counted and logged without its
 * text, so the platform stops retrying; nothing is refused with a 5xx or logged as an error.
 */

jest.setTimeout(60_000);

let h: WebhookHarness;
const logLines: string[] = [];
const HOOK_KEY = 'website-hook-key-0123456789';
const TIDIO_SECRET = 'tidio-webhook-secret';
const FLOW_TOKEN = 'flow-token-0123456789abcdef';

beforeAll(async () => {
  h = await startWebhookHarness({}, { logLines });
});
afterAll(() => h.close());
afterEach(() => {
  const errors = errorLogLines(logLines);
  logLines.length = 0;
  expect(errors).toEqual([]);
});

async function crispTenant() {
  const websiteId = crypto.randomUUID();
  const tenant = await buildTenant(h.db, { crispWebsiteId: websiteId, subscriptionStatus: 'active' });
  await setCrispIntegration(h, tenant.id, { websiteHookKey: HOOK_KEY });
  return { tenantId: tenant.id, websiteId, sessionId: `session_${crypto.randomUUID()}` };
}

async function tidioTenant() {
  const projectKey = `pk${crypto.randomUUID().replace(/-/g, '')}`;
  const tenant = await buildTenant(h.db, { tidioWebsiteId: projectKey, subscriptionStatus: 'active' });
  await setTidioIntegration(h, tenant.id, { webhookSecret: TIDIO_SECRET, flowToken: FLOW_TOKEN });
  return { tenantId: tenant.id, projectKey, contactId: crypto.randomUUID() };
}

const signedCrisp = (body: unknown) => {
  const raw = JSON.stringify(body);
  return h.post('/webhooks/crisp', raw, crispHeaders(raw));
};
const signedTidio = (body: unknown, secret = TIDIO_SECRET) => {
  const raw = JSON.stringify(body);
  return h.post('/webhooks/tidio', raw, tidioHeaders(raw, secret));
};
const flow = (body: Record<string, unknown>, token = FLOW_TOKEN) =>
  h.post('/webhooks/tidio/flow', JSON.stringify(body), { 'content-type': 'application/json', authorization: `Bearer ${token}` });
const websiteHook = (body: unknown, key: string) => h.post(`/webhooks/crisp?key=${key}`, JSON.stringify(body), { 'content-type': 'application/json' });

const scrape = async () => (await h.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${h.config.metrics.token}` } })).body;
const counter = (body: string, pattern: RegExp) => Number(pattern.exec(body)?.[1] ?? 0);

async function storedMessages(tenantId: string) {
  return h.db.selectFrom('messages').select(['content', 'role']).where('tenantId', '=', tenantId).where('role', '=', 'user').execute();
}

async function leadContacts(tenantId: string) {
  return (await h.db.selectFrom('leads').select('contactInfo').where('tenantId', '=', tenantId).execute()).map((lead) => lead.contactInfo as Record<string, string>);
}

describe('cause 1: a NUL byte in a signed webhook body', () => {
  it('is stored as U+FFFD (200), counted and logged without the text, for Crisp, Tidio and Flow', async () => {
    const before = counter(await scrape(), /netia_webhook_normalised_total\{platform="crisp",change="unstorable_characters"\} (\d+)/);
    const crisp = await crispTenant();
    expect((await signedCrisp(crispVisitorMessage(crisp.websiteId, crisp.sessionId, 'visitor-words-1\u0000x'))).statusCode).toBe(200);
    expect(await storedMessages(crisp.tenantId)).toEqual([{ role: 'user', content: 'visitor-words-1\ufffdx' }]);

    const tidio = await tidioTenant();
    const ticket = await signedTidio(tidioEnvelope(tidio.projectKey, 'ticket.contact_replied', tidioTicketReply(7, tidio.contactId, 'visitor-words-2\u0000x')));
    expect(ticket.statusCode).toBe(200);
    const answered = await flow({ project_public_key: tidio.projectKey, contact_id: tidio.contactId, message: 'visitor-words-3\u0000x' });
    expect(answered.statusCode).toBe(200);
    expect(JSON.parse(answered.body).reply).toEqual(expect.any(String));
    expect((await storedMessages(tidio.tenantId)).map((m) => m.content).sort()).toEqual(['visitor-words-2\ufffdx', 'visitor-words-3\ufffdx']);

    const after = counter(await scrape(), /netia_webhook_normalised_total\{platform="crisp",change="unstorable_characters"\} (\d+)/);
    expect(after).toBe(before + 1);
    const warnings = logLines.filter((line) => line.includes('webhook values normalised before storing'));
    expect(warnings).toHaveLength(3);
    expect(logLines.join('\n')).not.toContain('visitor-words');
  });
});

describe('cause 2: a lone UTF-16 surrogate in a signed webhook body', () => {
  it('is stored as U+FFFD in the lead for Crisp, Tidio and Flow contact details', async () => {
    const crisp = await crispTenant();
    expect((await signedCrisp(crispSessionEvent(crisp.websiteId, crisp.sessionId, 'session:set_nickname', { nickname: 'Ann \ud800' }))).statusCode).toBe(200);
    expect(await leadContacts(crisp.tenantId)).toEqual([{ name: 'Ann \ufffd' }]);

    const tidio = await tidioTenant();
    const contact = { id: tidio.contactId, email: null, phone: null, first_name: 'Bo\udc00', last_name: 'Ek' };
    expect((await signedTidio(tidioEnvelope(tidio.projectKey, 'contact.updated', contact))).statusCode).toBe(200);
    expect(await leadContacts(tidio.tenantId)).toEqual([{ name: 'Bo\ufffd Ek' }]);

    const other = await tidioTenant();
    expect((await flow({ project_public_key: other.projectKey, contact_id: other.contactId, message: 'hello', name: '\ud83dCy' })).statusCode).toBe(200);
    expect(await leadContacts(other.tenantId)).toEqual([{ name: '\ufffdCy' }]);
  });
});

describe('cause 9: a length cut that would split a surrogate pair (the fuzz suite, sixth session)', () => {
  it('a name whose 200th character is an emoji is stored whole up to the pair, never as half of it', async () => {
    const crisp = await crispTenant();
    const nickname = `${'N'.repeat(199)}😀tail`;
    expect((await signedCrisp(crispSessionEvent(crisp.websiteId, crisp.sessionId, 'session:set_nickname', { nickname }))).statusCode).toBe(200);
    expect(await leadContacts(crisp.tenantId)).toEqual([{ name: 'N'.repeat(199) }]);

    const tidio = await tidioTenant();
    const response = await flow({ project_public_key: tidio.projectKey, contact_id: tidio.contactId, message: 'hello', name: nickname });
    expect(response.statusCode).toBe(200);
    expect(await leadContacts(tidio.tenantId)).toEqual([{ name: 'N'.repeat(199) }]);
  });

  it('a question of emoji only, longer than a question key, is answered and its key stored whole', async () => {
    const tidio = await tidioTenant();
    const response = await flow({ project_public_key: tidio.projectKey, contact_id: tidio.contactId, message: `!${'😀'.repeat(150)}` });
    expect(response.statusCode).toBe(200);
    const answers = await h.db.selectFrom('messages').select('metadata').where('tenantId', '=', tidio.tenantId).where('role', '=', 'assistant').execute();
    expect(answers).toHaveLength(1);
    const key = (answers[0]?.metadata as { questionKey?: string } | undefined)?.questionKey ?? '';
    expect(key.startsWith('!😀')).toBe(true);
    expect(key.length).toBeLessThanOrEqual(200);
    expect(key).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });
});

describe('cause 7: values the payload schema accepts but a column cannot hold', () => {
  it('a 255-character Crisp session id with a long email or nickname is stored, and a redelivery is still a duplicate', async () => {
    const crisp = await crispTenant();
    const sessionId = `session_${'s'.repeat(247)}`;
    const email = `${'e'.repeat(60)}@${'d'.repeat(60)}.example.com`;
    const event = crispSessionEvent(crisp.websiteId, sessionId, 'session:set_email', { email });
    expect((await signedCrisp(event)).statusCode).toBe(200);
    expect(JSON.parse((await signedCrisp(event)).body)).toEqual({ status: 'duplicate' });
    const nickname = crispSessionEvent(crisp.websiteId, sessionId, 'session:set_nickname', { nickname: 'N'.repeat(1_000) });
    expect((await signedCrisp(nickname)).statusCode).toBe(200);
    const message = await signedCrisp(crispVisitorMessage(crisp.websiteId, sessionId, 'Hello with a long session'));
    expect(message.statusCode).toBe(200);
    expect(await countsFor(h.db, crisp.tenantId)).toMatchObject({ conversations: 1, inboundEvents: 3, messages: 1 });
    const [lead] = await leadContacts(crisp.tenantId);
    expect(lead).toEqual({ email: email.toLowerCase(), name: expect.stringMatching(/^N{1,255}$/) });
    const keys = await h.db.selectFrom('inboundEvents').select('dedupeKey').where('tenantId', '=', crisp.tenantId).execute();
    expect(keys.every((row) => row.dedupeKey.length <= 255)).toBe(true);
  });

  it('a Flow message with a long email and name is answered and stored; an email too long to be real is dropped and counted', async () => {
    const tidio = await tidioTenant();
    const before = counter(await scrape(), /netia_webhook_normalised_total\{platform="tidio-flow",change="contact_dropped"\} (\d+)/);
    const response = await flow({
      project_public_key: tidio.projectKey,
      contact_id: tidio.contactId,
      message: 'Hi, what does it cost?',
      email: `${'x'.repeat(400)}@example.com`,
      name: 'M'.repeat(300),
    });
    expect(response.statusCode).toBe(200);
    expect(await leadContacts(tidio.tenantId)).toEqual([{ name: expect.stringMatching(/^M{1,255}$/) }]);
    expect(counter(await scrape(), /netia_webhook_normalised_total\{platform="tidio-flow",change="contact_dropped"\} (\d+)/)).toBe(before + 1);
  });

  it('an authentic payload without the documented shape is acknowledged as rejected (200) naming the field, and counted', async () => {
    const crisp = await crispTenant();
    const tooLong = crispVisitorMessage(crisp.websiteId, `session_${'s'.repeat(300)}`, 'hello');
    const response = await signedCrisp(tooLong);
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ status: 'rejected', reason: expect.stringMatching(/^malformed message:send payload: data\.session_id: /) });
    expect(counter(await scrape(), /netia_webhook_rejected_total\{platform="crisp"\} (\d+)/)).toBeGreaterThanOrEqual(1);
    expect(await countsFor(h.db, crisp.tenantId)).toMatchObject({ inboundEvents: 0, messages: 0 });
  });
});

describe('cause 8: a NUL byte in the tenant key of an unauthenticated webhook', () => {
  it('is a 401 like any unknown key, with no error log line', async () => {
    const crisp = await crispTenant();
    const message = crispVisitorMessage(`${crisp.websiteId}\u0000`, crisp.sessionId, 'hi');
    expect((await websiteHook(message, HOOK_KEY)).statusCode).toBe(401);
    const tidio = await tidioTenant();
    expect((await signedTidio(tidioEnvelope(`${tidio.projectKey}\u0000`, 'contact.created', { id: tidio.contactId }))).statusCode).toBe(401);
    expect((await flow({ project_public_key: `\u0000${tidio.projectKey}`, contact_id: tidio.contactId, message: 'hi' })).statusCode).toBe(401);
    expect(await countsFor(h.db, crisp.tenantId)).toMatchObject({ inboundEvents: 0 });
  });
});

describe('answers that do not reveal whether a platform key belongs to a tenant', () => {
  it('an unknown key and a known key with a wrong credential get the same status and body on every route', async () => {
    const crisp = await crispTenant();
    const tidio = await tidioTenant();
    const pairs = [
      [
        await websiteHook(crispVisitorMessage(crypto.randomUUID(), crisp.sessionId, 'hi'), 'some-key-some-key-some-key'),
        await websiteHook(crispVisitorMessage(crisp.websiteId, crisp.sessionId, 'hi'), 'some-key-some-key-some-key'),
      ],
      [
        await signedTidio(tidioEnvelope('pk-nobody-at-all', 'contact.created', { id: tidio.contactId }), 'guess'),
        await signedTidio(tidioEnvelope(tidio.projectKey, 'contact.created', { id: tidio.contactId }), 'guess'),
      ],
      [
        await flow({ project_public_key: 'pk-nobody-at-all', contact_id: tidio.contactId, message: 'hi' }, 'guess-guess-guess'),
        await flow({ project_public_key: tidio.projectKey, contact_id: tidio.contactId, message: 'hi' }, 'guess-guess-guess'),
      ],
    ];
    for (const [unknown, known] of pairs) {
      expect(known!.statusCode).toBe(401);
      expect([unknown!.statusCode, unknown!.body]).toEqual([known!.statusCode, known!.body]);
    }
  });

  it('a delivery signed with the platform-wide Crisp secret for a website that is not ours is still acknowledged', async () => {
    const response = await signedCrisp(crispVisitorMessage(crypto.randomUUID(), `session_${crypto.randomUUID()}`, 'hi'));
    expect([response.statusCode, JSON.parse(response.body)]).toEqual([200, { status: 'ignored' }]);
  });
});
