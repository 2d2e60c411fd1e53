import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { Client } from 'pg';
import { sql, type Insertable, type Kysely } from 'kysely';
import type { Conversations, DB, KnowledgeBases, Leads, Messages, Tenants } from '../src/db/db.generated';
import { createDatabase } from '../src/db/database';
import { jsonb } from '../src/db/json';
import { MIGRATIONS_DIR, migrateToLatest } from '../src/db/migrate';
import { withTenantTransaction } from '../src/db/tenant-transaction';
import { createApiKey } from '../src/modules/api-keys/api-key.service';
import { analyzerFor } from '../src/assistant/retrieval/analyzer';
import { ensureIndexed } from '../src/assistant/retrieval/indexer';
import { DEFAULT_LANGUAGE } from '../src/assistant/retrieval/languages';

export interface DataSize {
  tenants: number;
  conversations: number;
  messages: number;
  /** Messages of the one long conversation each tenant gets (the "conversation with 100 messages"). */
  longMessages: number;
  faqs: number;
}

/** What the load scenarios need per tenant; keys are fresh plaintexts from this run. */
export interface SeededTenant {
  id: string;
  apiKey: string;
  crispWebsiteId: string;
  longConversationId: string;
}

const BATCH_ROWS = 4000;
/** 2: FAQs indexed for search when seeded. */
const SEED_VERSION = 2;
const INTENTS = ['pricing', 'demo', 'support', 'purchase'] as const;
const STATUSES = ['new', 'contacted', 'qualified', 'converted', 'lost'] as const;
const VISITOR_LINES = [
  'Hi, how much does the pro plan cost per month?',
  'Do you ship to Germany and how long does it take?',
  'Can I book a demo for my team next week?',
  'My order has not arrived yet, can you check the status?',
  'Is there a discount for annual billing?',
  'You can reach me at visitor@example.com or +1 415 555 0100.',
  'What integrations do you support besides Slack?',
  'I would like to talk to a human please.',
];
const BOT_LINES = [
  'The pro plan is 49 EUR per month, billed monthly or yearly with two months free.',
  'We ship worldwide; delivery to Germany takes three to five working days.',
  'Sure, our team offers demos every weekday; which time suits you?',
  'I have passed your order question to our support team, they answer within a day.',
  'Yes, annual billing gives you two months for free.',
  'Thanks, a member of our sales team will contact you shortly.',
];

function pick<T>(values: readonly T[], index: number): T {
  return values[index % values.length] as T;
}

