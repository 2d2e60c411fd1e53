import type { Kysely } from 'kysely';
import { Client } from 'pg';
import type { DB } from '../../src/db/db.generated';
import { ALL_SCOPES } from '../../src/modules/api-keys/api-key.scopes';
import { buildTenant } from '../factories/tenant.factory';
import { addKey } from '../graphql/harness';
import { crispHeaders, crispVisitorMessage } from '../webhooks/signed-payloads';
import { LLM_TEXT, METRICS_TOKEN, replyQueueDrained, startWebhookHarness, waitFor, type WebhookHarness } from '../webhooks/webhook-harness';
import { liveClient, metricValue, subscriptionsActive, type LiveClient } from './live-client';

jest.setTimeout(90_000);

let h: WebhookHarness;
let db: Kysely<DB>;
const clients: LiveClient[] = [];

beforeAll(async () => {
  h = await startWebhookHarness({ NETIA_ADMIN_TOKEN: 'live-admin-token-0123456789abcdefghijkl' });
  db = h.db;
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
  await subscriptionsActive(h.baseUrl, METRICS_TOKEN, 0);
});
afterAll(() => h.close());

function connect(authorization: string | null, options: { lazy?: boolean } = {}) {
  const client = liveClient(h.baseUrl, authorization, options);
  clients.push(client);
  return client;
}

async function crispTenant(scopes = ALL_SCOPES) {
  const websiteId = crypto.randomUUID();
  const tenant = await buildTenant(db, { crispWebsiteId: websiteId, subscriptionStatus: 'active' });
  const { key, apiKeyId } = await addKey(h.database, tenant.id, scopes);
  return { tenantId: tenant.id, websiteId, key, apiKeyId, sessionId: `session_${crypto.randomUUID()}` };
}

async function visitorSays(websiteId: string, sessionId: string, text: string) {
  const raw = JSON.stringify(crispVisitorMessage(websiteId, sessionId, text));
  expect((await h.post('/webhooks/crisp', raw, crispHeaders(raw))).statusCode).toBe(200);
}

