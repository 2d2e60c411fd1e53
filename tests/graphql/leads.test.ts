import { buildConversation, buildLead } from '../factories/conversation.factory';
import { CreateLeadDocument, DeleteLeadDocument, LeadDocument, LeadsDocument, UpdateLeadDocument } from './generated';
import { addKey, createTestApp, errorCodes, succeeded, tenantWithKey, userErrorCodes, type TestApp } from './harness';

describe('leads', () => {
  let t: TestApp;
  let tenantId: string;
  let key: string;
  let otherKey: string;
  let readOnlyKey: string;

  beforeAll(async () => {
    t = await createTestApp();
    ({ tenantId, key } = await tenantWithKey(t.database));
    ({ key: otherKey } = await tenantWithKey(t.database));
    ({ key: readOnlyKey } = await addKey(t.database, tenantId));
  });
  afterAll(async () => {
    await t.close();
  });

  it('creates, reads, updates (merging contact info) and deletes a lead', async () => {
    const conversation = await buildConversation(t.database.db, { tenantId });
    const created = await t.run(key, CreateLeadDocument, {
      input: { conversationId: conversation.id, intent: 'pricing', contactInfo: { email: 'jo@example.com', phone: '+4712345678' } },
    });
    expect(created.errors).toBeUndefined();
    const lead = succeeded(created.data?.createLead).lead;
    expect(lead).toMatchObject({ conversationId: conversation.id, intent: 'pricing', status: 'NEW' });

    const read = await t.run(key, LeadDocument, { id: lead.id });
    expect(read.data?.lead?.conversation?.id).toBe(conversation.id);

    const updated = await t.run(key, UpdateLeadDocument, {
      id: lead.id,
      input: { status: 'QUALIFIED', contactInfo: { name: 'Jo', phone: null } },
    });
    expect(succeeded(updated.data?.updateLead).lead).toMatchObject({ status: 'QUALIFIED', contactInfo: { email: 'jo@example.com', name: 'Jo' } });

    const deleted = await t.run(key, DeleteLeadDocument, { id: lead.id });
    expect(succeeded(deleted.data?.deleteLead).deletedId).toBe(lead.id);
    expect((await t.run(key, LeadDocument, { id: lead.id })).data?.lead).toBeNull();
  });

  it('lists leads newest first, filtered by status, intent and creation time', async () => {
    const { tenantId: own, key: ownKey } = await tenantWithKey(t.database);
    const a = await buildLead(t.database.db, { tenantId: own, intent: 'demo', status: 'new', createdAt: new Date('2026-10-01T00:00:00Z') });
    const b = await buildLead(t.database.db, { tenantId: own, intent: 'pricing', status: 'lost', createdAt: new Date('2026-10-02T00:00:00Z') });
    const c = await buildLead(t.database.db, { tenantId: own, intent: 'demo', status: 'new', createdAt: new Date('2026-10-03T00:00:00Z') });
    const all = await t.run(ownKey, LeadsDocument, { first: 2 });
    expect(all.data!.leads.totalCount).toBe(3);
    expect(all.data!.leads.edges.map((edge) => edge.node.id)).toEqual([c.id, b.id]);
    const rest = await t.run(ownKey, LeadsDocument, { first: 2, after: all.data!.leads.pageInfo.endCursor });
    expect(rest.data!.leads.edges.map((edge) => edge.node.id)).toEqual([a.id]);
    const demoNew = await t.run(ownKey, LeadsDocument, { filter: { intent: 'demo', status: 'NEW', createdAfter: '2026-10-02T00:00:00Z' } });
    expect(demoNew.data!.leads.edges.map((edge) => edge.node.id)).toEqual([c.id]);
    expect(demoNew.data!.leads.totalCount).toBe(1);
  });

  it("cannot see, change or delete another tenant's lead, nor attach to its conversation", async () => {
    const lead = await buildLead(t.database.db, { tenantId });
    const conversation = await buildConversation(t.database.db, { tenantId });
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await t.run(otherKey, LeadDocument, { id: lead.id })).data?.lead).toBeNull();
    const update = await t.run(otherKey, UpdateLeadDocument, { id: lead.id, input: { status: 'LOST' } });
    const updateMissing = await t.run(otherKey, UpdateLeadDocument, { id: missing, input: { status: 'LOST' } });
    expect(update.data).toEqual(updateMissing.data);
    expect(userErrorCodes(update.data?.updateLead)).toEqual(['NOT_FOUND']);
    const del = await t.run(otherKey, DeleteLeadDocument, { id: lead.id });
    expect(del.data).toEqual((await t.run(otherKey, DeleteLeadDocument, { id: missing })).data);
    expect(userErrorCodes(del.data?.deleteLead)).toEqual(['NOT_FOUND']);
    const attach = await t.run(otherKey, CreateLeadDocument, { input: { conversationId: conversation.id, intent: 'pricing' } });
    const attachMissing = await t.run(otherKey, CreateLeadDocument, { input: { conversationId: missing, intent: 'pricing' } });
    expect(attach.data).toEqual(attachMissing.data);
    expect(attach.data?.createLead.errors).toEqual([{ code: 'NOT_FOUND', message: 'Conversation not found', field: 'input.conversationId' }]);
    expect((await t.run(otherKey, LeadsDocument, {})).data!.leads.totalCount).toBe(0);
    const stored = await t.database.db.selectFrom('leads').select('status').where('id', '=', lead.id).executeTakeFirstOrThrow();
    expect(stored.status).toBe('new');
  });

  it('refuses every lead mutation to a read-only key and changes nothing', async () => {
    const lead = await buildLead(t.database.db, { tenantId });
    for (const result of [
      await t.run(readOnlyKey, CreateLeadDocument, { input: { intent: 'pricing' } }),
      await t.run(readOnlyKey, UpdateLeadDocument, { id: lead.id, input: { status: 'LOST' } }),
      await t.run(readOnlyKey, DeleteLeadDocument, { id: lead.id }),
    ]) {
      expect(errorCodes(result)).toEqual(['FORBIDDEN']);
      expect(result.data).toBeNull();
    }
    expect((await t.run(readOnlyKey, LeadDocument, { id: lead.id })).data?.lead?.status).toBe('NEW');
  });

  it.each([
    [{ intent: 'Not An Intent' }, 'input.intent: lowercase letters'],
    [{ intent: 'pricing', contactInfo: { email: 42 } }, 'input.contactInfo.email'],
    [{ intent: 'pricing', status: 'WON' }, 'LeadStatus'],
    [{ intent: 'pricing', conversationId: 'nope' }, 'an id is a UUID'],
  ])('refuses bad input %j with BAD_USER_INPUT naming the field', async (input, message) => {
    const result = await t.run(key, CreateLeadDocument, { input: input as never });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors?.[0]?.message).toContain(message);
  });

  it("refuses a lead's conversation to a key without conversations:read, field by field", async () => {
    const conversation = await buildConversation(t.database.db, { tenantId });
    const lead = await buildLead(t.database.db, { tenantId, conversationId: conversation.id, intent: 'scoped' });
    const { key: leadsOnly } = await addKey(t.database, tenantId, ['leads:read']);
    const result = await t.run(leadsOnly, LeadDocument, { id: lead.id });
    expect(errorCodes(result)).toEqual(['FORBIDDEN']);
    expect(result.errors?.[0]?.message).toContain('conversations:read');
    expect(result.data?.lead?.conversation ?? null).toBeNull();
  });

  it('answers a second lead with the same intent in one conversation as CONFLICT', async () => {
    const conversation = await buildConversation(t.database.db, { tenantId });
    const input = { conversationId: conversation.id, intent: 'support' };
    succeeded((await t.run(key, CreateLeadDocument, { input })).data?.createLead);
    const again = await t.run(key, CreateLeadDocument, { input });
    expect(again.errors).toBeUndefined();
    expect(again.data?.createLead).toMatchObject({ lead: null, errors: [{ code: 'CONFLICT', field: 'input.intent' }] });
  });

  it('rolls back only the mutation that failed: the others of the operation commit, and only they are audited', async () => {
    const { tenantId: own, key: ownKey } = await tenantWithKey(t.database);
    const conversation = await buildConversation(t.database.db, { tenantId: own });
    await buildLead(t.database.db, { tenantId: own, conversationId: conversation.id, intent: 'support' });
    const response = await t.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ownKey}` },
      payload: {
        query: `mutation ($conversationId: ID!) {
          duplicate: createLead(input: { conversationId: $conversationId, intent: "support" }) { lead { id } errors { code } }
          fresh: createLead(input: { conversationId: $conversationId, intent: "pricing" }) { lead { id intent } errors { code } }
        }`,
        variables: { conversationId: conversation.id },
      },
    });
    // On PostgreSQL the failed INSERT aborts the transaction; its savepoint is what lets the second one run.
    const { data, errors } = response.json();
    expect(errors).toBeUndefined();
    expect(data.duplicate).toEqual({ lead: null, errors: [{ code: 'CONFLICT' }] });
    expect(data.fresh).toEqual({ lead: { id: expect.any(String), intent: 'pricing' }, errors: [] });
    const stored = await t.database.db.selectFrom('leads').select('intent').where('tenantId', '=', own).orderBy('intent').execute();
    expect(stored.map((row) => row.intent)).toEqual(['pricing', 'support']);
    const audited = await t.database.db.selectFrom('auditEvents').select(['action', 'targetId']).where('tenantId', '=', own).execute();
    expect(audited).toEqual([{ action: 'createLead', targetId: data.fresh.lead.id }]);
  });
});
