import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/db.generated';
import { ALL_SCOPES, READ_ONLY_SCOPES } from '../../src/modules/api-keys/api-key.scopes';
import { buildTenant } from '../factories/tenant.factory';
import { ReleaseConversationDocument, SendMessageDocument } from '../graphql/generated';
import { addKey } from '../graphql/harness';
import { crispHeaders, crispVisitorMessage } from './signed-payloads';
import { LLM_TEXT, replyQueueDrained, startWebhookHarness, waitFor, type WebhookHarness } from './webhook-harness';

jest.setTimeout(60_000);

let h: WebhookHarness;
let db: Kysely<DB>;

beforeAll(async () => {
  h = await startWebhookHarness();
  db = h.db;
});
afterAll(() => h.close());

interface Result<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

async function gql<T, V>(key: string, document: TypedDocumentNode<T, V>, variables: V): Promise<Result<T>> {
  const response = await fetch(`${h.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query: print(document), variables }),
  });
  return (await response.json()) as Result<T>;
}

async function visitorSays(websiteId: string, sessionId: string, text: string) {
  const raw = JSON.stringify(crispVisitorMessage(websiteId, sessionId, text));
  expect((await h.post('/webhooks/crisp', raw, crispHeaders(raw))).statusCode).toBe(200);
}

async function crispConversation() {
  const websiteId = crypto.randomUUID();
  const tenant = await buildTenant(db, { crispWebsiteId: websiteId, subscriptionStatus: 'active' });
  const sessionId = `session_${crypto.randomUUID()}`;
  const { key } = await addKey(h.database, tenant.id, ALL_SCOPES);
  await visitorSays(websiteId, sessionId, 'Do you ship to Canada?');
  await waitFor(() => sent(sessionId).length === 1, 15_000, 'the bot reply');
  const conversation = await db.selectFrom('conversations').select('id').where('tenantId', '=', tenant.id).executeTakeFirstOrThrow();
  return { tenantId: tenant.id, websiteId, sessionId, key, conversationId: conversation.id };
}

const sent = (sessionId: string) => h.crisp.delivered().filter((r) => r.path.includes(sessionId));

describe('operator handoff over GraphQL', () => {
  it('sendMessage delivers the operator reply through Crisp once and silences the bot until releaseConversation', async () => {
    const c = await crispConversation();
    const result = await gql(c.key, SendMessageDocument, { conversationId: c.conversationId, content: "Hi, I'm Olivia from sales." });
    expect(result.errors).toBeUndefined();
    expect(result.data?.sendMessage.message).toMatchObject({ role: 'ASSISTANT', content: "Hi, I'm Olivia from sales.", metadata: { operator: true } });
    expect(result.data?.sendMessage.conversation?.handoffReason).toBe('OPERATOR_REPLIED');
    expect(result.data?.sendMessage.errors).toEqual([]);
    await waitFor(() => sent(c.sessionId).length === 2, 15_000, 'the operator reply at fake Crisp');
    expect(sent(c.sessionId)[1]?.body).toMatchObject({ content: "Hi, I'm Olivia from sales.", from: 'operator' });

    await visitorSays(c.websiteId, c.sessionId, 'Great, and to Mexico?');
    await replyQueueDrained(db);
    expect(sent(c.sessionId)).toHaveLength(2);

    const released = await gql(c.key, ReleaseConversationDocument, { id: c.conversationId });
    expect(released.data?.releaseConversation.conversation).toEqual({ id: c.conversationId, handoffReason: null, handoffAt: null });
    await visitorSays(c.websiteId, c.sessionId, 'And to Brazil?');
    await waitFor(() => sent(c.sessionId).length === 3, 15_000, 'the bot answering again');
    expect(sent(c.sessionId)[2]?.body.content).toBe(LLM_TEXT);
    const replies = () => db.selectFrom('outboundReplies').select(['kind', 'status']).where('tenantId', '=', c.tenantId).orderBy('createdAt').execute();
    await waitFor(async () => (await replies()).every((r) => r.status === 'sent'), 5_000, 'the last reply marked sent');
    // The message written during the handoff owed no reply at all.
    expect(await replies()).toEqual([
      { kind: 'assistant', status: 'sent' },
      { kind: 'operator', status: 'sent' },
      { kind: 'assistant', status: 'sent' },
    ]);
  });

  it('refuses read-only keys, other tenants’ conversations and empty content, storing nothing', async () => {
    const c = await crispConversation();
    const { key: readOnly } = await addKey(h.database, c.tenantId, READ_ONLY_SCOPES);
    const other = await buildTenant(db);
    const { key: otherKey } = await addKey(h.database, other.id, ALL_SCOPES);
    const forbidden = await gql(readOnly, SendMessageDocument, { conversationId: c.conversationId, content: 'hello' });
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const foreign = await gql(otherKey, SendMessageDocument, { conversationId: c.conversationId, content: 'hello' });
    expect(foreign.data?.sendMessage).toMatchObject({ message: null, errors: [{ code: 'NOT_FOUND', field: 'conversationId' }] });
    const release = await gql(otherKey, ReleaseConversationDocument, { id: c.conversationId });
    expect(release.data?.releaseConversation).toMatchObject({ conversation: null, errors: [{ code: 'NOT_FOUND', field: 'id' }] });
    const empty = await gql(c.key, SendMessageDocument, { conversationId: c.conversationId, content: '   ' });
    expect(empty.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    await replyQueueDrained(db);
    expect(sent(c.sessionId)).toHaveLength(1);
    const replies = await db.selectFrom('outboundReplies').select('kind').where('tenantId', '=', c.tenantId).execute();
    expect(replies).toEqual([{ kind: 'assistant' }]);
  });
});
