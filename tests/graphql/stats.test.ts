import { buildConversation, buildLead, buildMessage } from '../factories/conversation.factory';
import { StatsDocument } from './generated';
import { addKey, createTestApp, errorCodes, tenantWithKey, type TestApp } from './harness';

describe('stats', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('counts conversations, messages and leads by status and intent with a per-day series', async () => {
    const { tenantId, key } = await tenantWithKey(t.database);
    const { key: otherKey, tenantId: otherId } = await tenantWithKey(t.database);
    const day1 = new Date('2026-11-10T10:00:00Z');
    const day3 = new Date('2026-11-12T23:30:00Z');
    const c1 = await buildConversation(t.database.db, { tenantId, createdAt: day1 });
    const c2 = await buildConversation(t.database.db, { tenantId, createdAt: day3 });
    await buildMessage(t.database.db, { conversationId: c1.id, timestamp: day1 });
    await buildMessage(t.database.db, { conversationId: c1.id, timestamp: day1 });
    await buildMessage(t.database.db, { conversationId: c2.id, timestamp: day3 });
    await buildLead(t.database.db, { tenantId, conversationId: c1.id, intent: 'pricing', status: 'new', createdAt: day1 });
    await buildLead(t.database.db, { tenantId, conversationId: c2.id, intent: 'demo', status: 'qualified', createdAt: day3 });
    await buildLead(t.database.db, { tenantId, intent: 'pricing', createdAt: new Date('2026-12-01T00:00:00Z') });
    await buildConversation(t.database.db, { tenantId: otherId, createdAt: day1 });

    const result = await t.run(key, StatsDocument, { from: '2026-11-10T00:00:00Z', to: '2026-11-13T00:00:00Z' });
    expect(result.errors).toBeUndefined();
    const stats = result.data!.stats;
    expect(stats).toMatchObject({ conversations: 2, messages: 3, leads: 2 });
    expect(stats.leadsByStatus).toEqual([
      { status: 'NEW', count: 1 },
      { status: 'QUALIFIED', count: 1 },
    ]);
    expect(stats.leadsByIntent).toEqual([
      { intent: 'demo', count: 1 },
      { intent: 'pricing', count: 1 },
    ]);
    expect(stats.daily).toEqual([
      { date: '2026-11-10', conversations: 1, messages: 2, leads: 1 },
      { date: '2026-11-11', conversations: 0, messages: 0, leads: 0 },
      { date: '2026-11-12', conversations: 1, messages: 1, leads: 1 },
    ]);

    const other = await t.run(otherKey, StatsDocument, { from: '2026-11-10T00:00:00Z', to: '2026-11-13T00:00:00Z' });
    expect(other.data!.stats).toMatchObject({ conversations: 1, messages: 0, leads: 0 });
  });

  it('refuses an inverted or too long range, and a key without both read scopes', async () => {
    const { tenantId, key } = await tenantWithKey(t.database);
    const inverted = await t.run(key, StatsDocument, { from: '2026-11-13T00:00:00Z', to: '2026-11-10T00:00:00Z' });
    expect(errorCodes(inverted)).toEqual(['BAD_USER_INPUT']);
    expect(inverted.errors?.[0]?.message).toBe('from: must be before to');
    const long = await t.run(key, StatsDocument, { from: '2020-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' });
    expect(errorCodes(long)).toEqual(['BAD_USER_INPUT']);
    const { key: leadsOnly } = await addKey(t.database, tenantId, ['leads:read']);
    expect(errorCodes(await t.run(leadsOnly, StatsDocument, {}))).toEqual(['FORBIDDEN']);
    const { key: readOnly } = await addKey(t.database, tenantId);
    expect((await t.run(readOnly, StatsDocument, {})).data?.stats.daily).toHaveLength(31);
  });
});
