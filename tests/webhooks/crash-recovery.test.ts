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

afterEach(async () => {
  await server?.stop('SIGKILL');
  server = null;
  await pgDatabase?.destroy();
  pgDatabase = null;
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  dataDir = null;
});

afterAll(async () => {
  await Promise.all([crisp.close(), llm.close()]);
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

  it('does not send the reply again when it died after Crisp accepted it: the retry finds it by its fingerprint', async () => {
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
      LOG_LEVEL: 'info',
    };
    server = await startServerProcess(env);
    const dying = server;
    // Crisp takes the message; the server dies before it reads the answer, so "sent" is never recorded.
    crisp.onRequest((request) => {
      if (request.method === 'POST' && request.path.includes(sessionId)) dying.child.kill('SIGKILL');
    });
    const raw = JSON.stringify(crispVisitorMessage(websiteId, sessionId, 'Do you ship to Canada?'));
    expect((await postRaw(`${server.url}/webhooks/crisp`, raw, crispHeaders(raw))).statusCode).toBe(200);
    const posts = () => crisp.requests.filter((r) => r.method === 'POST' && r.path.includes(sessionId));
    await waitFor(() => posts().length === 1, 30_000, 'the reply at Crisp');
    await dying.stop('SIGKILL');
    crisp.onRequest(null);

    server = await startServerProcess(env);
    const lookups = () => crisp.requests.filter((r) => r.method === 'GET' && r.path.includes(sessionId));
    await waitFor(() => lookups().length >= 1, 60_000, 'the retry looking for the message on Crisp');
    expect(lookups()[0]?.path).toBe(`/v1/website/${websiteId}/conversation/${sessionId}/message/${posts()[0]?.body.fingerprint}`);
    expect(await server.stop('SIGTERM')).toBe(0);
    expect(posts()).toHaveLength(1);

    const reply = await withFinalDatabase((db) =>
      db.selectFrom('outboundReplies').select(['status', 'externalId']).where('tenantId', '=', tenantId).executeTakeFirstOrThrow(),
    );
    expect(reply).toEqual({ status: 'sent', externalId: String(posts()[0]?.body.fingerprint) });
  });
});
