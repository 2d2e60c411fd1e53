import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/db.generated';
import { jsonb } from '../../src/db/json';
import { READ_ONLY_SCOPES } from '../../src/modules/api-keys/api-key.scopes';
import { buildConversation, buildLead, buildMessage } from '../factories/conversation.factory';
import { buildConfiguration } from '../factories/knowledge-base.factory';
import { EraseVisitorDocument } from '../graphql/generated';
import { ADMIN_TOKEN, addKey, createTestApp, errorCodes, tenantWithKey, type TestApp } from '../graphql/harness';
import { rowCounts } from './privacy-fixtures';

/** A visitor: one conversation with two messages, a lead with the given contact, a delivery log entry. */
async function buildVisitor(db: Kysely<DB>, tenantId: string, sessionId: string, contact: Record<string, string>) {
  const conversation = await buildConversation(db, { tenantId, sessionId, platform: 'crisp' });
  await buildMessage(db, { tenantId, conversationId: conversation.id, content: 'hello' });
  await buildMessage(db, { tenantId, conversationId: conversation.id, role: 'assistant', content: 'hi' });
  const lead = await buildLead(db, { tenantId, conversationId: conversation.id, contactInfo: jsonb(contact) });
  await db
    .insertInto('inboundEvents')
    .values({ tenantId, platform: 'crisp', dedupeKey: `d-${sessionId}`, eventType: 'message:send', payload: jsonb({ conversationRef: sessionId }) })
    .execute();
  return { conversation, lead };
}

