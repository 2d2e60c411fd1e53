import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Config } from './config';
import type { Database } from './db/database';
import type { ChatRuntime } from './jobs/chat-runtime';
import { createEmbeddingsProvider } from './assistant/embeddings/embeddings.provider';
import { createLlmProvider } from './assistant/llm/openai.provider';
import { registerGraphqlRoutes } from './graphql/http';
import { buildGraphqlSchema } from './graphql/schema';
import { startLiveFeed } from './live/live-feed';
import { createLiveHub } from './live/live-hub';
import { registerLiveEndpoint } from './live/live-server';
import { registerCors } from './http/cors';
import { handleHttpError } from './http/error-handler';
import { createRequestRateLimiter } from './modules/plans/request-rate-limiter';
import { createApiRequestCounter } from './modules/usage/api-request-counter';
import type { Logger } from './lib/logger';
import { createMetrics, registerMetricsRoutes, registerQueueMetrics, type Metrics } from './observability/metrics';
import { registerWebhookRoutes } from './webhooks/router';

export interface AppDeps {
  config: Config;
  database: Database;
  logger: Logger;
  /** Created by buildApp when not given. */
  metrics?: Metrics;
  /** When given, the chat platform webhooks (/webhooks/*) are served and enqueue on its queue. */
  chat?: ChatRuntime;
  /** This start's admin token for `netia` commands (src/lib/local-admin-endpoint.ts); embedded database only. */
  localAdminToken?: string | null;
}

/** Builds the HTTP server with every route registered; does not listen (tests inject requests). */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    // pino 10's Logger type is newer than the one fastify's typings were built against; same runtime API.
    loggerInstance: deps.logger as unknown as FastifyBaseLogger,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    bodyLimit: 1024 * 1024,
  });

  app.setErrorHandler(handleHttpError);

  /*
   * While closing, every response that still goes out also closes its connection. Otherwise a
   * keep-alive connection whose request was in flight at close() stays open, idle, until the
   * keep-alive timeout, and close() (so SIGTERM) waits that long.
   */
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (closing) reply.header('connection', 'close');
  });

  const metrics = deps.metrics ?? deps.chat?.metrics ?? createMetrics(deps.database);
  registerMetricsRoutes(app, metrics, deps.config.metrics);
  if (deps.chat) registerQueueMetrics(metrics, deps.chat.queue);

  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    try {
      await sql`select 1`.execute(deps.database.db);
      return { status: 'ready' };
    } catch {
      return reply.code(503).send({ status: 'unavailable', reason: 'database unreachable' });
    }
  });

  if (deps.chat) {
    await registerWebhookRoutes(app, {
      db: deps.database.db,
      logger: deps.logger,
      adapters: deps.chat.adapters,
      queue: deps.chat.queue,
      config: deps.config.chat,
      plans: deps.config.plans,
      metrics,
      answer: deps.chat.answer,
    });
  }
  const requestCounter = createApiRequestCounter(deps.database.db, deps.logger);
  // After in-flight requests have finished, so their counts are in the last flush.
  app.addHook('onClose', () => requestCounter.close());
  const admins = [
    ...(deps.config.graphql.adminToken ? [{ token: deps.config.graphql.adminToken, actorId: null, localOnly: false }] : []),
    ...(deps.localAdminToken ? [{ token: deps.localAdminToken, actorId: 'cli', localOnly: true }] : []),
  ];
  const contextBase = {
    replyQueue: deps.chat?.queue ?? null,
    assistant: {
      // The chat runtime's provider when there is one: one per-tenant LLM cap for the whole process.
      llm: deps.chat ? deps.chat.answer.llm : createLlmProvider(deps.config),
      timeoutMs: deps.config.llmTimeoutMs,
      embeddings: deps.chat?.answer.embeddings ?? createEmbeddingsProvider(deps.config.embeddings),
      ...(deps.chat && { enqueueEmbeddings: deps.chat.answer.enqueueEmbeddings }),
    },
    plans: deps.config.plans,
    trialDays: deps.config.trialDays,
    encryptionKey: deps.config.encryptionKey,
    llmPrices: deps.config.llmPrices,
  };
  // Live events (subscriptions): the database's NOTIFYs → this process's hub → WebSocket subscribers.
  const hub = createLiveHub();
  const feed = await startLiveFeed(deps.database, deps.logger);
  // onClose runs after preClose, where the live endpoint has closed its sockets.
  app.addHook('onClose', () => feed.close());
  const schema = await buildGraphqlSchema({ live: hub });
  registerLiveEndpoint(app, { schema, hub, feed, db: deps.database.db, logger: deps.logger, metrics, admins, plans: deps.config.plans, base: contextBase });
  // Its own encapsulated scope, so CORS applies to the GraphQL routes only.
  await app.register(async (graphqlScope) => {
    if (deps.config.corsOrigins.length > 0) await registerCors(graphqlScope, deps.config.corsOrigins);
    await registerGraphqlRoutes(graphqlScope, {
      schema,
      db: deps.database.db,
      logger: deps.logger,
      admins,
      introspection: deps.config.graphql.introspection,
      ...contextBase,
      rateLimiter: createRequestRateLimiter(deps.database, deps.config.plans),
      requestCounter,
      metrics,
    });
  });

  return app;
}
