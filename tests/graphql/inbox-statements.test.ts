import { parse } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { buildConversation, buildLead, buildMessage } from '../factories/conversation.factory';
import { createTestApp, tenantWithKey, type TestApp } from './harness';

/**
 * Issue #14: the inbox (a page of conversations, the first messages and the leads of each) costs a
 * fixed number of SQL statements whatever the page sizes. Statements are counted as Kysely sends them.
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

/** The tenant transaction's own control statements: BEGIN (alone or sent with the binding), COMMIT. */
const TRANSACTION_CONTROL = /^(begin|start transaction|commit|rollback)\b|set_config\('role'/i;

describe('statements per inbox request (issue #14)', () => {
  let t: TestApp;
  let recording: string[] | null = null;
  let key: string;

  beforeAll(async () => {
    t = await createTestApp({
      log: (event) => {
        if (event.level === 'query') recording?.push(event.query.sql);
      },
    });
    const tenant = await tenantWithKey(t.database);
    key = tenant.key;
    for (let i = 0; i < 20; i++) {
      const conversation = await buildConversation(t.database.db, { tenantId: tenant.tenantId });
      for (let m = 0; m < 12; m++) await buildMessage(t.database.db, { conversationId: conversation.id, content: `message ${m}` });
      await buildLead(t.database.db, { tenantId: tenant.tenantId, conversationId: conversation.id });
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

  it('runs at most 4 statements of its own, the same for every page size', async () => {
    const counts = new Set<number>();
    for (const [first, messages] of [
      [1, 1],
      [20, 10],
      [20, 1],
      [5, 12],
    ] as const) {
      const sent = await statementsFor(first, messages);
      const own = sent.filter((text) => !TRANSACTION_CONTROL.test(text.trim()) && !text.includes('app.find_api_key'));
      // conversations; messages with their counts (one LATERAL page per conversation); leads
      expect(own).toHaveLength(3);
      counts.add(sent.length);
    }
    expect([...counts]).toHaveLength(1);
  });
});