describe('eraseVisitor', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  /** Tenant A with the visitor to erase and a bystander; tenant B with a visitor with the same identifiers. */
  async function scenario(contact: Record<string, string>, sessionId = `s-${crypto.randomUUID()}`) {
    const a = await tenantWithKey(t.database);
    const b = await tenantWithKey(t.database);
    const target = await buildVisitor(t.database.db, a.tenantId, sessionId, contact);
    // The same visitor left their details again without a conversation (e.g. a form via the API).
    const orphan = await buildLead(t.database.db, { tenantId: a.tenantId, intent: 'contact', contactInfo: jsonb(contact) });
    const bystander = await buildVisitor(t.database.db, a.tenantId, `s-${crypto.randomUUID()}`, { email: 'other@visitor.example', phone: '+442071838750' });
    await buildVisitor(t.database.db, b.tenantId, sessionId, contact);
    const before = { a: await rowCounts(t.database.db, a.tenantId), b: await rowCounts(t.database.db, b.tenantId) };
    return { a, b, target, orphan, bystander, before };
  }

  async function expectOnlyVisitorGone(s: Awaited<ReturnType<typeof scenario>>, leadsGone: number) {
    const db = t.database.db;
    const after = { a: await rowCounts(db, s.a.tenantId), b: await rowCounts(db, s.b.tenantId) };
    expect(after.b).toEqual(s.before.b);
    expect(after.a).toEqual({
      ...s.before.a,
      conversations: s.before.a.conversations! - 1,
      messages: s.before.a.messages! - 2,
      leads: s.before.a.leads! - leadsGone,
      inbound_events: s.before.a.inbound_events! - 1,
      // visitor.erase with the counts; the generic mutation row is not written for it.
      audit_events: s.before.a.audit_events! + 1,
    });
    expect(await db.selectFrom('conversations').select('id').where('id', '=', s.target.conversation.id).execute()).toEqual([]);
    expect(await db.selectFrom('conversations').select('id').where('id', '=', s.bystander.conversation.id).execute()).toHaveLength(1);
    expect(await db.selectFrom('leads').select('id').where('id', '=', s.bystander.lead.id).execute()).toHaveLength(1);
  }

  async function auditRow(tenantId: string) {
    return t.database.db.selectFrom('auditEvents').selectAll().where('tenantId', '=', tenantId).where('action', '=', 'visitor.erase').executeTakeFirstOrThrow();
  }

  /** The whole trail of the tenant, as text: no identifier of the erased visitor may be in it. */
  async function trailText(tenantId: string) {
    return JSON.stringify(await t.database.db.selectFrom('auditEvents').selectAll().where('tenantId', '=', tenantId).execute());
  }

  it('erases by email (any case): conversations, messages, leads with and without a conversation', async () => {
    const s = await scenario({ email: 'Anna.Visitor@Example.com', name: 'Anna' });
    const result = await t.run(s.a.key, EraseVisitorDocument, { input: { email: ' anna.visitor@example.COM ' } });
    expect(result.errors).toBeUndefined();
    expect(result.data!.eraseVisitor).toEqual({ conversationsDeleted: 1, messagesDeleted: 2, leadsDeleted: 2, deliveriesDeleted: 1, errors: [] });
    await expectOnlyVisitorGone(s, 2);
    const audit = await auditRow(s.a.tenantId);
    expect(audit).toMatchObject({ actorType: 'api_key', actorId: s.a.apiKeyId, targetType: 'visitor', targetId: null });
    expect(audit.details).toEqual({ by: 'email', conversations: 1, messages: 2, leads: 2, deliveries: 1 });
    expect((await trailText(s.a.tenantId)).toLowerCase()).not.toContain('anna');
  });

  it('erases by phone in a local format, compared in E.164 with the tenant default country', async () => {
    const s = await scenario({ phone: '+1 (415) 555-0123' });
    await buildConfiguration(t.database.db, { tenantId: s.a.tenantId, configType: 'lead_capture', configData: jsonb({ defaultCountry: 'US' }) });
    // Same last digits, different country: not this visitor.
    await buildLead(t.database.db, { tenantId: s.a.tenantId, contactInfo: jsonb({ phone: '+44 20 5550 0123' }) });
    s.before.a = await rowCounts(t.database.db, s.a.tenantId);
    const result = await t.run(s.a.key, EraseVisitorDocument, { input: { phone: '(415) 555 0123' } });
    expect(result.errors).toBeUndefined();
    expect(result.data!.eraseVisitor).toEqual({ conversationsDeleted: 1, messagesDeleted: 2, leadsDeleted: 2, deliveriesDeleted: 1, errors: [] });
    await expectOnlyVisitorGone(s, 2);
    const audit = await auditRow(s.a.tenantId);
    expect(audit.details).toEqual({ by: 'phone', conversations: 1, messages: 2, leads: 2, deliveries: 1 });
    expect(audit.actorId).toBe(s.a.apiKeyId);
    expect(await trailText(s.a.tenantId)).not.toMatch(/555\D?0123/);
  });

  it('erases by platform session id, with the leads of that conversation', async () => {
    const sessionId = `crisp-session-${crypto.randomUUID()}`;
    const s = await scenario({ email: 'session.visitor@example.com' }, sessionId);
    const result = await t.run(s.a.key, EraseVisitorDocument, { input: { sessionId } });
    expect(result.data!.eraseVisitor).toEqual({ conversationsDeleted: 1, messagesDeleted: 2, leadsDeleted: 1, deliveriesDeleted: 1, errors: [] });
    // The lead without a conversation is not linked to the session, so it stays.
    await expectOnlyVisitorGone(s, 1);
    expect(await t.database.db.selectFrom('leads').select('id').where('id', '=', s.orphan.id).execute()).toHaveLength(1);
    expect(await auditRow(s.a.tenantId)).toMatchObject({ action: 'visitor.erase' });
    // One row for the erasure: the service's, with counts (the generic mutation row would repeat it).
    const erasureRows = await t.database.db
      .selectFrom('auditEvents')
      .select('action')
      .where('tenantId', '=', s.a.tenantId)
      .where('action', 'in', ['visitor.erase', 'eraseVisitor'])
      .execute();
    expect(erasureRows).toEqual([{ action: 'visitor.erase' }]);
    expect(await trailText(s.a.tenantId)).not.toContain(sessionId);
  });

  it('deletes nothing for an unknown visitor, and still records the request', async () => {
    const s = await scenario({ email: 'known@example.com' });
    const result = await t.run(s.a.key, EraseVisitorDocument, { input: { email: 'nobody@example.com' } });
    expect(result.data!.eraseVisitor).toEqual({ conversationsDeleted: 0, messagesDeleted: 0, leadsDeleted: 0, deliveriesDeleted: 0, errors: [] });
    expect(await rowCounts(t.database.db, s.a.tenantId)).toEqual({ ...s.before.a, audit_events: s.before.a.audit_events! + 1 });
  });

  it('refuses unclear input, read-only keys and the admin token', async () => {
    const { tenantId, key } = await tenantWithKey(t.database);
    expect(errorCodes(await t.run(key, EraseVisitorDocument, { input: {} }))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await t.run(key, EraseVisitorDocument, { input: { email: 'a@example.com', sessionId: 's' } }))).toEqual(['BAD_USER_INPUT']);
    const badEmail = await t.run(key, EraseVisitorDocument, { input: { email: 'not-an-email' } });
    expect(badEmail.errors?.[0]?.extensions?.field).toBe('input.email');
    const badPhone = await t.run(key, EraseVisitorDocument, { input: { phone: '12' } });
    expect(badPhone.errors?.[0]?.extensions?.field).toBe('input.phone');
    const { key: readOnly } = await addKey(t.database, tenantId, READ_ONLY_SCOPES);
    expect(errorCodes(await t.run(readOnly, EraseVisitorDocument, { input: { sessionId: 's' } }))).toEqual(['FORBIDDEN']);
    const { key: leadsOnly } = await addKey(t.database, tenantId, ['leads:write']);
    expect(errorCodes(await t.run(leadsOnly, EraseVisitorDocument, { input: { sessionId: 's' } }))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await t.run(ADMIN_TOKEN, EraseVisitorDocument, { input: { sessionId: 's' } }))).toEqual(['FORBIDDEN']);
    expect(await t.database.db.selectFrom('auditEvents').select('id').where('tenantId', '=', tenantId).execute()).toEqual([]);
  });
});
