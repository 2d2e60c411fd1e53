import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { sql, type Kysely } from 'kysely';
import pino from 'pino';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config';
import type { DB } from '../src/db/db.generated';
import { createDatabase } from '../src/db/database';
import { jsonb } from '../src/db/json';
import { migrateToLatest } from '../src/db/migrate';
import { ALL_SCOPES } from '../src/modules/api-keys/api-key.scopes';
import { generateApiKey } from '../src/modules/api-keys/api-key.secret';

/**
 * Issue 16's cost target: on one tenant of 1 M messages, `botPerformance` over 30 days and the first
 * page of `unansweredQuestions` answer in under 200 ms, through the real app (buildApp, API key,
 * tenant transaction under RLS), timed warm and one request at a time.
 *
 * Data (set-based INSERT … SELECT generate_series, so seeding takes minutes, not hours): the bench
 * tenant has BENCH_CONVERSATIONS conversations of 4 messages (visitor, bot, visitor, bot) spread evenly
 * over BENCH_DAYS days; bot replies are a realistic mix (60 % FAQ, 15 % LLM answers, 10 % no_answer,
 * 5 % low_confidence, 3 % visitor asked, 3 % LLM error, 2 % quota, 2 % operator messages), question
 * keys Zipf-like over 5,000 distinct questions; 2,000 answers rated wrong; a second tenant of 100 k
 * messages in the same tables, so RLS and the tenant-leading indexes have something to skip.
 * The database is dropped and created afresh (BENCH_ANALYTICS_DATABASE_URL, default analytics_bench).
 */
const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 250_000);
const DAYS = Number(process.env.BENCH_DAYS ?? 365);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const WARMUP = 5;
const OUT = path.join(__dirname, '..', '..', '..', 'bot-analytics-results.json');

async function freshDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  if (!/^\w+$/.test(name)) throw new Error('database name: letters, digits and _ only');
  target.pathname = '/postgres';
  const admin = new Client({ connectionString: target.toString() });
  await admin.connect();
  await admin.query(`drop database if exists ${name}`);
  await admin.query(`create database ${name}`);
  await admin.end();
}

/** One tenant's conversations and messages, generated in SQL. */
async function seedTenant(db: Kysely<DB>, tenantId: string, conversations: number, days: number, entryIds: string[]): Promise<void> {
  const chunk = 25_000;
  for (let start = 0; start < conversations; start += chunk) {
    const end = Math.min(conversations, start + chunk) - 1;
    await sql`
      insert into conversations (id, tenant_id, session_id, platform, created_at, updated_at)
      select md5(${tenantId}::text || '-c-' || i)::uuid, ${tenantId}, 'session_' || i, case when i % 10 = 9 then 'tidio' else 'crisp' end,
             now() - (${days}::float8 * (${conversations} - i) / ${conversations}) * interval '1 day',
             now() - (${days}::float8 * (${conversations} - i) / ${conversations}) * interval '1 day' + interval '1 minute'
        from generate_series(${start}::int, ${end}::int) as i`.execute(db);
    await sql`
      insert into messages (id, tenant_id, conversation_id, role, content, timestamp, metadata)
      select md5(${tenantId}::text || '-m-' || i || '-' || j)::uuid, ${tenantId}, md5(${tenantId}::text || '-c-' || i)::uuid,
             case when j % 2 = 0 then 'user' else 'assistant' end,
             case when j % 2 = 0 then 'Question number ' || k || ' from a visitor?' else 'An answer from the bot.' end,
             now() - (${days}::float8 * (${conversations} - i) / ${conversations}) * interval '1 day' + j * interval '20 seconds',
             case
               when j % 2 = 0 then jsonb_build_object('platform', 'crisp')
               when b < 60 then jsonb_build_object('answerKind', 'faq', 'model', 'builtin', 'latencyMs', 3 + b % 7, 'confidence', 0.8,
                 'questionKey', 'q' || k, 'questionMessageId', md5(${tenantId}::text || '-m-' || i || '-' || (j - 1))::uuid,
                 'sources', jsonb_build_array(jsonb_build_object('id', (${entryIds}::text[])[1 + k % ${entryIds.length}], 'score', 5.5, 'coverage', 0.9)))
               when b < 75 then jsonb_build_object('answerKind', 'ai', 'model', case when b % 2 = 0 then 'gpt-4o-mini' else 'gpt-4o' end,
                 'latencyMs', 800 + b * 20, 'promptTokens', 900 + b, 'completionTokens', 80 + b, 'questionKey', 'q' || k,
                 'questionMessageId', md5(${tenantId}::text || '-m-' || i || '-' || (j - 1))::uuid, 'sources', '[]'::jsonb)
               when b < 90 then jsonb_build_object('answerKind', 'handoff', 'model', 'builtin', 'latencyMs', 2,
                 'handoffReason', case when b < 85 then 'no_answer' else 'low_confidence' end, 'questionKey', 'q' || k,
                 'questionMessageId', md5(${tenantId}::text || '-m-' || i || '-' || (j - 1))::uuid,
                 'sources', jsonb_build_array(jsonb_build_object('id', (${entryIds}::text[])[1 + k % ${entryIds.length}], 'score', 1 + b % 5, 'coverage', 0.4)))
               when b < 93 then jsonb_build_object('answerKind', 'handoff', 'model', 'builtin', 'latencyMs', 1, 'handoffReason', 'visitor_request', 'questionKey', 'q' || k)
               when b < 96 then jsonb_build_object('answerKind', 'fallback', 'model', 'gpt-4o-mini', 'latencyMs', 15000, 'error', 'timeout', 'questionKey', 'q' || k)
               when b < 98 then jsonb_build_object('answerKind', 'handoff', 'model', 'builtin', 'latencyMs', 1, 'quotaExceeded', true, 'questionKey', 'q' || k)
               else jsonb_build_object('operator', true, 'platform', 'crisp')
             end
        from generate_series(${start}::int, ${end}::int) as i
       cross join generate_series(0, 3) as j
       cross join lateral (select (i * 7 + j * 13) % 100 as b, floor(5000 * power(((i * 7919 + j * 104729) % 10007) / 10007.0, 3))::int as k) as v`.execute(db);
  }
}

