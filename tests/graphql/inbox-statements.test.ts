import { parse } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { jsonb } from '../../src/db/json';
import { buildConversation, buildLead, buildMessage } from '../factories/conversation.factory';
import { createTestApp, tenantWithKey, type TestApp } from './harness';

/**
 * Issue #14: the inbox (a page of conversations, the first messages and the leads of each) costs a
 * fixed number of SQL statements whatever the page sizes; so do one conversation with its lists, and a
 * list page with its totalCount. Statements are counted as Kysely sends them.
 */
const INBOX = parse(`query Inbox($first: Int!, $messages: Int!) {
  conversations(first: $first) {
    edges { node {
      id sessionId platform updatedAt
      messages(first: $messages) { totalCount edges { node { id role content timestamp } } }
      leads { id intent status contactInfo createdAt }
    } }
  }
}`) as TypedDocumentNode<
  { conversations: { edges: { node: { messages: { totalCount: number; edges: unknown[] }; leads: unknown[] } }[] } },
  { first: number; messages: number }
>;

const LEADS = 'leads { id conversationId intent contactInfo status sourceMessageId createdAt updatedAt }';
const EDGES = 'edges { cursor node { id conversationId role content metadata timestamp } }';
/** Page shapes the conversations page fetches in its own statement, each with the leads. */
const NESTED = [
  `messages(first: 3) { totalCount ${EDGES} pageInfo { hasNextPage endCursor } }`,
  `messages(last: 2) { totalCount ${EDGES} pageInfo { hasPreviousPage startCursor } }`,
  `messages(first: 5) { ${EDGES} }`,
  `messages(first: 4) { ${EDGES} pageInfo { hasNextPage endCursor } }`,
  `messages(last: 11) { ${EDGES} pageInfo { hasPreviousPage startCursor } }`,
];
const nestedOfPage = (nested: string) =>
  parse(`query { conversations(first: 20) { edges { node { id ${LEADS} ${nested} } } } }`) as TypedDocumentNode<{
    conversations: { edges: { node: { id: string } }[] };
  }>;
const nestedOfOne = (nested: string) =>
  parse(`query One($id: ID!) { conversation(id: $id) { id ${LEADS} ${nested} } }`) as TypedDocumentNode<{ conversation: unknown }, { id: string }>;
/** The same through `node(id)`, which the plan leaves to the loaders: what the planned answers must equal. */
const nestedOfNode = (nested: string) =>
  parse(`query Node($id: ID!) { node(id: $id) { ... on Conversation { id ${LEADS} ${nested} } } }`) as TypedDocumentNode<{ node: unknown }, { id: string }>;

