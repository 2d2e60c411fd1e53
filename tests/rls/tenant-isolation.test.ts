import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../src/db/db.generated';
import { jsonb } from '../../src/db/json';
import { withLookupTransaction, withTenantTransaction } from '../../src/db/tenant-transaction';
import { buildConversation, buildLead, buildMessage } from '../factories/conversation.factory';
import { buildApiKeyRow, buildConfiguration, buildKnowledgeBaseEntry } from '../factories/knowledge-base.factory';
import { buildTenant } from '../factories/tenant.factory';
import { analyzerFor } from '../../src/assistant/retrieval/analyzer';
import { ensureIndexed } from '../../src/assistant/retrieval/indexer';
import { createTestDatabase, type TestDatabase } from '../setup/database';

let database: TestDatabase;
let db: Kysely<DB>;
let tenantA: string;
let tenantB: string;
let conversationB: string;
let entryB: string;
let messageB: string;

async function seedTenant(): Promise<{ tenantId: string; conversationId: string; entryId: string; messageId: string }> {
  const tenant = await buildTenant(db);
  const conversation = await buildConversation(db, { tenantId: tenant.id });
  const message = await buildMessage(db, { conversationId: conversation.id });
  await buildLead(db, { tenantId: tenant.id, conversationId: conversation.id });
  await buildConfiguration(db, { tenantId: tenant.id });
  const entry = await buildKnowledgeBaseEntry(db, { tenantId: tenant.id });
  await withTenantTransaction(db, tenant.id, (tx) => ensureIndexed(tx, tenant.id, analyzerFor('en')));
  await db.insertInto('knowledgeBaseEmbeddings').values({ tenantId: tenant.id, entryId: entry.id, model: 'm', vector: [1, 0] }).execute();
  await buildApiKeyRow(db, { tenantId: tenant.id });
  await db.insertInto('auditEvents').values({ tenantId: tenant.id, actorType: 'system', action: 'test.seed' }).execute();
  await db.insertInto('usageCounters').values({ tenantId: tenant.id, period: '2026-11-01', metric: 'ai_replies', count: 3 }).execute();
  await db
    .insertInto('inboundEvents')
    .values({ tenantId: tenant.id, platform: 'crisp', dedupeKey: `k-${crypto.randomUUID()}`, eventType: 'message:send' })
    .execute();
  await db.insertInto('outboundReplies').values({ tenantId: tenant.id, conversationId: conversation.id, kind: 'assistant' }).execute();
  await db
    .insertInto('answerRatings')
    .values({ tenantId: tenant.id, messageId: message.id, conversationId: conversation.id, rating: 'wrong', questionKey: 'seed' })
    .execute();
  await db.insertInto('unansweredQuestionResolutions').values({ tenantId: tenant.id, questionKey: 'seed', entryId: entry.id }).execute();
  await db.insertInto('liveWatchers').values({ tenantId: tenant.id, serverId: crypto.randomUUID(), watchedUntil: new Date() }).execute();
  return { tenantId: tenant.id, conversationId: conversation.id, entryId: entry.id, messageId: message.id };
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  tenantA = (await seedTenant()).tenantId;
  const b = await seedTenant();
  tenantB = b.tenantId;
  conversationB = b.conversationId;
  entryB = b.entryId;
  messageB = b.messageId;
});
afterAll(() => database.destroy());

// rate_limits holds API key ids for request windows, no tenant data (see schema v1.9).
type TenantTable = Exclude<keyof DB, 'tenants' | 'rateLimits'>;
const TENANT_TABLES: TenantTable[] = [
  'apiKeys',
  'conversations',
  'messages',
  'leads',
  'tenantConfigurations',
  'knowledgeBases',
  'knowledgeBaseRevisions',
  'knowledgeBaseSearchEntries',
  'knowledgeBaseSearchTerms',
  'knowledgeBaseEmbeddings',
  'auditEvents',
  'usageCounters',
  'inboundEvents',
  'outboundReplies',
  'answerRatings',
  'unansweredQuestionResolutions',
  'liveWatchers',
];

/** A valid new row for each table, owned by `tenantId`. */
function newRow(table: TenantTable, tenantId: string): Record<string, unknown> {
  const rows: Record<TenantTable, Record<string, unknown>> = {
    apiKeys: { tenantId, name: 'intruder', keyHash: `hash-${crypto.randomUUID()}` },
    conversations: { tenantId, sessionId: `session_${crypto.randomUUID()}` },
    messages: { tenantId, conversationId: conversationB, role: 'user', content: 'x' },
    leads: { tenantId, intent: 'pricing' },
    tenantConfigurations: { tenantId, configType: `type-${crypto.randomUUID()}`, configData: jsonb({}) },
    knowledgeBases: { tenantId, contentType: 'custom', content: 'x', version: 1000 },
    knowledgeBaseRevisions: { tenantId, revision: crypto.randomUUID() },
    knowledgeBaseSearchEntries: { tenantId, entryId: entryB, analyzer: 'x', questionLength: 0, contentLength: 0 },
    knowledgeBaseSearchTerms: { tenantId, entryId: entryB, field: 'q', term: 'intruder', frequency: 1 },
    knowledgeBaseEmbeddings: { tenantId, entryId: entryB, model: 'intruder', vector: [1] },
    auditEvents: { tenantId, actorType: 'system', action: 'test.intrude' },
    usageCounters: { tenantId, period: '2000-01-01', metric: 'api_requests', count: 1 },
    inboundEvents: { tenantId, platform: 'tidio', dedupeKey: `k-${crypto.randomUUID()}`, eventType: 'x' },
    outboundReplies: { tenantId, conversationId: conversationB, kind: 'assistant' },
    answerRatings: { tenantId, messageId: messageB, conversationId: conversationB, rating: 'correct', questionKey: 'intruder' },
    unansweredQuestionResolutions: { tenantId, questionKey: 'intruder' },
    liveWatchers: { tenantId, serverId: crypto.randomUUID(), watchedUntil: new Date() },
  };
  return rows[table];
}