/** Two tenants (the bench one and a smaller neighbour), an FAQ list, ratings and resolutions. */
async function seed(db: Kysely<DB>, log: (line: string) => void): Promise<{ id: string }> {
  const [tenant, noise] = await db
    .insertInto('tenants')
    .values([
      { name: 'Bench', email: 'bench@example.com', subscriptionStatus: 'active', subscriptionPlan: 'enterprise' },
      { name: 'Noise', email: 'noise@example.com', subscriptionStatus: 'active' },
    ])
    .returning('id')
    .execute();
  const entries = await db
    .insertInto('knowledgeBases')
    .values(Array.from({ length: 200 }, (_, i) => ({ tenantId: tenant!.id, contentType: 'faq', title: `Question ${i}?`, content: `Answer ${i}.`, version: i + 1 })))
    .returning('id')
    .execute();
  const entryIds = entries.map((entry) => entry.id);
  const seedStarted = Date.now();
  await seedTenant(db, tenant!.id, CONVERSATIONS, DAYS, entryIds);
  await seedTenant(db, noise!.id, 25_000, DAYS, entryIds);
  await sql`
    insert into answer_ratings (message_id, tenant_id, conversation_id, rating, question_key, rated_at)
    select m.id, m.tenant_id, m.conversation_id, 'wrong', m.metadata->>'questionKey', m.timestamp + interval '1 hour'
      from messages m
     where m.tenant_id = ${tenant!.id} and m.metadata->>'answerKind' = 'faq'
     order by m.timestamp desc
     limit 2000`.execute(db);
  await sql`
    insert into unanswered_question_resolutions (tenant_id, question_key, resolved_at)
    select ${tenant!.id}, 'q' || k, now() - interval '10 days' from generate_series(0, 20) as k`.execute(db);
  const seedSeconds = (Date.now() - seedStarted) / 1000;
  // autovacuum is off on this machine: settle the tables as it would after a bulk load.
  await sql`vacuum analyze`.execute(db);
  log(`seeded in ${seedSeconds.toFixed(0)} s`);
  return tenant!;
}

