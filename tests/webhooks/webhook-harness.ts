import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import pino from 'pino';
import { buildApp } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import type { DB } from '../../src/db/db.generated';
import { withTenantTransaction } from '../../src/db/tenant-transaction';
import { startChatRuntime, type ChatRuntime } from '../../src/chat/replies/chat-runtime';
import { REPLY_QUEUE } from '../../src/jobs/job-queue';
import type { CrispIntegration, TidioIntegration } from '../../src/modules/integrations/integration.schemas';
import { updateIntegration } from '../../src/modules/integrations/integration.service';
import { startFakeOpenAi, type FakeOpenAi } from '../assistant/fake-openai.server';
import { createTestDatabase, type TestDatabase } from '../setup/database';
import { startFakeCrisp, startFakeTidio, type FakePlatform } from './fake-platform.server';
import { waitFor } from '../support/wait-for';
import { CRISP_SECRET } from './signed-payloads';

export const LLM_TEXT = 'We ship to Canada in 5-7 days.';

/** /metrics is served behind this token in the harness (GET with `Authorization: Bearer <token>`). */
export const METRICS_TOKEN = 'test-metrics-token-0123456789abcdef';

/** Test-speed queue settings: the same worker code, shorter waits. */
export const FAST_QUEUE_ENV = {
  REPLY_RETRY_DELAY_SECONDS: '1',
  REPLY_MAX_ATTEMPTS: '5',
  REPLY_JOB_EXPIRE_SECONDS: '5',
  QUEUE_POLL_INTERVAL_SECONDS: '0.5',
  QUEUE_MAINTENANCE_INTERVAL_SECONDS: '1',
};

/** The environment that points the server's Crisp integration and LLM at fake servers (in-process or a child process). */
export function fakeChatEnv(fakes: { crispBaseUrl: string; llmBaseUrl: string }): Record<string, string> {
  return {
    NETIA_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    CRISP_WEBHOOK_SECRET: CRISP_SECRET,
    CRISP_API_URL: `${fakes.crispBaseUrl}/v1`,
    CRISP_IDENTIFIER: 'crisp-identifier',
    CRISP_KEY: 'crisp-key',
    OPENAI_API_KEY: 'sk-test',
    OPENAI_BASE_URL: fakes.llmBaseUrl,
  };
}

export interface WebhookHarness {
  database: TestDatabase;
  db: Kysely<DB>;
  config: Config;
  app: FastifyInstance;
  chat: ChatRuntime;
  crisp: FakePlatform;
  tidio: FakePlatform;
  llm: FakeOpenAi;
  /** The app listens on 127.0.0.1 (port 0): requests go through real HTTP, raw bytes included. */
  baseUrl: string;
  post(path: string, raw: string, headers: Record<string, string>): Promise<{ statusCode: number; body: string }>;
  close(): Promise<void>;
}

/**
 * A migrated test database, fake Crisp/Tidio/OpenAI servers on 127.0.0.1, and the real app with the
 * real reply worker running in-process against them.
 */
export async function startWebhookHarness(
  extraEnv: Record<string, string> = {},
  options: { logLines?: string[]; database?: TestDatabase } = {},
): Promise<WebhookHarness> {
  const database = options.database ?? (await createTestDatabase());
  const [crisp, tidio, llm] = await Promise.all([startFakeCrisp(), startFakeTidio(), startFakeOpenAi({ kind: 'text', text: LLM_TEXT })]);
  const config = loadConfig({
    ...fakeChatEnv({ crispBaseUrl: crisp.baseUrl, llmBaseUrl: llm.baseUrl }),
    TIDIO_API_URL: tidio.baseUrl,
    LLM_MODEL: 'fake-model',
    LLM_TIMEOUT_MS: '2000',
    PLATFORM_TIMEOUT_MS: '2000',
    WEBHOOK_BODY_LIMIT_BYTES: String(64 * 1024),
    LOG_LEVEL: 'silent',
    METRICS_TOKEN,
    ...FAST_QUEUE_ENV,
    ...extraEnv,
  });
  const lines = options.logLines;
  const logger = lines
    ? pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) })
    : pino({ level: 'silent' });
  const chat = await startChatRuntime({ config, database, logger });
  const app = await buildApp({ config, database, logger, chat });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    baseUrl,
    post: (path, raw, headers) => postRaw(`${baseUrl}${path}`, raw, headers),
    database,
    db: database.db,
    config,
    app,
    chat,
    crisp,
    tidio,
    llm,
    async close() {
      await app.close();
      await chat.stop();
      await Promise.all([crisp.close(), tidio.close(), llm.close()]);
      await database.destroy();
    },
  };
}

export async function setTidioIntegration(h: WebhookHarness, tenantId: string, settings: TidioIntegration): Promise<void> {
  await withTenantTransaction(h.db, tenantId, (tx) => updateIntegration(tx, h.config.encryptionKey, tenantId, 'tidio', settings));
}

export async function setCrispIntegration(h: WebhookHarness, tenantId: string, settings: CrispIntegration): Promise<void> {
  await withTenantTransaction(h.db, tenantId, (tx) => updateIntegration(tx, h.config.encryptionKey, tenantId, 'crisp', settings));
}

export { waitFor } from '../support/wait-for';

/**
 * Waits until no reply job is waiting, due for a retry or running: everything the deliveries so far
 * set in motion has been done, so asserting that something did NOT happen (a second send) is safe.
 * Webhook routes enqueue before they answer, so a job a delivery (wrongly) created is counted here.
 */
export async function replyQueueDrained(db: Kysely<DB>, timeoutMs = 30_000): Promise<void> {
  await waitFor(async () => (await pendingReplyJobs(db)) === 0, timeoutMs, 'the reply queue to drain');
}

async function pendingReplyJobs(db: Kysely<DB>): Promise<number> {
  const { rows } = await sql<{ n: string }>`
    select count(*) as n from pgboss.job where name = ${REPLY_QUEUE} and state in ('created', 'retry', 'active')`.execute(db);
  return Number(rows[0]!.n);
}

/** Row counts of what a delivery produces, for one tenant (owner connection). */
export async function countsFor(db: Kysely<DB>, tenantId: string) {
  const count = async (table: 'messages' | 'leads' | 'inboundEvents' | 'outboundReplies' | 'conversations') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .where('tenantId', '=', tenantId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    conversations: await count('conversations'),
    messages: await count('messages'),
    leads: await count('leads'),
    inboundEvents: await count('inboundEvents'),
    outboundReplies: await count('outboundReplies'),
  };
}

/** POSTs exact bytes over HTTP and returns status and body text. */
export async function postRaw(url: string, raw: string, headers: Record<string, string>) {
  const response = await fetch(url, { method: 'POST', body: raw, headers });
  return { statusCode: response.status, body: await response.text() };
}
