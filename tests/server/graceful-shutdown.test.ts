import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Kysely } from 'kysely';
import { wrapPGlite } from '../../src/db/database';
import type { DB } from '../../src/db/db.generated';
import { jsonb } from '../../src/db/json';
import { ALL_SCOPES } from '../../src/modules/api-keys/api-key.scopes';
import { generateApiKey } from '../../src/modules/api-keys/api-key.secret';
import { startFakeOpenAi, type FakeOpenAi } from '../assistant/fake-openai.server';
import { buildTenant } from '../factories/tenant.factory';
import { createTestDatabase, type TestDatabase } from '../setup/database';
import { TEMPLATE_ENV } from '../setup/template';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { startFakeCrisp, type FakePlatform } from '../webhooks/fake-platform.server';
import { crispHeaders, crispVisitorMessage } from '../webhooks/signed-payloads';
import { fakeChatEnv, FAST_QUEUE_ENV, LLM_TEXT, postRaw, waitFor } from '../webhooks/webhook-harness';

jest.setTimeout(300_000);

const usePostgres = Boolean(process.env.TEST_DATABASE_URL);
/** How long the fake LLM takes: long enough to send SIGTERM while both calls are in flight. */
const LLM_DELAY_MS = 4000;

let crisp: FakePlatform;
let llm: FakeOpenAi;
let pgDatabase: TestDatabase | null = null;
let dataDir: string | null = null;
let server: ServerProcess | null = null;

interface Seeded {
  tenantId: string;
  websiteId: string;
  apiKey: string;
}

/** A tenant with a Crisp website and an API key, in a database the child server will open. */
async function prepare(): Promise<{ env: Record<string, string>; seeded: Seeded }> {
  const seed = async (db: Kysely<DB>): Promise<Seeded> => {
    const websiteId = crypto.randomUUID();
    const tenant = await buildTenant(db, { crispWebsiteId: websiteId, subscriptionStatus: 'active' });
    const { plaintext, hash } = generateApiKey();
    await db.insertInto('apiKeys').values({ tenantId: tenant.id, name: 'shutdown', keyHash: hash, permissions: jsonb({ scopes: ALL_SCOPES }) }).execute();
    return { tenantId: tenant.id, websiteId, apiKey: plaintext };
  };
  if (usePostgres) {
    pgDatabase = await createTestDatabase();
    return { env: { DATABASE_URL: pgDatabase.url! }, seeded: await seed(pgDatabase.db) };
  }
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'netia-shutdown-'));
  const template = new Blob([fs.readFileSync(process.env[TEMPLATE_ENV]!)]);
  const database = wrapPGlite(await PGlite.create(dataDir, { loadDataDir: template }));
  try {
    return { env: { DATA_DIR: dataDir }, seeded: await seed(database.db) };
  } finally {
    await database.destroy();
  }
}

/** Reads the final state: through the test connection (PostgreSQL) or by reopening the directory. */
async function finalReplyStatuses(tenantId: string): Promise<string[]> {
  const read = async (db: Kysely<DB>) =>
    (await db.selectFrom('outboundReplies').select('status').where('tenantId', '=', tenantId).execute()).map((row) => row.status);
  if (pgDatabase) return read(pgDatabase.db);
  const database = wrapPGlite(await PGlite.create(dataDir!));
  try {
    return await read(database.db);
  } finally {
    await database.destroy();
  }
}

/** Resolves with the error code of a fresh TCP connection attempt, or 'connected'. */
function connect(url: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

function env(dbEnv: Record<string, string>, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...dbEnv,
    ...FAST_QUEUE_ENV,
    ...fakeChatEnv({ crispBaseUrl: crisp.baseUrl, llmBaseUrl: llm.baseUrl }),
    LLM_TIMEOUT_MS: '30000',
    LOG_LEVEL: 'info',
    ...extra,
  };
}

function askAssistant(url: string, apiKey: string) {
  return fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({ query: 'query { askAssistant(question: "Do you ship to Canada?") { text } }' }),
  });
}

beforeAll(async () => {
  crisp = await startFakeCrisp();
  llm = await startFakeOpenAi({ kind: 'text', text: LLM_TEXT, delayMs: LLM_DELAY_MS });
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

describe('SIGTERM', () => {
  it('refuses new connections, finishes the in-flight request and reply job, and exits 0', async () => {
    const { env: dbEnv, seeded } = await prepare();
    server = await startServerProcess(env(dbEnv));
    const llmCallsBefore = llm.requests.length;

    // A reply job waiting on the slow LLM…
    const raw = JSON.stringify(crispVisitorMessage(seeded.websiteId, `session_${crypto.randomUUID()}`, 'Do you ship to Canada?'));
    expect((await postRaw(`${server.url}/webhooks/crisp`, raw, crispHeaders(raw))).statusCode).toBe(200);
    await waitFor(() => llm.requests.length === llmCallsBefore + 1, 30_000, 'the reply job to call the LLM');
    // …and an HTTP request waiting on it too.
    const inFlight = askAssistant(server.url, seeded.apiKey);
    await waitFor(() => llm.requests.length === llmCallsBefore + 2, 10_000, 'the GraphQL request to call the LLM');

    // Both LLM calls are still running (the reply has not reached Crisp) when SIGTERM arrives.
    expect(crisp.delivered()).toHaveLength(0);
    const sentAt = Date.now();
    const exited = server.stop('SIGTERM');
    await waitFor(async () => (await connect(server!.url)) === 'ECONNREFUSED', 2000, 'the listener to close');

    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { askAssistant: { text: LLM_TEXT } } });
    expect(await exited).toBe(0);
    // Promptly: the in-flight request's keep-alive connection does not hold the exit back.
    expect(Date.now() - sentAt).toBeLessThan(LLM_DELAY_MS + 10_000);
    expect(crisp.delivered()).toHaveLength(1);
    expect(await finalReplyStatuses(seeded.tenantId)).toEqual(['sent']);
    expect(server.output()).toContain('shutdown complete');
  });

  it('is bounded: work still running after SHUTDOWN_TIMEOUT_MS is cut off and the exit code says so', async () => {
    const { env: dbEnv, seeded } = await prepare();
    server = await startServerProcess(env(dbEnv, { SHUTDOWN_TIMEOUT_MS: '1500' }));
    const llmCallsBefore = llm.requests.length;
    llm.enqueue({ kind: 'hang' });
    const inFlight = askAssistant(server.url, seeded.apiKey).then(
      (response) => `answered ${response.status}`,
      (error: Error) => error.message,
    );
    await waitFor(() => llm.requests.length === llmCallsBefore + 1, 10_000, 'the GraphQL request to call the LLM');

    const sentAt = Date.now();
    expect(await server.stop('SIGTERM')).toBe(1);
    expect(Date.now() - sentAt).toBeLessThan(10_000);
    // The hanging request's connection was cut, not answered.
    expect(await inFlight).toBe('fetch failed');
    expect(server.output()).toContain('did not finish within SHUTDOWN_TIMEOUT_MS');
  });
});