/** postgres://…/name → the same server's maintenance database and the database name. */
function splitUrl(url: string): { adminUrl: string; name: string } {
  const parsed = new URL(url);
  const name = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bench database name must be a plain identifier, got "${name}"`);
  parsed.pathname = '/postgres';
  return { adminUrl: parsed.toString(), name };
}

/**
 * Makes sure the database at `url` holds a data set of `size`: reuses it when its comment records
 * the same size (seeding 200k messages takes a while), otherwise drops, creates, migrates and seeds.
 */
export async function prepareDatabase(url: string, size: DataSize, fresh: boolean, log: (line: string) => void): Promise<void> {
  const { adminUrl, name } = splitUrl(url);
  // A database seeded before a new migration landed, or by an earlier SEED_VERSION, is re-seeded rather than reused.
  const migrations = fs.readdirSync(MIGRATIONS_DIR).filter((file) => /^\d{8}T\d{6}-/.test(file)).length;
  const marker = `netia-bench ${JSON.stringify({ ...size, migrations, seed: SEED_VERSION })}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ comment: string | null }>(
      `select shobj_description(oid, 'pg_database') as comment from pg_database where datname = $1`,
      [name],
    );
    const comment = rows[0]?.comment;
    if (!fresh && comment === marker) {
      log(`reusing database ${name} (${marker})`);
      return;
    }
    // Only ever drop a database this harness created (it carries the netia-bench comment).
    if (rows.length > 0 && !comment?.startsWith('netia-bench')) {
      throw new Error(`database ${name} exists and was not created by the bench; choose another BENCH_DATABASE_URL`);
    }
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
    await admin.query(`comment on database ${name} is 'netia-bench seeding'`);
  } finally {
    await admin.end();
  }
  const started = Date.now();
  const database = await createDatabase(ownerConfig(url));
  try {
    await migrateToLatest(database.db);
    await seed(database.db, size, log);
    await sql`analyze`.execute(database.db);
  } finally {
    await database.destroy();
  }
  const marked = new Client({ connectionString: adminUrl });
  await marked.connect();
  await marked.query(`comment on database ${name} is '${marker.replace(/'/g, "''")}'`);
  await marked.end();
  log(`seeded ${name} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

export function ownerConfig(url: string) {
  return { kind: 'postgres' as const, url, poolMax: 4, idleTimeoutMs: 10_000, connectTimeoutMs: 5_000, statementTimeoutMs: 600_000, preparedStatements: true };
}

async function insertBatched<T extends keyof DB & string>(db: Kysely<DB>, table: T, rows: Insertable<DB[T]>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH_ROWS) {
    // Kysely's insert typing cannot follow a generic table name; the rows are typed by the caller.
    await db.insertInto(table).values(rows.slice(i, i + BATCH_ROWS) as never).execute();
  }
}

async function seed(db: Kysely<DB>, size: DataSize, log: (line: string) => void): Promise<void> {
  const now = Date.now();
  for (let t = 0; t < size.tenants; t++) {
    const tenantId = randomUUID();
    const tenant: Insertable<Tenants> = {
      id: tenantId,
      name: `Bench shop ${t + 1}`,
      email: `owner-${t + 1}@bench.example.com`,
      subscriptionPlan: 'pro',
      subscriptionStatus: 'active',
      crispWebsiteId: `bench-website-${t + 1}`,
    };
    await db.insertInto('tenants').values(tenant).execute();
    const conversations: Insertable<Conversations>[] = [];
    const messages: Insertable<Messages>[] = [];
    const leads: Insertable<Leads>[] = [];
    for (let c = 0; c < size.conversations; c++) {
      const conversationId = randomUUID();
      const count = c === 0 ? size.longMessages : size.messages;
      const start = now - (30 * 24 * 3600_000 * (c + 1)) / size.conversations;
      let firstUserMessageId: string | null = null;
      for (let m = 0; m < count; m++) {
        const id = randomUUID();
        const role = m % 2 === 0 ? 'user' : 'assistant';
        if (role === 'user' && firstUserMessageId === null) firstUserMessageId = id;
        messages.push({
          id,
          tenantId,
          conversationId,
          role,
          content: role === 'user' ? pick(VISITOR_LINES, c + m) : pick(BOT_LINES, c + m),
          timestamp: new Date(start + m * 20_000),
          externalId: `ext-${c}-${m}`,
          metadata: jsonb({ fingerprint: 1000 + m }),
        });
      }
      const last = new Date(start + Math.max(count - 1, 0) * 20_000);
      conversations.push({
        id: conversationId,
        tenantId,
        sessionId: `session_${conversationId}`,
        platform: c % 10 === 9 ? 'tidio' : 'crisp',
        metadata: jsonb({ nickname: `Visitor ${c + 1}`, locale: 'en' }),
        createdAt: new Date(start),
        updatedAt: last,
      });
      if (c % 4 === 0) {
        leads.push({
          tenantId,
          conversationId,
          intent: pick(INTENTS, c / 4),
          status: pick(STATUSES, c / 4),
          contactInfo: jsonb({ email: `visitor-${c + 1}@example.com` }),
          sourceMessageId: firstUserMessageId,
          createdAt: last,
          updatedAt: last,
        });
      }
    }
    const faqs: Insertable<KnowledgeBases>[] = Array.from({ length: size.faqs }, (_, f) => ({
      tenantId,
      contentType: 'faq',
      version: f + 1,
      title: `FAQ ${f + 1}: ${pick(VISITOR_LINES, f)}`,
      content: `${pick(BOT_LINES, f)} ${pick(BOT_LINES, f + 2)}`,
    }));
    await insertBatched(db, 'conversations', conversations);
    await insertBatched(db, 'messages', messages);
    await insertBatched(db, 'leads', leads);
    await insertBatched(db, 'knowledgeBases', faqs);
    // Searchable as publishing through the API makes them, not at the tenant's first visitor question:
    // that one-off indexing (~ 80 ms a tenant) is not what the webhook scenarios measure.
    await withTenantTransaction(db, tenantId, (tx) => ensureIndexed(tx, tenantId, analyzerFor(DEFAULT_LANGUAGE)));
    if ((t + 1) % 10 === 0 || t + 1 === size.tenants) log(`  seeded ${t + 1}/${size.tenants} tenants`);
  }
}

/**
 * Fresh API keys for every tenant, made by the project's own createApiKey inside a tenant
 * transaction (so the stored hash is exactly what authentication computes). Bench keys over an hour old go.
 */
export async function prepareTenants(url: string): Promise<SeededTenant[]> {
  const database = await createDatabase(ownerConfig(url));
  try {
    const db = database.db;
    // Keys of earlier runs go, but not those of a run still going (a soak lasts minutes).
    await db
      .deleteFrom('apiKeys')
      .where('name', 'like', 'bench %')
      .where('createdAt', '<', sql<Date>`now() - interval '1 hour'`)
      .execute();
    const tenants = await db.selectFrom('tenants').select(['id', 'crispWebsiteId']).orderBy('email').execute();
    const seeded: SeededTenant[] = [];
    for (const tenant of tenants) {
      const { plaintextKey } = await withTenantTransaction(db, tenant.id, (tx) =>
        createApiKey(tx, tenant.id, { name: `bench ${new Date().toISOString()}` }),
      );
      const longest = await db
        .selectFrom('messages')
        .select('conversationId')
        .where('tenantId', '=', tenant.id)
        .groupBy('conversationId')
        .orderBy(sql`count(*)`, 'desc')
        .limit(1)
        .executeTakeFirstOrThrow();
      seeded.push({ id: tenant.id, apiKey: plaintextKey, crispWebsiteId: tenant.crispWebsiteId ?? '', longConversationId: longest.conversationId });
    }
    return seeded;
  } finally {
    await database.destroy();
  }
}