interface Timing {
  name: string;
  p50: number;
  p95: number;
  max: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  const url = process.env.BENCH_ANALYTICS_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/analytics_bench';
  const log = (line: string) => console.log(`[bench:analytics] ${line}`);
  // BENCH_REUSE=1: time again on the database a previous run seeded (same schema), without re-seeding.
  const reuse = process.env.BENCH_REUSE === '1';
  if (!reuse) await freshDatabase(url);
  const config = loadConfig({
    DATABASE_URL: url,
    NETIA_ALLOW_SUPERUSER: 'true',
    LOG_LEVEL: 'silent',
    // Seeding statements insert 200 k rows each; the queries measured stay far below the default.
    STATEMENT_TIMEOUT_MS: '900000',
    LLM_PRICES: JSON.stringify({ 'gpt-4o-mini': { prompt: 0.15, completion: 0.6 }, 'gpt-4o': { prompt: 2.5, completion: 10 } }),
  });
  const database = await createDatabase(config.database);
  const db = database.db;
  try {
    await migrateToLatest(db);
    const seeded = reuse ? await db.selectFrom('tenants').select('id').where('name', '=', 'Bench').executeTakeFirst() : undefined;
    const tenant = seeded ?? (await seed(db, log));
    await sql`analyze`.execute(db);
    const counts = await sql<{ messages: string; conversations: string }>`
      select (select count(*) from messages where tenant_id = ${tenant.id}) as messages,
             (select count(*) from conversations where tenant_id = ${tenant.id}) as conversations`.execute(db);
    log(`${seeded ? 'reused' : 'seeded'} ${counts.rows[0]!.messages} messages / ${counts.rows[0]!.conversations} conversations over ${DAYS} days`);
    const { plaintext, hash } = generateApiKey();
    await db.insertInto('apiKeys').values({ tenantId: tenant.id, name: 'bench', keyHash: hash, permissions: jsonb({ scopes: ALL_SCOPES }) }).execute();
    const app = await buildApp({ config, database, logger: pino({ level: 'silent' }) });
    const now = Date.now();
    const since = (days: number) => new Date(now - days * 86_400_000).toISOString();
    const PERFORMANCE = `query($from: DateTime, $to: DateTime, $platform: ChatPlatform) { botPerformance(from: $from, to: $to, platform: $platform) {
      conversations visitorMessages botAnswers automatedConversations automationRate answersFollowedByHandoff answersRatedWrong llmCalls estimatedCostUsd
      handoffs { total visitorAsked noAnswer lowConfidence operatorSteppedIn quotaExceeded llmError }
      replyLatencyMs { p50 p95 } llmUsage { model calls promptTokens completionTokens estimatedCostUsd }
      daily { date conversations visitorMessages botAnswers handoffs automatedConversations answersFollowedByHandoff } } }`;
    const UNANSWERED = `query($from: DateTime, $to: DateTime, $first: Int) { unansweredQuestions(from: $from, to: $to, first: $first) {
      edges { cursor node { key question count firstSeenAt lastSeenAt reasons exampleConversations { id sessionId } bestCandidate { entryId title score } } }
      pageInfo { hasNextPage endCursor } } }`;
    // The 365-day runs show how the cost grows with the range; three runs each (they take seconds).
    const scenarios: { name: string; query: string; variables: Record<string, unknown>; runs?: number }[] = [
      { name: 'botPerformance, 30 days', query: PERFORMANCE, variables: { from: since(30) } },
      { name: 'botPerformance, 30 days, platform CRISP', query: PERFORMANCE, variables: { from: since(30), platform: 'CRISP' } },
      { name: 'unansweredQuestions(first: 20), 30 days', query: UNANSWERED, variables: { from: since(30), first: 20 } },
      { name: 'botPerformance, 365 days (for scale)', query: PERFORMANCE, variables: { from: since(365) }, runs: 3 },
      { name: 'unansweredQuestions(first: 20), 365 days (for scale)', query: UNANSWERED, variables: { from: since(365), first: 20 }, runs: 3 },
    ];
    log(`load average before timing: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (2 cores, shared)`);
    const timings: Timing[] = [];
    const samples: Record<string, unknown> = {};
    for (const scenario of scenarios) {
      const times: number[] = [];
      const warmup = scenario.runs ? 1 : WARMUP;
      for (let i = 0; i < warmup + (scenario.runs ?? RUNS); i++) {
        const started = process.hrtime.bigint();
        const response = await app.inject({
          method: 'POST',
          url: '/graphql',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${plaintext}` },
          payload: { query: scenario.query, variables: scenario.variables },
        });
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        const body = response.json() as { data?: unknown; errors?: unknown };
        if (body.errors) throw new Error(`${scenario.name}: ${JSON.stringify(body.errors)}`);
        if (i >= warmup) times.push(ms);
        if (i === 0) samples[scenario.name] = body.data;
      }
      times.sort((a, b) => a - b);
      const timing = { name: scenario.name, p50: percentile(times, 50), p95: percentile(times, 95), max: times[times.length - 1]! };
      timings.push(timing);
      log(`${timing.name}: p50 ${timing.p50.toFixed(1)} ms, p95 ${timing.p95.toFixed(1)} ms, max ${timing.max.toFixed(1)} ms`);
    }
    const perf30 = samples['botPerformance, 30 days'] as { botPerformance: Record<string, unknown> };
    const { daily: _daily, ...summary } = perf30.botPerformance;
    log(`30-day figures: ${JSON.stringify(summary)}`);
    fs.writeFileSync(
      OUT,
      `${JSON.stringify({ at: new Date().toISOString(), conversations: CONVERSATIONS, days: DAYS, runs: RUNS, messages: Number(counts.rows[0]!.messages), loadAverage: os.loadavg(), timings, summary }, null, 2)}\n`,
    );
    log(`wrote ${OUT}`);
    await app.close();
  } finally {
    await database.destroy();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
