import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../src/db/db.generated';
import { jsonb } from '../../src/db/json';
import { withTenantTransaction } from '../../src/db/tenant-transaction';
import { updateIntegration } from '../../src/modules/integrations/integration.service';
import { buildConversation, buildLead, buildMessage } from '../factories/conversation.factory';
import { buildApiKeyRow, buildConfiguration, buildKnowledgeBaseEntry } from '../factories/knowledge-base.factory';
import { analyzerFor } from '../../src/assistant/retrieval/analyzer';
import { ensureIndexed } from '../../src/assistant/retrieval/indexer';

/** Plaintext integration secrets seeded for every tenant: an export must never contain them. */
export const PLAINTEXT_SECRETS = ['tidio-client-secret-0123456789', 'tidio-webhook-secret-abcdef', 'crisp-website-hook-key-0123456789'];

/**
 * One row in every tenant table for `tenantId` (knowledge base with an old version, sealed Crisp and
 * Tidio credentials, an audit event, a delivery and a reply), inserted as the owner except the sealed
 * integrations, which go through the integration service.
 */
export async function seedTenantData(db: Kysely<DB>, tenantId: string, label: string) {
  const conversation = await buildConversation(db, { tenantId, sessionId: `session-${label}`, platform: 'crisp' });
  const visitor = await buildMessage(db, { tenantId, conversationId: conversation.id, content: `question from ${label}` });
  const answer = await buildMessage(db, { tenantId, conversationId: conversation.id, role: 'assistant', content: `answer for ${label}` });
  const lead = await buildLead(db, { tenantId, conversationId: conversation.id, contactInfo: jsonb({ email: `${label}@visitor.example` }) });
  const orphanLead = await buildLead(db, { tenantId, intent: 'contact', contactInfo: jsonb({ phone: '+14155550123' }) });
  const oldKb = await buildKnowledgeBaseEntry(db, { tenantId, content: `old ${label}`, isActive: false });
  const kb = await buildKnowledgeBaseEntry(db, { tenantId, content: `current ${label}` });
  const config = await buildConfiguration(db, { tenantId, configType: 'assistant', configData: jsonb({ botName: `Bot ${label}` }) });
  // The derived search index and an embedding vector of the live entry.
  await withTenantTransaction(db, tenantId, (tx) => ensureIndexed(tx, tenantId, analyzerFor('en')));
  await db.insertInto('knowledgeBaseEmbeddings').values({ tenantId, entryId: kb.id, model: 'seed-model', vector: [1, 0] }).execute();
  const key = await buildApiKeyRow(db, { tenantId, keyHash: `hash-of-${label}-${randomBytes(8).toString('hex')}` });
  const encryptionKey = randomBytes(32);
  await withTenantTransaction(db, tenantId, async (tx) => {
    await updateIntegration(tx, encryptionKey, tenantId, 'tidio', { clientId: 'tidio-client', clientSecret: PLAINTEXT_SECRETS[0], webhookSecret: PLAINTEXT_SECRETS[1] });
    await updateIntegration(tx, encryptionKey, tenantId, 'crisp', { websiteHookKey: PLAINTEXT_SECRETS[2] });
  });
  await db
    .insertInto('auditEvents')
    .values({ tenantId, actorType: 'system', action: 'test.seed', details: jsonb({ label }) })
    .execute();
  await db
    .insertInto('inboundEvents')
    .values({ tenantId, platform: 'crisp', dedupeKey: `dedupe-${label}`, eventType: 'message:send', payload: jsonb({ conversationRef: conversation.sessionId }) })
    .execute();
  await db
    .insertInto('outboundReplies')
    .values({ tenantId, conversationId: conversation.id, kind: 'assistant', inReplyToMessageId: visitor.id, messageId: answer.id, content: `answer for ${label}`, status: 'sent' })
    .execute();
  await db
    .insertInto('answerRatings')
    .values({ tenantId, messageId: answer.id, conversationId: conversation.id, rating: 'wrong', note: `note of ${label}`, questionKey: `question ${label}`, questionMessageId: visitor.id })
    .execute();
  await db.insertInto('unansweredQuestionResolutions').values({ tenantId, questionKey: `question ${label}`, entryId: kb.id }).execute();
  await db.insertInto('liveWatchers').values({ tenantId, serverId: crypto.randomUUID(), watchedUntil: new Date() }).execute();
  await db
    .insertInto('usageCounters')
    .values({ tenantId, period: sql<Date>`date_trunc('month', now())::date`, metric: 'ai_replies', count: 3 })
    .execute();
  return { conversation, messages: [visitor, answer], leads: [lead, orphanLead], knowledgeBase: [oldKb, kb], config, key };
}

/** Every table with a tenant_id column, found in the catalog so a new tenant table cannot be missed. */
export async function tenantTables(db: Kysely<DB>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select c.table_name as name from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = 'public' and c.column_name = 'tenant_id' and t.table_type = 'BASE TABLE'
    order by c.table_name`.execute(db);
  return rows.map((row) => row.name);
}

/** Rows per tenant table for one tenant (owner connection), plus the tenants row itself. */
export async function rowCounts(db: Kysely<DB>, tenantId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of [...(await tenantTables(db)), 'tenants']) {
    const column = table === 'tenants' ? sql.ref('id') : sql.ref('tenant_id');
    const { rows } = await sql<{ n: string }>`select count(*) as n from ${sql.table(table)} where ${column} = ${tenantId}`.execute(db);
    counts[table] = Number(rows[0]!.n);
  }
  return counts;
}
