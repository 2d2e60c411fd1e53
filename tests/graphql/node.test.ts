import { jsonb } from '../../src/db/json';
import { buildConversation, buildLead, buildMessage } from '../factories/conversation.factory';
import { buildConfiguration, buildKnowledgeBaseEntry } from '../factories/knowledge-base.factory';
import { NodeDocument, SendMessageDocument } from './generated';
import { ADMIN_TOKEN, addKey, createTestApp, errorCodes, tenantWithKey, type TestApp } from './harness';

describe('node(id)', () => {
  let t: TestApp;
  let tenantId: string;
  let key: string;
  let apiKeyId: string;
  let otherKey: string;

  beforeAll(async () => {
    t = await createTestApp();
    ({ tenantId, key, apiKeyId } = await tenantWithKey(t.database));
    ({ key: otherKey } = await tenantWithKey(t.database));
  });
  afterAll(async () => {
    await t.close();
  });

  const node = async (credential: string, id: string) => {
    const result = await t.run(credential, NodeDocument, { id });
    expect(result.errors).toBeUndefined();
    return result.data?.node;
  };

  it('refetches every entity type from its id alone, through the tenant transaction', async () => {
    const conversation = await buildConversation(t.database.db, { tenantId, platform: 'crisp', sessionId: 'session-node' });
    const message = await buildMessage(t.database.db, { conversationId: conversation.id, content: 'Hi there' });
    const lead = await buildLead(t.database.db, { tenantId, conversationId: conversation.id, intent: 'demo' });
    const entry = await buildKnowledgeBaseEntry(t.database.db, { tenantId, title: 'Shipping?' });
    const configuration = await buildConfiguration(t.database.db, { tenantId, configType: 'assistant', configData: jsonb({ botName: 'Ava' }) });
    const audit = await t.database.db
      .insertInto('auditEvents')
      .values({ tenantId, actorType: 'system', action: 'test.node' })
      .returning('id')
      .executeTakeFirstOrThrow();

    expect(await node(key, conversation.id)).toEqual({ __typename: 'Conversation', id: conversation.id, sessionId: 'session-node', platform: 'CRISP' });
    expect(await node(key, message.id)).toEqual({ __typename: 'Message', id: message.id, role: 'USER', content: 'Hi there' });
    expect(await node(key, lead.id)).toEqual({ __typename: 'Lead', id: lead.id, intent: 'demo', status: 'NEW' });
    expect(await node(key, entry.id)).toEqual({ __typename: 'KnowledgeBaseEntry', id: entry.id, title: 'Shipping?', version: entry.version });
    expect(await node(key, apiKeyId)).toEqual({ __typename: 'ApiKey', id: apiKeyId, name: 'test' });
    expect(await node(key, tenantId)).toMatchObject({ __typename: 'Tenant', id: tenantId });
    expect(await node(key, configuration.id)).toEqual({ __typename: 'TenantConfiguration', id: configuration.id, type: 'ASSISTANT' });
    expect(await node(key, audit.id)).toEqual({ __typename: 'AuditEvent', id: audit.id, action: 'test.node' });
  });

  it("answers null for another tenant's id, an unknown id and an integration secret row", async () => {
    const conversation = await buildConversation(t.database.db, { tenantId });
    const secret = await buildConfiguration(t.database.db, { tenantId, configType: 'crisp', configData: jsonb({ sealed: 'x' }) });
    expect(await node(otherKey, conversation.id)).toBeNull();
    expect(await node(otherKey, tenantId)).toBeNull();
    expect(await node(key, crypto.randomUUID())).toBeNull();
    expect(await node(key, secret.id)).toBeNull();
  });

  it("needs the scope of the type's own query, a tenant key, and a UUID", async () => {
    const conversation = await buildConversation(t.database.db, { tenantId });
    const lead = await buildLead(t.database.db, { tenantId });
    const { key: leadsOnly } = await addKey(t.database, tenantId, ['leads:read']);
    expect((await node(leadsOnly, lead.id))?.id).toBe(lead.id);
    const refused = await t.run(leadsOnly, NodeDocument, { id: conversation.id });
    expect(errorCodes(refused)).toEqual(['FORBIDDEN']);
    expect(refused.errors?.[0]?.message).toContain('conversations:read');
    expect(errorCodes(await t.run(ADMIN_TOKEN, NodeDocument, { id: lead.id }))).toEqual(['FORBIDDEN']);
    const malformed = await t.run(key, NodeDocument, { id: 'Conversation:1' });
    expect(errorCodes(malformed)).toEqual(['BAD_USER_INPUT']);
    expect(malformed.errors?.[0]?.message).toContain('an id is a UUID');
  });
});

describe('mutation payloads', () => {
  it('report what this server cannot do as NOT_SUPPORTED, not as an error of the request', async () => {
    const t = await createTestApp();
    try {
      const { tenantId, key } = await tenantWithKey(t.database);
      const conversation = await buildConversation(t.database.db, { tenantId, platform: 'crisp' });
      // createTestApp runs without the chat runtime, so nothing could deliver an operator reply.
      const result = await t.run(key, SendMessageDocument, { conversationId: conversation.id, content: 'Hello' });
      expect(result.errors).toBeUndefined();
      expect(result.data?.sendMessage).toEqual({
        message: null,
        conversation: null,
        errors: [{ code: 'NOT_SUPPORTED', message: 'Chat platforms are not enabled on this server', field: null }],
      });
      expect(await t.database.db.selectFrom('messages').select('id').where('conversationId', '=', conversation.id).execute()).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
