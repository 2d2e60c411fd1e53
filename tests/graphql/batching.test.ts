import { buildConversation, buildLead, buildMessage } from '../factories/conversation.factory';
import { ConversationsWithDetailsDocument } from './generated';
import { createTestApp, tenantWithKey, type TestApp } from './harness';

describe('DataLoader batching', () => {
  let t: TestApp;
  let statements = 0;
  let key: string;

  beforeAll(async () => {
    t = await createTestApp({
      log: (event) => {
        // The key lookup is left out: POST /graphql caches it (api-key-cache.ts), so whether a request pays it is timing.
        if (event.level === 'query' && !event.query.sql.includes('app.find_api_key')) statements += 1;
      },
    });
    const tenant = await tenantWithKey(t.database);
    key = tenant.key;
    for (let i = 0; i < 20; i++) {
      const conversation = await buildConversation(t.database.db, { tenantId: tenant.tenantId });
      for (let m = 0; m < 3; m++) await buildMessage(t.database.db, { conversationId: conversation.id, content: `message ${m}` });
      await buildLead(t.database.db, { tenantId: tenant.tenantId, conversationId: conversation.id });
    }
    await t.run(key, ConversationsWithDetailsDocument, { first: 1, messages: 2 });
  });
  afterAll(async () => {
    await t.close();
  });

  async function statementsFor(first: number) {
    statements = 0;
    const result = await t.run(key, ConversationsWithDetailsDocument, { first, messages: 2 });
    expect(result.errors).toBeUndefined();
    const edges = result.data!.conversations.edges;
    expect(edges).toHaveLength(first);
    for (const { node } of edges) {
      expect(node.messages.edges).toHaveLength(2);
      expect(node.messages.totalCount).toBe(3);
      expect(node.leads).toHaveLength(1);
    }
    return statements;
  }

  it('costs the same statements for a page of 20 conversations with messages and leads as for a page of 1', async () => {
    const one = await statementsFor(1);
    const twenty = await statementsFor(20);
    expect(twenty).toBe(one);
    // Kysely logs what it sends. Request: begin, tenant binding, conversations with their leads, messages page and count (totalCount
    // is selected) in one statement, commit; on PostgreSQL BEGIN travels with the binding (begin-with-binding-dialect.ts).
    expect(twenty).toBe(process.env.TEST_DATABASE_URL ? 3 : 4);
  });
});
