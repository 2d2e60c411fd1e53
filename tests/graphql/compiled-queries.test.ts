import { buildConversation, buildLead, buildMessage } from '../factories/conversation.factory';
import {
  ApiKeysDocument,
  ConversationDocument,
  ConversationsWithDetailsDocument,
  LeadsDocument,
  NodeDocument,
  TenantDocument,
  UsageDocument,
} from './generated';
import { addKey, createTestApp, tenantWithKey, type TestApp } from './harness';

/**
 * Issue #14: a tenant query's first run goes through graphql-js, later runs of the same document through
 * its graphql-jit compilation (compiled-queries.plugin.ts). Every answer must be the same, errors included.
 */
const METRICS_TOKEN = 'metrics-token-for-compiled-queries-test';

describe('compiled queries answer as graphql-js does', () => {
  let t: TestApp;
  let key: string;
  let readTenantOnly: string;
  let conversationId: string;

  beforeAll(async () => {
    t = await createTestApp({ env: { METRICS_TOKEN } });
    const tenant = await tenantWithKey(t.database);
    key = tenant.key;
    readTenantOnly = (await addKey(t.database, tenant.tenantId, ['tenant:read'])).key;
    for (let i = 0; i < 3; i++) {
      const conversation = await buildConversation(t.database.db, { tenantId: tenant.tenantId, metadata: { n: i } });
      conversationId = conversation.id;
      for (let m = 0; m < 4; m++) await buildMessage(t.database.db, { conversationId: conversation.id, content: `message ${m}`, metadata: { m } });
      await buildLead(t.database.db, { tenantId: tenant.tenantId, conversationId: conversation.id, contactInfo: { email: `v${i}@example.com` } });
    }
  });
  afterAll(async () => {
    await t.close();
  });

  async function compiledCount(app: TestApp, outcome: string): Promise<number> {
    const response = await app.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    const line = response.body.split('\n').find((l) => l.startsWith(`netia_graphql_compiled_queries_total{outcome="${outcome}"}`));
    return line ? Number(line.split(' ').pop()) : 0;
  }

  async function sameThreeTimes(run: () => Promise<unknown>) {
    const answers = [await run(), await run(), await run()];
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    return answers[0];
  }

  it('gives the same data for lists, nested pages, a node and scalars of every kind', async () => {
    const inbox = (await sameThreeTimes(() => t.run(key, ConversationsWithDetailsDocument, { first: 3, messages: 2 }))) as { data: unknown };
    expect(inbox).toMatchObject({ status: 200 });
    await sameThreeTimes(() => t.run(key, ConversationDocument, { id: conversationId, first: 2 }));
    await sameThreeTimes(() => t.run(key, ConversationDocument, { id: conversationId, last: 2 }));
    await sameThreeTimes(() => t.run(key, LeadsDocument, { first: 2 }));
    const compiled = (outcome: string) => compiledCount(t, outcome);
    const [answered, fallbacks] = [await compiled('answered'), await compiled('fallback')];
    await sameThreeTimes(() => t.run(key, NodeDocument, { id: conversationId }));
    // The second and third runs are the compiled query's own answers, not graphql-js's after a failure.
    expect(await compiled('answered')).toBe(answered + 2);
    expect(await compiled('fallback')).toBe(fallbacks);
    await sameThreeTimes(() => t.run(key, TenantDocument));
    await sameThreeTimes(() => t.run(key, UsageDocument));
    await sameThreeTimes(() => t.run(key, ApiKeysDocument));
  });

  it('gives the same errors: a missing scope, a bad cursor, a bad id', async () => {
    const forbidden = (await sameThreeTimes(() => t.run(readTenantOnly, LeadsDocument, { first: 2 }))) as { errors: { extensions: { code: string } }[] };
    expect(forbidden.errors[0]!.extensions.code).toBe('FORBIDDEN');
    const badCursor = (await sameThreeTimes(() => t.run(key, LeadsDocument, { first: 2, after: 'not-a-cursor' }))) as { errors: unknown[] };
    expect(badCursor.errors.length).toBeGreaterThan(0);
    const badId = (await sameThreeTimes(() => t.run(key, NodeDocument, { id: 'not-an-id' }))) as { errors: unknown[] };
    expect(badId.errors.length).toBeGreaterThan(0);
  });
});
