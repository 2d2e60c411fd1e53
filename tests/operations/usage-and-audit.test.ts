import { withTenantTransaction } from '../../src/db/tenant-transaction';
import { createLogger } from '../../src/lib/logger';
import { createApiRequestCounter } from '../../src/modules/usage/api-request-counter';
import { insertAuditEvent, listAuditEvents } from '../../src/modules/audit/audit.repository';
import { findUsage, incrementUsage, usagePeriod } from '../../src/modules/usage/usage.repository';
import { buildTenant } from '../factories/tenant.factory';
import { useTestDatabase } from '../setup/database';

const testDb = useTestDatabase();

describe('usage counters', () => {
  const november = new Date('2026-11-24T10:00:00Z');

  it('counts per tenant and per calendar month, concurrently', async () => {
    const [a, b] = [await buildTenant(testDb.db), await buildTenant(testDb.db)];
    await Promise.all(
      Array.from({ length: 10 }, () => withTenantTransaction(testDb.db, a.id, (tx) => incrementUsage(tx, a.id, 'ai_replies', 1, november))),
    );
    await withTenantTransaction(testDb.db, a.id, (tx) => incrementUsage(tx, a.id, 'ai_replies', 1, new Date('2026-12-01T00:00:00Z')));
    await withTenantTransaction(testDb.db, b.id, (tx) => incrementUsage(tx, b.id, 'api_requests', 7, november));
    expect(await withTenantTransaction(testDb.db, a.id, (tx) => findUsage(tx, november))).toEqual({
      ai_replies: 10,
      ai_quota_exceeded: 0,
      api_requests: 0,
    });
    expect(await withTenantTransaction(testDb.db, b.id, (tx) => findUsage(tx, november))).toEqual({
      ai_replies: 0,
      ai_quota_exceeded: 0,
      api_requests: 7,
    });
  });

  it('names periods by the first day of the UTC month', () => {
    expect(usagePeriod(new Date('2026-01-31T23:59:59Z'))).toBe('2026-01-01');
    expect(usagePeriod(new Date('2026-12-01T00:00:00Z'))).toBe('2026-12-01');
  });
});

describe('audit events', () => {
  it('are appended for the bound tenant, listed newest first with filters and keyset pages', async () => {
    const tenant = await buildTenant(testDb.db);
    const other = await buildTenant(testDb.db);
    const base = { actorType: 'api_key' as const, actorId: 'key-1', targetType: 'lead', requestId: 'req-1', details: {} };
    await withTenantTransaction(testDb.db, tenant.id, async (tx) => {
      for (const [action, targetId] of [
        ['lead.create', 'l1'],
        ['lead.update', 'l1'],
        ['lead.delete', 'l2'],
      ] as const) {
        await insertAuditEvent(tx, tenant.id, { ...base, action, targetId });
      }
    });
    await withTenantTransaction(testDb.db, other.id, (tx) => insertAuditEvent(tx, other.id, { ...base, action: 'lead.create', targetId: 'x' }));

    const all = await withTenantTransaction(testDb.db, tenant.id, (tx) => listAuditEvents(tx, {}, { direction: 'forward', limit: 10, cursor: null }));
    expect(all.map((e) => e.action)).toEqual(['lead.delete', 'lead.update', 'lead.create']);
    expect(all.every((e) => e.tenantId === tenant.id)).toBe(true);

    const firstPage = all.slice(0, 1);
    const next = await withTenantTransaction(testDb.db, tenant.id, (tx) =>
      listAuditEvents(tx, {}, { direction: 'forward', limit: 10, cursor: { key: firstPage[0]!.sortKey, id: firstPage[0]!.id } }),
    );
    expect(next.map((e) => e.action)).toEqual(['lead.update', 'lead.create']);

    const filtered = await withTenantTransaction(testDb.db, tenant.id, (tx) => listAuditEvents(tx, { targetId: 'l1' }, { direction: 'forward', limit: 10, cursor: null }));
    expect(filtered.map((e) => e.action)).toEqual(['lead.update', 'lead.create']);
  });

  it('cannot be rewritten or deleted by the application role', async () => {
    const tenant = await buildTenant(testDb.db);
    await withTenantTransaction(testDb.db, tenant.id, (tx) =>
      insertAuditEvent(tx, tenant.id, { actorType: 'system', actorId: null, action: 'x', targetType: null, targetId: null, requestId: null, details: {} }),
    );
    const code = await withTenantTransaction(testDb.db, tenant.id, (tx) => tx.deleteFrom('auditEvents').execute()).then(
      () => undefined,
      (error: { code?: string }) => error.code,
    );
    expect(code).toBe('42501');
  });
});

describe('API request counter', () => {
  it('gathers counts in memory and adds them to this month on flush, per tenant', async () => {
    const [a, b] = [await buildTenant(testDb.db), await buildTenant(testDb.db)];
    const counter = createApiRequestCounter(testDb.db, createLogger('silent'), 60_000);
    for (let i = 0; i < 5; i++) counter.count(a.id);
    counter.count(b.id);
    const now = new Date();
    expect((await withTenantTransaction(testDb.db, a.id, (tx) => findUsage(tx, now))).api_requests).toBe(0);
    await counter.flush();
    counter.count(a.id);
    await counter.close();
    expect((await withTenantTransaction(testDb.db, a.id, (tx) => findUsage(tx, now))).api_requests).toBe(6);
    expect((await withTenantTransaction(testDb.db, b.id, (tx) => findUsage(tx, now))).api_requests).toBe(1);
  });
});
