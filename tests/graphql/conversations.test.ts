import { buildConversation, buildLead, buildMessage } from '../factories/conversation.factory';
import { ConversationDocument, ConversationsDocument } from './generated';
import { addKey, createTestApp, errorCodes, tenantWithKey, type TestApp } from './harness';

describe('conversations', () => {
  let t: TestApp;
  let tenantId: string;
  let key: string;
  let otherKey: string;
  const ids: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    ({ tenantId, key } = await tenantWithKey(t.database));
    ({ key: otherKey } = await tenantWithKey(t.database));
    for (let i = 0; i < 5; i++) {
      const conversation = await buildConversation(t.database.db, {
        tenantId,
        platform: i % 2 === 0 ? 'crisp' : 'tidio',
        updatedAt: new Date(Date.UTC(2026, 10, 1 + i)),
        ...(i === 4 ? { handoffReason: 'visitor_request', handoffAt: new Date(), flaggedReason: 'rude' } : {}),
      });
      ids.push(conversation.id);
    }
    await buildMessage(t.database.db, { conversationId: ids[1], content: 'Do you ship to Norway?' });
    await buildLead(t.database.db, { tenantId, conversationId: ids[2], intent: 'pricing' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists newest first with cursors, page info and total count', async () => {
    const first = await t.run(key, ConversationsDocument, { first: 2 });
    expect(first.errors).toBeUndefined();
    const page = first.data!.conversations;
    expect(page.totalCount).toBe(5);
    expect(page.edges.map((edge) => edge.node.id)).toEqual([ids[4], ids[3]]);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const second = await t.run(key, ConversationsDocument, { first: 2, after: page.pageInfo.endCursor });
    expect(second.data!.conversations.edges.map((edge) => edge.node.id)).toEqual([ids[2], ids[1]]);
    const last = await t.run(key, ConversationsDocument, { first: 2, after: second.data!.conversations.pageInfo.endCursor });
    expect(last.data!.conversations.edges.map((edge) => edge.node.id)).toEqual([ids[0]]);
    expect(last.data!.conversations.pageInfo.hasNextPage).toBe(false);
    const back = await t.run(key, ConversationsDocument, { last: 2, before: last.data!.conversations.edges[0]!.cursor });
    expect(back.data!.conversations.edges.map((edge) => edge.node.id)).toEqual([ids[2], ids[1]]);
    expect(back.data!.conversations.pageInfo.hasPreviousPage).toBe(true);
  });

  it('exposes platform, handoff and flag fields', async () => {
    const result = await t.run(key, ConversationDocument, { id: ids[4]! });
    expect(result.data?.conversation).toMatchObject({ platform: 'CRISP', handoffReason: 'VISITOR_REQUEST', flaggedReason: 'rude' });
  });

  it.each([
    ['platform', { platform: 'TIDIO' as const }, () => [ids[3], ids[1]]],
    ['has lead', { hasLead: true }, () => [ids[2]]],
    ['has no lead', { hasLead: false }, () => [ids[4], ids[3], ids[1], ids[0]]],
    ['text search', { search: 'norway' }, () => [ids[1]]],
    ['updated range', { updatedAfter: '2026-11-02T00:00:00Z', updatedBefore: '2026-11-04T00:00:00Z' }, () => [ids[2], ids[1]]],
  ])('filters by %s', async (_label, filter, expected) => {
    const result = await t.run(key, ConversationsDocument, { filter });
    expect(result.errors).toBeUndefined();
    expect(result.data!.conversations.edges.map((edge) => edge.node.id)).toEqual(expected());
    expect(result.data!.conversations.totalCount).toBe(expected().length);
  });

  it('pages messages both ways and lists the leads of a conversation', async () => {
    const conversation = await buildConversation(t.database.db, { tenantId });
    const messages = [];
    for (let i = 0; i < 5; i++) {
      messages.push(
        await buildMessage(t.database.db, { conversationId: conversation.id, content: `m${i}`, timestamp: new Date(Date.UTC(2026, 0, 1, 0, i)), metadata: JSON.stringify({ n: i }) }),
      );
    }
    await buildLead(t.database.db, { tenantId, conversationId: conversation.id, intent: 'demo', contactInfo: JSON.stringify({ email: 'a@b.co' }) });
    const oldest = await t.run(key, ConversationDocument, { id: conversation.id, first: 2 });
    const page = oldest.data!.conversation!.messages;
    expect(page.totalCount).toBe(5);
    expect(page.edges.map((edge) => edge.node.content)).toEqual(['m0', 'm1']);
    expect(page.edges[1]!.node.metadata).toEqual({ n: 1 });
    const next = await t.run(key, ConversationDocument, { id: conversation.id, first: 2, after: page.pageInfo.endCursor });
    expect(next.data!.conversation!.messages.edges.map((edge) => edge.node.content)).toEqual(['m2', 'm3']);
    const recent = await t.run(key, ConversationDocument, { id: conversation.id, last: 2 });
    expect(recent.data!.conversation!.messages.edges.map((edge) => edge.node.content)).toEqual(['m3', 'm4']);
    expect(recent.data!.conversation!.messages.pageInfo.hasPreviousPage).toBe(true);
    const earlier = await t.run(key, ConversationDocument, {
      id: conversation.id,
      last: 2,
      before: recent.data!.conversation!.messages.pageInfo.startCursor,
    });
    expect(earlier.data!.conversation!.messages.edges.map((edge) => edge.node.content)).toEqual(['m1', 'm2']);
    expect(recent.data!.conversation!.leads).toEqual([expect.objectContaining({ intent: 'demo', status: 'NEW', contactInfo: { email: 'a@b.co' } })]);
  });

  it("treats another tenant's conversation exactly like a missing one", async () => {
    const result = await t.run(otherKey, ConversationDocument, { id: ids[0]! });
    const missing = await t.run(otherKey, ConversationDocument, { id: '00000000-0000-4000-8000-000000000000' });
    expect(result).toEqual(missing);
    expect(result.data?.conversation).toBeNull();
    const list = await t.run(otherKey, ConversationsDocument, {});
    expect(list.data!.conversations.totalCount).toBe(0);
    expect(list.data!.conversations.edges).toEqual([]);
  });

  it('reads with a read-only key, and refuses a key without the conversations scope', async () => {
    const { key: readOnly } = await addKey(t.database, tenantId);
    expect((await t.run(readOnly, ConversationsDocument, {})).data!.conversations.totalCount).toBeGreaterThan(0);
    const { key: leadsOnly } = await addKey(t.database, tenantId, ['leads:read']);
    const refused = await t.run(leadsOnly, ConversationsDocument, {});
    expect(errorCodes(refused)).toEqual(['FORBIDDEN']);
    expect(refused.data).toBeNull();
  });

  it("refuses a conversation's leads to a key without leads:read, field by field", async () => {
    const { key: conversationsOnly } = await addKey(t.database, tenantId, ['conversations:read']);
    const result = await t.run(conversationsOnly, ConversationDocument, { id: ids[2]! });
    expect(errorCodes(result)).toEqual(['FORBIDDEN']);
    expect(result.errors?.[0]?.message).toContain('leads:read');
    expect(result.data?.conversation).toBeNull();
  });

  it.each([
    [{ first: 101 }, 'first: must be between 1 and 100'],
    [{ first: 0 }, 'first: must be between 1 and 100'],
    [{ first: 2, last: 2 }, 'last: cannot be combined with first'],
    [{ after: 'garbage' }, 'after: is not a valid cursor'],
    [{ filter: { updatedAfter: 'yesterday' } }, 'DateTime'],
  ])('refuses bad arguments %j with BAD_USER_INPUT', async (variables, message) => {
    const result = await t.run(key, ConversationsDocument, variables as never);
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors?.[0]?.message).toContain(message);
  });
});