/** The tenant transaction's own control statements: BEGIN (alone or sent with the binding), COMMIT. */
const TRANSACTION_CONTROL = /^(begin|start transaction|commit|rollback)\b|set_config\('role'/i;
/** On PostgreSQL BEGIN travels with the binding statement (begin-with-binding-dialect.ts); PGlite logs it alone. */
const BEGIN_ALONE = /^(begin|start transaction)\b/i;

describe('statements per inbox request (issue #14)', () => {
  let t: TestApp;
  let recording: string[] | null = null;
  let key: string;
  let tenantId: string;

  beforeAll(async () => {
    t = await createTestApp({
      log: (event) => {
        if (event.level === 'query') recording?.push(event.query.sql);
      },
    });
    const tenant = await tenantWithKey(t.database);
    key = tenant.key;
    tenantId = tenant.tenantId;
    for (let i = 0; i < 20; i++) {
      const conversation = await buildConversation(t.database.db, { tenantId: tenant.tenantId });
      let message;
      for (let m = 0; m < 12; m++) message = await buildMessage(t.database.db, { conversationId: conversation.id, content: `message ${m}` });
      const contactInfo = jsonb({ email: `v${i}@example.com`, phone_number: '+33 1 23 45 67 89', note: { said: 'call me "soon"' } });
      await buildLead(t.database.db, { tenantId: tenant.tenantId, conversationId: conversation.id, contactInfo, sourceMessageId: message!.id });
      await buildLead(t.database.db, { tenantId: tenant.tenantId, conversationId: conversation.id, intent: 'booking' });
    }
    await t.run(key, INBOX, { first: 1, messages: 1 });
  });
  afterAll(async () => {
    await t.close();
  });

  async function statementsFor(first: number, messages: number): Promise<string[]> {
    recording = [];
    const result = await t.run(key, INBOX, { first, messages });
    const sent = recording;
    recording = null;
    expect(result.errors).toBeUndefined();
    const edges = result.data!.conversations.edges;
    expect(edges).toHaveLength(first);
    for (const { node } of edges) {
      expect(node.messages.edges).toHaveLength(messages);
      expect(node.messages.totalCount).toBe(12);
      expect(node.leads).toHaveLength(2);
    }
    return sent;
  }

  it('sends at most 4 statements, the same for every page size', async () => {
    const counts = new Set<number>();
    for (const [first, messages] of [
      [1, 1],
      [20, 10],
      [20, 1],
      [5, 12],
    ] as const) {
      const sent = await statementsFor(first, messages);
      const own = sent.filter((text) => !TRANSACTION_CONTROL.test(text.trim()) && !text.includes('app.find_api_key'));
      // conversations with their leads, messages page and count (json subqueries per conversation)
      expect(own).toHaveLength(1);
      // BEGIN + binding, that one, COMMIT: the round trips PostgreSQL sees (the cached key lookup aside)
      const onTheWire = sent.filter((text) => !BEGIN_ALONE.test(text.trim()) && !text.includes('app.find_api_key'));
      expect(onTheWire.length).toBeLessThanOrEqual(4);
      counts.add(onTheWire.length);
    }
    expect([...counts]).toHaveLength(1);
  });

  it('leaves page arguments it cannot plan to the messages field, which refuses them where they were given', async () => {
    const tooLarge = parse(`query { conversations(first: 2) { edges { node { id messages(first: 101) { edges { node { id } } } } } } }`);
    const result = await t.run(key, tooLarge as TypedDocumentNode<unknown>);
    // The first node's error nulls the whole non-null path up to data, as without the plan.
    expect(result.errors!.map((error) => [error.path, error.extensions?.code])).toEqual([
      [['conversations', 'edges', 0, 'node', 'messages'], 'BAD_USER_INPUT'],
    ]);
  });

  const ownStatements = () => recording!.filter((text) => !TRANSACTION_CONTROL.test(text.trim()) && !text.includes('app.find_api_key'));

  it('answers what it fetches with the page, and with one conversation, as the loaders do', async () => {
    for (const nested of NESTED) {
      recording = [];
      const page = await t.run(key, nestedOfPage(nested));
      expect(ownStatements()).toHaveLength(1);
      recording = null;
      expect(page.errors).toBeUndefined();
      // A few nodes of each page: every request counts against the key's plan rate limit.
      for (const { node } of page.data!.conversations.edges.slice(0, 4)) {
        recording = [];
        const one = await t.run(key, nestedOfOne(nested), { id: node.id });
        // The conversation with its leads and messages page (and count): one statement, as for the page.
        expect(ownStatements()).toHaveLength(1);
        recording = null;
        const loaded = await t.run(key, nestedOfNode(nested), { id: node.id });
        expect(one.errors).toBeUndefined();
        expect(loaded.errors).toBeUndefined();
        expect(node).toEqual(loaded.data!.node);
        expect(one.data!.conversation).toEqual(loaded.data!.node);
      }
    }
  });

  it('reads a leads page and its totalCount in one statement; a page past the end still counts the whole list', async () => {
    const LEADS_PAGE = parse(`query Leads($first: Int!, $after: String, $intent: String) {
      leads(first: $first, after: $after, filter: { intent: $intent }) { totalCount edges { cursor node { id } } pageInfo { hasNextPage } }
    }`) as TypedDocumentNode<
      { leads: { totalCount: number; edges: { cursor: string; node: { id: string } }[]; pageInfo: { hasNextPage: boolean } } },
      { first: number; after?: string | null; intent?: string | null }
    >;
    recording = [];
    const all = await t.run(key, LEADS_PAGE, { first: 15 });
    expect(ownStatements()).toHaveLength(1);
    recording = null;
    expect(all.errors).toBeUndefined();
    expect(all.data!.leads.totalCount).toBe(40);
    expect(all.data!.leads.edges).toHaveLength(15);
    const bookings = await t.run(key, LEADS_PAGE, { first: 5, intent: 'booking' });
    expect(bookings.data!.leads.totalCount).toBe(20);
    // The last of the 20 bookings, then the empty page after it: its count needs a statement of its own.
    const last = await t.run(key, LEADS_PAGE, { first: 20, intent: 'booking' });
    const after = last.data!.leads.edges[19]!.cursor;
    recording = [];
    const beyond = await t.run(key, LEADS_PAGE, { first: 5, after, intent: 'booking' });
    expect(ownStatements()).toHaveLength(2);
    recording = null;
    expect(beyond.errors).toBeUndefined();
    expect(beyond.data!.leads).toEqual({ totalCount: 20, edges: [], pageInfo: { hasNextPage: false } });
  });

  it('reads a conversations page and its totalCount in one statement, past the end in two', async () => {
    const PAGE = parse(`query Page($first: Int!, $after: String) {
      conversations(first: $first, after: $after) { totalCount edges { cursor node { id } } }
    }`) as TypedDocumentNode<{ conversations: { totalCount: number; edges: { cursor: string }[] } }, { first: number; after?: string | null }>;
    recording = [];
    const first = await t.run(key, PAGE, { first: 20 });
    expect(ownStatements()).toHaveLength(1);
    recording = [];
    const beyond = await t.run(key, PAGE, { first: 5, after: first.data!.conversations.edges[19]!.cursor });
    expect(ownStatements()).toHaveLength(2);
    recording = null;
    expect(first.data!.conversations.totalCount).toBe(20);
    expect(beyond.data!.conversations).toEqual({ totalCount: 20, edges: [] });
  });

  it('reads an audit page and its totalCount in one statement', async () => {
    await t.database.db
      .insertInto('auditEvents')
      .values(Array.from({ length: 3 }, (_, i) => ({ tenantId, action: `test.action${i}`, actorType: 'system' })))
      .execute();
    const AUDIT = parse(`query { auditEvents(first: 2) { totalCount edges { node { id } } } }`) as TypedDocumentNode<{
      auditEvents: { totalCount: number; edges: unknown[] };
    }>;
    recording = [];
    const page = await t.run(key, AUDIT);
    expect(ownStatements()).toHaveLength(1);
    recording = null;
    expect(page.errors).toBeUndefined();
    const all = await t.database.db.selectFrom('auditEvents').select((eb) => eb.fn.countAll<string>().as('n')).where('tenantId', '=', tenantId).executeTakeFirstOrThrow();
    expect(page.data!.auditEvents.totalCount).toBe(Number(all.n));
    expect(page.data!.auditEvents.edges).toHaveLength(2);
  });

  it('tells whether more messages follow a page without totalCount, planned or loaded (each conversation has 12)', async () => {
    for (const [args, more] of [
      ['first: 11', true],
      ['first: 12', false],
      ['last: 11', true],
      ['last: 12', false],
    ] as const) {
      const pageInfo = args.startsWith('first') ? 'hasNextPage' : 'hasPreviousPage';
      const nested = `messages(${args}) { edges { node { id } } pageInfo { ${pageInfo} } }`;
      const page = await t.run(key, nestedOfPage(nested));
      expect(page.errors).toBeUndefined();
      const node = page.data!.conversations.edges[0]!.node as unknown as { id: string; messages: { pageInfo: Record<string, boolean> } };
      expect(node.messages.pageInfo[pageInfo]).toBe(more);
      const one = await t.run(key, nestedOfOne(nested), { id: node.id });
      expect((one.data!.conversation as { messages: { pageInfo: Record<string, boolean> } }).messages.pageInfo[pageInfo]).toBe(more);
      const loaded = await t.run(key, nestedOfNode(nested), { id: node.id });
      expect((loaded.data!.node as { messages: { pageInfo: Record<string, boolean> } }).messages.pageInfo[pageInfo]).toBe(more);
    }
  });
});