async function gql(key: string, query: string, variables: Record<string, unknown>) {
  const response = await fetch(`${h.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: unknown[] };
}

/** The tenant of every live notification the database sends from now on, heard on a listener of the test's own. */
async function notifications(): Promise<{ tenants: string[]; stop(): Promise<void> }> {
  const tenants: string[] = [];
  const record = (payload: string | undefined) => tenants.push((JSON.parse(payload ?? '{}') as { t: string }).t);
  const pglite = h.database.pglite;
  if (pglite) {
    // Not pglite.listen(): its unlisten would end the app's own LISTEN on the one embedded session.
    const stop = pglite.onNotification((channel, payload) => channel === 'netia_live' && record(payload));
    return { tenants, stop: async () => stop() };
  }
  const client = new Client({ connectionString: h.database.url! });
  await client.connect();
  client.on('notification', (n) => n.channel === 'netia_live' && record(n.payload));
  await client.query('LISTEN netia_live');
  return { tenants, stop: () => client.end() };
}

/** This tenant's live watches that are in force (owner connection). */
async function watches(tenantId: string): Promise<number> {
  const rows = await db.selectFrom('liveWatchers').select('serverId').where('tenantId', '=', tenantId).where('watchedUntil', '>', new Date()).execute();
  return rows.length;
}

const MESSAGES = 'subscription ($c: ID) { messageAdded(conversationId: $c) { id conversationId role content metadata } }';

describe('live subscriptions over graphql-ws', () => {
  it("delivers a signed Crisp delivery for tenant A to A's subscriber and nothing to B's", async () => {
    const a = await crispTenant();
    const b = await crispTenant();
    const subA = connect(`Bearer ${a.key}`).subscribe<{ messageAdded: { role: string; content: string; conversationId: string } }>(MESSAGES);
    const subB = connect(`Bearer ${b.key}`).subscribe(MESSAGES);
    await subscriptionsActive(h.baseUrl, METRICS_TOKEN, 2);

    await visitorSays(a.websiteId, a.sessionId, 'Do you ship to Canada?');
    await waitFor(() => subA.results.length >= 2, 20_000, "the visitor message and the bot's reply");
    expect(subA.results.slice(0, 2).map((r) => [r.data?.messageAdded.role, r.data?.messageAdded.content])).toEqual([
      ['USER', 'Do you ship to Canada?'],
      ['ASSISTANT', LLM_TEXT],
    ]);
    expect(subA.results.every((r) => r.errors === undefined)).toBe(true);
    // B's connection stays open and hears nothing of A: a delivery for B afterwards arrives first.
    await visitorSays(b.websiteId, b.sessionId, 'Hello from B');
    await waitFor(() => subB.results.length >= 1, 20_000, "B's own message");
    expect((subB.results[0]?.data as { messageAdded: { content: string } }).messageAdded.content).toBe('Hello from B');
    // B's own bot reply may follow (the fake LLM says the same to everyone): only B's conversation, never A's question.
    const seenByB = subB.results.map((r) => (r.data as { messageAdded: { conversationId: string; content: string } }).messageAdded);
    expect(new Set(seenByB.map((m) => m.conversationId)).size).toBe(1);
    expect(seenByB.map((m) => m.content)).not.toContain('Do you ship to Canada?');
    const conversationOfA = subA.results[0]?.data?.messageAdded.conversationId;
    expect(seenByB.map((m) => m.conversationId)).not.toContain(conversationOfA);
    expect(await metricValue(h.baseUrl, METRICS_TOKEN, 'netia_live_events_sent_total', 'event="messageAdded"')).toBeGreaterThanOrEqual(3);
  });

  it("delivers the bot's reply and then an operator's sendMessage in commit order, with the handoff and the reply statuses", async () => {
    const a = await crispTenant();
    const client = connect(`Bearer ${a.key}`);
    const messages = client.subscribe<{ messageAdded: { role: string; content: string; metadata: Record<string, unknown> } }>(MESSAGES);
    const updates = client.subscribe<{ conversationUpdated: { change: string; conversation: { id: string; handoffReason: string | null } } }>(
      'subscription { conversationUpdated { change conversation { id handoffReason } } }',
    );
    const replies = client.subscribe<{ replyStatusChanged: { kind: string; status: string; reason: string | null } }>(
      'subscription { replyStatusChanged { kind status reason } }',
    );
    await subscriptionsActive(h.baseUrl, METRICS_TOKEN, 3);

    await visitorSays(a.websiteId, a.sessionId, 'Do you ship to Canada?');
    await waitFor(() => messages.results.length >= 2, 20_000, "the bot's reply");
    const conversationId = (await db.selectFrom('conversations').select('id').where('tenantId', '=', a.tenantId).executeTakeFirstOrThrow()).id;
    const sent = await gql(a.key, 'mutation ($c: ID!, $t: String!) { sendMessage(conversationId: $c, content: $t) { errors { code } } }', {
      c: conversationId,
      t: 'Olivia from sales here.',
    });
    expect(sent.errors).toBeUndefined();
    await waitFor(() => messages.results.length >= 3, 20_000, "the operator's message");
    expect(messages.results.map((r) => r.data?.messageAdded.content)).toEqual(['Do you ship to Canada?', LLM_TEXT, 'Olivia from sales here.']);
    expect(messages.results[2]?.data?.messageAdded.metadata).toMatchObject({ operator: true });

    await waitFor(() => updates.results.length >= 2, 20_000, 'created and handoff');
    expect(updates.results.map((r) => [r.data?.conversationUpdated.change, r.data?.conversationUpdated.conversation.handoffReason])).toEqual([
      ['CREATED', null],
      ['HANDOFF', 'OPERATOR_REPLIED'],
    ]);
    await waitFor(() => replies.results.filter((r) => r.data?.replyStatusChanged.status === 'SENT').length === 2, 20_000, 'both replies sent');
    expect(replies.results.map((r) => `${r.data?.replyStatusChanged.kind}:${r.data?.replyStatusChanged.status}`)).toEqual([
      'ASSISTANT:QUEUED',
      'ASSISTANT:SENT',
      'OPERATOR:QUEUED',
      'OPERATOR:SENT',
    ]);
  });

  it('delivers a lead captured from a visitor message as leadCaptured', async () => {
    const a = await crispTenant();
    const leads = connect(`Bearer ${a.key}`).subscribe<{ leadCaptured: { intent: string; contactInfo: Record<string, string>; conversation: { id: string } } }>(
      'subscription { leadCaptured { intent contactInfo conversation { id } } }',
    );
    await subscriptionsActive(h.baseUrl, METRICS_TOKEN, 1);
    await visitorSays(a.websiteId, a.sessionId, 'How much does the pro plan cost? jane@example.com');
    await waitFor(() => leads.results.length >= 2, 20_000, 'the captured leads');
    expect(leads.results.map((r) => r.data?.leadCaptured.intent).sort()).toEqual(['contact', 'pricing']);
    expect(leads.results[0]?.data?.leadCaptured.contactInfo).toEqual({ email: 'jane@example.com' });
  });

  it('checks each subscription against its scope', async () => {
    const a = await crispTenant(['conversations:read']);
    const sub = connect(`Bearer ${a.key}`).subscribe('subscription { leadCaptured { id } }');
    await waitFor(() => sub.completed || sub.errors.length > 0 || sub.results.length > 0, 10_000, 'the refusal');
    expect(JSON.stringify([...sub.results, ...sub.errors])).toContain('leads:read');
  });

  it.each([
    ['no key', null, 4401],
    ['a malformed key', 'Bearer nope', 4401],
    ['an unknown key', `Bearer ntk_${'a'.repeat(43)}`, 4401],
    ['the admin token', 'Bearer live-admin-token-0123456789abcdefghijkl', 4403],
  ])('closes the connection with a 44xx code for %s', async (_what, authorization, code) => {
    const client = connect(authorization, { lazy: false });
    await waitFor(() => client.closes.length > 0, 10_000, 'the close');
    expect(client.closes[0]?.code).toBe(code);
    expect(client.closes[0]?.reason.length).toBeGreaterThan(0);
  });

  it('closes a suspended tenant at connect with 4403', async () => {
    const a = await crispTenant();
    await db.updateTable('tenants').set({ subscriptionStatus: 'suspended' }).where('id', '=', a.tenantId).execute();
    const client = connect(`Bearer ${a.key}`, { lazy: false });
    await waitFor(() => client.closes.length > 0, 10_000, 'the close');
    expect(client.closes[0]).toMatchObject({ code: 4403, reason: expect.stringContaining('not active') });
  });

  it('closes an open connection within 5 s of its key being revoked, and of its tenant being suspended', async () => {
    const a = await crispTenant();
    const revoked = connect(`Bearer ${a.key}`);
    revoked.subscribe(MESSAGES);
    const b = await crispTenant();
    const suspended = connect(`Bearer ${b.key}`);
    suspended.subscribe(MESSAGES);
    await subscriptionsActive(h.baseUrl, METRICS_TOKEN, 2);

    const started = Date.now();
    await db.updateTable('apiKeys').set({ isActive: false }).where('id', '=', a.apiKeyId).execute();
    await db.updateTable('tenants').set({ subscriptionStatus: 'suspended' }).where('id', '=', b.tenantId).execute();
    await waitFor(() => revoked.closes.length > 0 && suspended.closes.length > 0, 5_000, 'both closes');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(revoked.closes[0]).toMatchObject({ code: 4401, reason: 'This API key has been revoked' });
    expect(suspended.closes[0]).toMatchObject({ code: 4403 });
  });

  it('refuses connections past the plan limit per key, and subscriptions past the limit per connection', async () => {
    const a = await crispTenant();
    await db.updateTable('tenants').set({ subscriptionPlan: 'basic' }).where('id', '=', a.tenantId).execute();
    const open = Array.from({ length: 5 }, () => connect(`Bearer ${a.key}`));
    open.forEach((c) => c.subscribe(MESSAGES));
    await subscriptionsActive(h.baseUrl, METRICS_TOKEN, 5);
    const sixth = connect(`Bearer ${a.key}`, { lazy: false });
    await waitFor(() => sixth.closes.length > 0, 10_000, 'the refusal');
    expect(sixth.closes[0]).toMatchObject({ code: 4429, reason: expect.stringContaining('5 live connections') });

    const subs = Array.from({ length: 11 }, () => open[0]!.subscribe(MESSAGES));
    await waitFor(() => subs.some((s) => s.errors.length > 0), 10_000, 'the refused subscription');
    expect(JSON.stringify(subs.flatMap((s) => s.errors))).toContain('PLAN_LIMIT_REACHED');
  });

  it('reads each event once for the subscriptions of one key with the same query, and apart for another key or selection', async () => {
    const a = await crispTenant();
    const { key: otherKey } = await addKey(h.database, a.tenantId, ALL_SCOPES);
    const inbox = 'subscription { messageAdded { id role content } }';
    type Added = { messageAdded: { id: string; role: string; content: string; conversationId?: string } };
    const same = Array.from({ length: 3 }, () => connect(`Bearer ${a.key}`).subscribe<Added>(inbox));
    const otherSelection = connect(`Bearer ${a.key}`).subscribe<Added>('subscription { messageAdded { id content conversationId } }');
    const sameQueryOtherKey = connect(`Bearer ${otherKey}`).subscribe<Added>(inbox);
    const all = [...same, otherSelection, sameQueryOtherKey];
    await subscriptionsActive(h.baseUrl, METRICS_TOKEN, all.length);
    const reads = () => metricValue(h.baseUrl, METRICS_TOKEN, 'netia_live_reads_total', 'event="messageAdded"');
    const before = await reads();

    await visitorSays(a.websiteId, a.sessionId, 'Can I pay by invoice?');
    await waitFor(() => all.every((s) => s.results.length >= 2), 20_000, "the visitor message and the bot's reply for every subscription");
    // Two events, three groups (key 1 with the inbox query, key 1 with another selection, key 2): 6 reads, not 10.
    expect((await reads()) - before).toBe(6);
    for (const s of all) expect(s.results.every((r) => r.errors === undefined)).toBe(true);
    expect(same.map((s) => s.results.slice(0, 2))).toEqual([0, 1, 2].map(() => same[0]!.results.slice(0, 2)));
    expect(same[0]!.results[0]?.data?.messageAdded).toMatchObject({ role: 'USER', content: 'Can I pay by invoice?' });
    expect(sameQueryOtherKey.results.slice(0, 2)).toEqual(same[0]!.results.slice(0, 2));
    expect(otherSelection.results[0]?.data?.messageAdded).toEqual({
      id: same[0]!.results[0]?.data?.messageAdded.id,
      content: 'Can I pay by invoice?',
      conversationId: expect.any(String),
    });
  });

  it('closes a consumer that stops reading with 1013 instead of holding its events', async () => {
    const a = await crispTenant();
    await db.updateTable('tenants').set({ subscriptionPlan: 'enterprise' }).where('id', '=', a.tenantId).execute();
    const client = connect(`Bearer ${a.key}`);
    // 40 subscriptions of one connection: each event is sent 40 times, so a few large messages fill the
    // socket's buffers, and a client that reads nothing more is closed within SLOW_CONSUMER_CHECKS checks.
    const subs = Array.from({ length: 40 }, () => client.subscribe('subscription { messageAdded { content } }'));
    await subscriptionsActive(h.baseUrl, METRICS_TOKEN, subs.length);
    const closed = () => metricValue(h.baseUrl, METRICS_TOKEN, 'netia_live_sockets_closed_total', 'reason="slow_consumer"');
    const before = await closed();
    client.pauseReading();
    // More than the socket's buffers hold: the server's sends wait, and so does every later event.
    for (let i = 0; i < 10; i++) await visitorSays(a.websiteId, `session_${crypto.randomUUID()}`, `A long question ${i}. ${'x'.repeat(50_000)}`);
    await waitFor(async () => (await closed()) > before, 30_000, 'the slow consumer closed');
    expect(await closed()).toBe(before + 1);
    // Once it reads again, the client gets what was already on its way, then the close frame.
    client.resumeReading();
    await waitFor(() => client.closes.length > 0, 30_000, 'the close');
    expect(client.closes[0]).toMatchObject({ code: 1013, reason: expect.stringContaining('Slow consumer') });
  });

  it("sends a tenant's live events only while a server has live connections of it", async () => {
    const watched = await crispTenant();
    const unwatched = await crispTenant();
    const marker = await crispTenant();
    const heard = await notifications();
    try {
      const client = connect(`Bearer ${watched.key}`);
      const sub = client.subscribe<{ messageAdded: { content: string } }>(MESSAGES);
      await subscriptionsActive(h.baseUrl, METRICS_TOKEN, 1);
      expect(await watches(watched.tenantId)).toBe(1);
      expect(await watches(unwatched.tenantId)).toBe(0);

      // Everything the unwatched tenant's delivery writes (message, conversation, reply) commits before the
      // watched tenant's first write, and notifications arrive in commit order: once the watched tenant's
      // are heard, any of the unwatched tenant's would have been heard first.
      await visitorSays(unwatched.websiteId, unwatched.sessionId, 'Anyone there?');
      await replyQueueDrained(db);
      await visitorSays(watched.websiteId, watched.sessionId, 'Do you ship to Canada?');
      await waitFor(() => sub.results.length >= 2, 20_000, "the watched tenant's message and reply");
      await replyQueueDrained(db);
      await waitFor(() => heard.tenants.includes(watched.tenantId), 10_000, "the watched tenant's notifications");
      expect(heard.tenants).not.toContain(unwatched.tenantId);

      // The last connection gone, the watch ends and the tenant's writes notify nobody.
      await client.dispose();
      await waitFor(async () => (await watches(watched.tenantId)) === 0, 10_000, 'the watch to end');
      const heardWhileWatched = heard.tenants.filter((t) => t === watched.tenantId).length;
      await visitorSays(watched.websiteId, watched.sessionId, 'Still there?');
      await replyQueueDrained(db);
      connect(`Bearer ${marker.key}`).subscribe(MESSAGES);
      await waitFor(async () => (await watches(marker.tenantId)) === 1, 10_000, "the marker tenant's watch");
      await visitorSays(marker.websiteId, marker.sessionId, 'Marker');
      await waitFor(() => heard.tenants.includes(marker.tenantId), 10_000, "the marker tenant's notifications");
      expect(heard.tenants.filter((t) => t === watched.tenantId)).toHaveLength(heardWhileWatched);
    } finally {
      await heard.stop();
    }
  });

  it('refuses queries and mutations over WebSocket', async () => {
    const a = await crispTenant();
    const sub = connect(`Bearer ${a.key}`).subscribe('{ tenant { id } }');
    await waitFor(() => sub.errors.length > 0, 10_000, 'the refusal');
    expect(JSON.stringify(sub.errors)).toContain('POST /graphql');
  });
});
