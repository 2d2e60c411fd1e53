import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Kysely } from 'kysely';
import { wrapPGlite } from '../../src/db/database';
import type { DB } from '../../src/db/db.generated';
import { startFakeOpenAi, type FakeOpenAi } from '../assistant/fake-openai.server';
import { buildTenant } from '../factories/tenant.factory';
import { createTestDatabase, type TestDatabase } from '../setup/database';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { TEMPLATE_ENV } from '../setup/template';
import { startFakeCrisp, type FakePlatform } from './fake-platform.server';
import { crispHeaders, crispVisitorMessage } from './signed-payloads';
import { countsFor, fakeChatEnv, FAST_QUEUE_ENV, LLM_TEXT, postRaw, waitFor } from './webhook-harness';

jest.setTimeout(300_000);

const usePostgres = Boolean(process.env.TEST_DATABASE_URL);

let crisp: FakePlatform;
let llm: FakeOpenAi;
let pgDatabase: TestDatabase | null = null;
let dataDir: string | null = null;
let server: ServerProcess | null = null;

/** The database the child server will use: a cloned PostgreSQL test database, or a PGlite directory. */
async function prepareDatabase(seed: (db: Kysely<DB>) => Promise<void>): Promise<Record<string, string>> {
  if (usePostgres) {
    pgDatabase = await createTestDatabase();
    await seed(pgDatabase.db);
    return { DATABASE_URL: pgDatabase.url! };
  }
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'netia-crash-'));
  const template = new Blob([fs.readFileSync(process.env[TEMPLATE_ENV]!)]);
  const database = wrapPGlite(await PGlite.create(dataDir, { loadDataDir: template }));
  await seed(database.db);
  await database.destroy();
  return { DATA_DIR: dataDir };
}

/** Reads the final state: through the test connection (PostgreSQL) or by reopening the directory once the server is gone. */
async function withFinalDatabase<T>(work: (db: Kysely<DB>) => Promise<T>): Promise<T> {
  if (pgDatabase) return work(pgDatabase.db);
  const database = wrapPGlite(await PGlite.create(dataDir!));
  try {
    return await work(database.db);
  } finally {
    await database.destroy();
  }
}

beforeAll(async () => {
  crisp = await startFakeCrisp();
  llm = await startFakeOpenAi({ kind: 'text', text: LLM_TEXT });
});

afterAll(async () => {
  await server?.stop('SIGKILL');
  await Promise.all([crisp.close(), llm.close()]);
  await pgDatabase?.destroy();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('a server killed between acknowledgement and reply', () => {
  it('delivers the reply once after a restart', async () => {
    const websiteId = crypto.randomUUID();
    const sessionId = `session_${crypto.randomUUID()}`;
    let tenantId = '';
    const dbEnv = await prepareDatabase(async (db) => {
      tenantId = (await buildTenant(db, { crispWebsiteId: websiteId, subscriptionStatus: 'active' })).id;
    });
    const env = {
      ...dbEnv,
      ...FAST_QUEUE_ENV,
      REPLY_JOB_EXPIRE_SECONDS: '3',
      ...fakeChatEnv({ crispBaseUrl: crisp.baseUrl, llmBaseUrl: llm.baseUrl }),
      LLM_TIMEOUT_MS: '30000',
      LOG_LEVEL: 'warn',
    };
    // The first LLM call never answers: the server is busy with the reply when it dies.
    llm.enqueue({ kind: 'hang' });
    server = await startServerProcess(env);
    const raw = JSON.stringify(crispVisitorMessage(websiteId, sessionId, 'Do you ship to Canada?'));
    const ack = await postRaw(`${server.url}/webhooks/crisp`, raw, crispHeaders(raw));
    expect(ack.statusCode).toBe(200);
    await waitFor(() => llm.requests.length === 1, 30_000, 'the reply job to call the LLM');
    await server.stop('SIGKILL');
    expect(crisp.requests).toHaveLength(0);

    server = await startServerProcess(env);
    await waitFor(() => crisp.delivered().length === 1, 60_000, 'the reply after the restart');
    expect(crisp.delivered()[0]?.body).toMatchObject({ content: LLM_TEXT, from: 'operator', automated: true });

    // SIGTERM: graceful shutdown, exit code 0; the running job finishes first.
    expect(await server.stop('SIGTERM')).toBe(0);

    const state = await withFinalDatabase(async (db) => ({
      counts: await countsFor(db, tenantId),
      reply: await db.selectFrom('outboundReplies').select('status').where('tenantId', '=', tenantId).executeTakeFirstOrThrow(),
    }));
    expect(state.counts).toMatchObject({ conversations: 1, messages: 2, inboundEvents: 1, outboundReplies: 1 });
    // Sent once while the server ran, and recorded as sent: a job still queued (one that expired
    // while it ran, say) finds nothing left to send.
    expect(state.reply.status).toBe('sent');
    expect(crisp.delivered()).toHaveLength(1);
  });
});
