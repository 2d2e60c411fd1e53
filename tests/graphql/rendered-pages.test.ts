import { buildConversation, buildLead, buildMessage } from '../factories/conversation.factory';
import { createTestApp, tenantWithKey, type TestApp } from './harness';

/**
 * Issue #14: a compiled tenant query's messages pages come from PostgreSQL as the response's JSON text
 * (graphql/rendered-json.ts, messages/message-page-rendering.ts). The body must be byte for byte the one
 * graphql-js writes (a document's first run), whatever the messages hold.
 */
const METRICS_TOKEN = 'metrics-token-for-rendered-pages-test';

const HOSTILE = [
  'plain',
  'quotes " and \\ backslashes \\" and /slashes/',
  'lines\nand\ttabs\r\nand \u0001\u001f controls',
  'unicode: é ü 中文 😀 \u2028 \u2029 \u{10FFFF} and <script>alert(1)</script>',
  '{"looks":"like json"} netia-rendered:fake:0 $& $1',
];

describe('messages pages written by PostgreSQL', () => {
  let t: TestApp;
  let key: string;
  let withMessages: string;
  let rendered = 0;

  beforeAll(async () => {
    t = await createTestApp({ env: { METRICS_TOKEN } });
    const tenant = await tenantWithKey(t.database);
    key = tenant.key;
    // Timestamps as text: PostgreSQL reads their microseconds, which a Date would not carry.
    const db = t.database.db;
    // Three conversations, newest activity first: one with all kinds of messages, one without any, one
    // with a timestamp outside 1900–2099 (its page takes the ordinary path).
    const far = await buildConversation(db, { tenantId: tenant.tenantId, updatedAt: '2026-01-01 00:00:00+00' });
    await buildMessage(db, { conversationId: far.id, content: 'from the future', timestamp: '2150-06-01 12:00:00.5+00' });
    await buildConversation(db, { tenantId: tenant.tenantId, updatedAt: '2026-01-02 00:00:00+00' });
    const conversation = await buildConversation(db, { tenantId: tenant.tenantId, updatedAt: '2026-01-03 00:00:00+00' });
    withMessages = conversation.id;
    await buildLead(db, { tenantId: tenant.tenantId, conversationId: conversation.id, contactInfo: { email: 'v@example.com', phone: '+33612345678' } });
    const times = ['1900-01-01 00:00:00+00', '1969-12-31 23:59:59.000001+00', '2026-01-01 10:00:00.999999+00', '2026-01-01 10:00:01.0005+00', '2099-12-31 23:59:59.999+00'];
    for (const [i, content] of HOSTILE.entries()) {
      await buildMessage(db, {
        conversationId: conversation.id,
        content,
        role: (['user', 'assistant', 'system'] as const)[i % 3],
        externalId: i % 2 ? `ext-"${i}"` : null,
        timestamp: times[i],
      });
    }
  });
  afterAll(async () => {
    await t.close();
  });

  async function renderedParts(): Promise<number> {
    const response = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    const line = response.body.split('\n').find((l) => l.startsWith('netia_graphql_rendered_parts_total'));
    return line ? Number(line.split(' ').pop()) : 0;
  }

  /** The body of three runs of `query` (graphql-js, then its compilation twice): all three the same. */
  async function sameBodyThreeTimes(query: string, variables: Record<string, unknown> = {}): Promise<unknown> {
    const bodies: string[] = [];
    for (let run = 0; run < 3; run++) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        payload: { query, variables },
      });
      expect(response.statusCode).toBe(200);
      bodies.push(response.body);
    }
    expect(bodies[1]).toBe(bodies[0]);
    expect(bodies[2]).toBe(bodies[0]);
    const answer = JSON.parse(bodies[0]!) as { errors?: unknown };
    expect(answer.errors).toBeUndefined();
    return answer;
  }

  async function renderedSince(): Promise<number> {
    const now = await renderedParts();
    const since = now - rendered;
    rendered = now;
    return since;
  }

  it('writes every field, count and type name as graphql-js does', async () => {
    rendered = await renderedParts();
    const answer = await sameBodyThreeTimes(`{
      conversations(first: 10) { edges { node { id sessionId platform updatedAt messages(first: 10) {
        edges { node { id conversationId role content timestamp externalId __typename } } totalCount __typename
      } leads { id intent status contactInfo createdAt } } } }
    }`);
    // Two compiled runs, each with two pages written by PostgreSQL; the third conversation's took the ordinary path.
    expect(await renderedSince()).toBe(4);
    const pages = (answer as { data: { conversations: { edges: { node: { messages: { edges: { node: { content: string; timestamp: string } }[] } } }[] } } }).data
      .conversations.edges;
    expect(pages.map((edge) => edge.node.messages.edges.length)).toEqual([5, 0, 1]);
    expect(pages[0]!.node.messages.edges.map((edge) => edge.node.content)).toEqual(HOSTILE);
    expect(pages[0]!.node.messages.edges.map((edge) => edge.node.timestamp)).toEqual([
      '1900-01-01T00:00:00.000Z',
      '1969-12-31T23:59:59.000Z',
      '2026-01-01T10:00:00.999Z',
      '2026-01-01T10:00:01.000Z',
      '2099-12-31T23:59:59.999Z',
    ]);
  });

  it('keeps aliases, their order and the page asked for: last, after a cursor, one conversation', async () => {
    await sameBodyThreeTimes(
      `query ($n: Int) { conversations(first: 2) { edges { node { m: messages(last: $n) { count: totalCount e: edges { n: node { t: timestamp c: content r: role } } } } } } }`,
      { n: 2 },
    );
    expect(await renderedSince()).toBe(4);
    const first = (await sameBodyThreeTimes(`query ($id: ID!) { conversation(id: $id) { messages(first: 2) { edges { cursor } } } }`, { id: withMessages })) as {
      data: { conversation: { messages: { edges: { cursor: string }[] } } };
    };
    expect(await renderedSince()).toBe(0);
    const after = first.data.conversation.messages.edges[1]!.cursor;
    await sameBodyThreeTimes(`query ($id: ID!, $after: String) { conversation(id: $id) { id messages(first: 2, after: $after) { edges { node { id content } } } } }`, {
      id: withMessages,
      after,
    });
    expect(await renderedSince()).toBe(2);
  });

  it('leaves selections it cannot write to the ordinary path, with the same answers', async () => {
    await sameBodyThreeTimes(`{ conversations(first: 3) { edges { node { messages(first: 5) { pageInfo { hasNextPage endCursor } edges { cursor node { id metadata } } } } } } }`);
    await sameBodyThreeTimes(`{ conversations(first: 3) { edges { node { messages(first: 5) { edges { node { ... on Message { id } } } } } } } }`);
    expect(await renderedSince()).toBe(0);
  });
});