async function rejection(work: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await work();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

describe('tenant isolation through the netia_app role', () => {
  it.each(TENANT_TABLES)('%s: tenant A selects only its own rows', async (table) => {
    const rows = await withTenantTransaction(db, tenantA, (tx) =>
      (tx as Transaction<any>).selectFrom(table).select('tenantId').execute(),
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row: { tenantId: string }) => row.tenantId === tenantA)).toBe(true);
  });

  it('tenants: tenant A sees exactly its own tenant row', async () => {
    const rows = await withTenantTransaction(db, tenantA, (tx) => tx.selectFrom('tenants').select('id').execute());
    expect(rows).toEqual([{ id: tenantA }]);
  });

  it.each(TENANT_TABLES)('%s: tenant A cannot insert a row for tenant B (42501)', async (table) => {
    const code = await rejection(() =>
      withTenantTransaction(db, tenantA, (tx) => (tx as Transaction<any>).insertInto(table).values(newRow(table, tenantB)).execute()),
    );
    expect(code).toBe('42501');
  });

  it('tenants: tenant A cannot create another tenant (42501)', async () => {
    const code = await rejection(() =>
      withTenantTransaction(db, tenantA, (tx) =>
        tx.insertInto('tenants').values({ id: crypto.randomUUID(), name: 'x', email: `${crypto.randomUUID()}@x.io` }).execute(),
      ),
    );
    expect(code).toBe('42501');
  });

  it.each(TENANT_TABLES)('%s: tenant A updates and deletes none of tenant B rows', async (table) => {
    const before = await (db as Kysely<any>).selectFrom(table).selectAll().where('tenantId', '=', tenantB).execute();
    // Either the policy hides B's rows (0 affected) or the role lacks the privilege outright (42501).
    const attempt = (work: (t: Transaction<any>) => Promise<{ n: bigint }>) =>
      withTenantTransaction(db, tenantA, (tx) => work(tx as Transaction<any>)).then(
        (result) => Number(result.n),
        (error: { code?: string }) => error.code,
      );
    const updated = await attempt(async (t) => ({
      n: (await t.updateTable(table).set({ tenantId: tenantA }).where('tenantId', '=', tenantB).executeTakeFirst()).numUpdatedRows,
    }));
    const deleted = await attempt(async (t) => ({
      n: (await t.deleteFrom(table).where('tenantId', '=', tenantB).executeTakeFirst()).numDeletedRows,
    }));
    expect([0, '42501']).toContain(updated);
    expect([0, '42501']).toContain(deleted);
    const after = await (db as Kysely<any>).selectFrom(table).selectAll().where('tenantId', '=', tenantB).execute();
    expect(after).toEqual(before);
  });

  it('covers every table that has a tenant_id column', async () => {
    const { rows } = await sql<{ name: string }>`
      select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind = 'r'
         and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id')
       order by 1`.execute(db);
    const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    expect(rows.map((row) => row.name)).toEqual(TENANT_TABLES.map(snake).sort());
  });

  it('tenant A can neither rename nor delete tenant B', async () => {
    const changed = await withTenantTransaction(db, tenantA, async (tx) => {
      const update = await tx.updateTable('tenants').set({ name: 'pwned' }).where('id', '=', tenantB).executeTakeFirst();
      return Number(update.numUpdatedRows);
    });
    expect(changed).toBe(0);
    const code = await rejection(() =>
      withTenantTransaction(db, tenantA, (tx) => tx.deleteFrom('tenants').where('id', '=', tenantB).execute()),
    );
    expect(code).toBe('42501'); // netia_app holds no DELETE privilege on tenants at all
  });

  it('tenant A cannot move its own rows to tenant B', async () => {
    const code = await rejection(() =>
      withTenantTransaction(db, tenantA, (tx) => tx.updateTable('leads').set({ tenantId: tenantB }).execute()),
    );
    expect(code).toBe('42501');
  });
});

describe('no tenant bound', () => {
  const ALL_TABLES = ['tenants', ...TENANT_TABLES] as const;

  it.each(ALL_TABLES)('%s reads as empty for netia_app without a tenant, with no error', async (table) => {
    const rows = await withLookupTransaction(db, (tx) => (tx as Transaction<any>).selectFrom(table).selectAll().execute());
    expect(rows).toEqual([]);
  });

  it.each(ALL_TABLES)('%s reads as empty when the setting is the empty string a pooled connection shows', async (table) => {
    const rows = await db.transaction().execute(async (trx) => {
      await sql`select set_config('app.current_tenant_id', '', false)`.execute(trx);
      await sql`set local role netia_app`.execute(trx);
      return (trx as Transaction<any>).selectFrom(table).selectAll().execute();
    });
    expect(rows).toEqual([]);
  });

  it('leaves no tenant and no role behind on the connection after the transaction', async () => {
    await withTenantTransaction(db, tenantA, (tx) => tx.selectFrom('leads').selectAll().execute());
    const { rows } = await sql<{ tenant: string | null; role: string }>`
      select nullif(current_setting('app.current_tenant_id', true), '') as tenant, current_user as role`.execute(db);
    expect(rows[0]?.tenant ?? null).toBeNull();
    expect(rows[0]?.role).not.toBe('netia_app');
  });
});
