import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { MetricsConfig } from '../config';
import { secretsEqual } from '../lib/secrets-equal';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Database } from '../db/database';
import type { JobQueue } from '../jobs/job-queue';

/**
 * One Prometheus registry per app instance (tests build many apps in one process). Other parts of
 * Netia record into it through `app.metrics`.
 */
export interface Metrics {
  readonly registry: Registry;
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route'>;
  readonly graphqlOperations: Counter<'operation' | 'outcome'>;
  readonly graphqlDuration: Histogram<'operation'>;
  readonly graphqlCompiled: Counter<'outcome'>;
  /** Parts of compiled queries' answers written by PostgreSQL as JSON text (graphql/rendered-json.ts). */
  readonly graphqlRenderedParts: Counter;
  readonly webhookDeliveries: Counter<'platform' | 'outcome'>;
  /** Authentic deliveries stored after a value was made storable (chat/webhooks/inbound-normalisation.ts). */
  readonly webhookNormalised: Counter<'platform' | 'change'>;
  /** Authentic deliveries acknowledged but not stored: their payload does not have the documented shape. */
  readonly webhookRejected: Counter<'platform'>;
  readonly aiReplies: Counter<'kind'>;
  readonly aiReplyDuration: Histogram<'kind'>;
  readonly replyJobRetries: Counter<string>;
  readonly replyJobDeferrals: Counter<'reason'>;
  /** Open GraphQL-over-WebSocket connections (live/live-server.ts). */
  readonly liveSockets: Gauge<string>;
  readonly liveSubscriptions: Gauge<string>;
  readonly liveEventsSent: Counter<'event'>;
  /** Event payloads read from the database: one per event and group of identical subscriptions (live-execution.ts). */
  readonly liveReads: Counter<'event'>;
  readonly liveSocketsClosed: Counter<'reason'>;
}

export function createMetrics(database: Database): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'netia_' });
  const pool = database.pool;
  if (pool) {
    new Gauge({
      name: 'netia_db_pool_connections',
      help: 'Database pool connections by state',
      labelNames: ['state'],
      registers: [registry],
      collect() {
        this.set({ state: 'total' }, pool.totalCount);
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'waiting' }, pool.waitingCount);
      },
    });
  }
  return {
    registry,
    liveSockets: new Gauge({ name: 'netia_live_sockets', help: 'Open GraphQL-over-WebSocket connections', registers: [registry] }),
    liveSubscriptions: new Gauge({ name: 'netia_live_subscriptions', help: 'Active GraphQL subscriptions', registers: [registry] }),
    liveEventsSent: new Counter({
      name: 'netia_live_events_sent_total',
      help: 'Subscription events sent to clients, by subscription field',
      labelNames: ['event'],
      registers: [registry],
    }),
    liveReads: new Counter({
      name: 'netia_live_reads_total',
      help: 'Subscription event payloads read from the database (one per event for subscriptions with the same key, document and variables)',
      labelNames: ['event'],
      registers: [registry],
    }),
    liveSocketsClosed: new Counter({
      name: 'netia_live_sockets_closed_total',
      help: 'WebSocket connections the server closed, by reason',
      labelNames: ['reason'],
      registers: [registry],
    }),
    httpRequests: new Counter({
      name: 'netia_http_requests_total',
      help: 'HTTP requests by route and status',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'netia_http_request_duration_seconds',
      help: 'HTTP request latency by route',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    graphqlOperations: new Counter({
      name: 'netia_graphql_operations_total',
      help: 'GraphQL operations by operation name and outcome',
      labelNames: ['operation', 'outcome'],
      registers: [registry],
    }),
    graphqlCompiled: new Counter({
      name: 'netia_graphql_compiled_queries_total',
      help: 'Tenant queries run as their graphql-jit compilation: answered, or run again on graphql-js after an error (fallback)',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    graphqlRenderedParts: new Counter({
      name: 'netia_graphql_rendered_parts_total',
      help: 'Parts of compiled tenant queries (e.g. a messages page) written by PostgreSQL as the JSON text of the answer',
      registers: [registry],
    }),
    graphqlDuration: new Histogram({
      name: 'netia_graphql_operation_duration_seconds',
      help: 'GraphQL operation latency by operation name',
      labelNames: ['operation'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    webhookDeliveries: new Counter({
      name: 'netia_webhook_deliveries_total',
      help: 'Webhook deliveries by platform and outcome',
      labelNames: ['platform', 'outcome'],
      registers: [registry],
    }),
    webhookNormalised: new Counter({
      name: 'netia_webhook_normalised_total',
      help: 'Webhook deliveries stored after a value was normalised, by platform and change',
      labelNames: ['platform', 'change'],
      registers: [registry],
    }),
    webhookRejected: new Counter({
      name: 'netia_webhook_rejected_total',
      help: 'Authentic webhook deliveries acknowledged but not stored (payload not of the documented shape)',
      labelNames: ['platform'],
      registers: [registry],
    }),
    aiReplies: new Counter({
      name: 'netia_ai_replies_total',
      help: 'Assistant replies by kind (ai, faq, handoff, fallback)',
      labelNames: ['kind'],
      registers: [registry],
    }),
    replyJobRetries: new Counter({
      name: 'netia_reply_job_retries_total',
      help: 'Reply jobs handed back to the queue for another attempt',
      registers: [registry],
    }),
    replyJobDeferrals: new Counter({
      name: 'netia_reply_job_deferrals_total',
      help: 'Reply jobs put back without using an attempt: busy (conversation being answered), waiting (next attempt not due), tenant_full, database',
      labelNames: ['reason'],
      registers: [registry],
    }),
    aiReplyDuration: new Histogram({
      name: 'netia_ai_reply_duration_seconds',
      help: 'Time to produce an assistant reply',
      labelNames: ['kind'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registers: [registry],
    }),
  };
}

/** Records every HTTP request by its route pattern (never the raw URL, which may carry ids). */
export function registerMetricsRoutes(app: FastifyInstance, metrics: Metrics, config: MetricsConfig): void {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
    metrics.httpDuration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });
  if (config.port !== null) {
    // Its own listener, opened when the app is ready (listen() waits for that) and closed with it.
    const listener = Fastify({ logger: false });
    listener.get('/metrics', scrape(metrics, config.token));
    app.addHook('onReady', async () => {
      await listener.listen({ host: config.host, port: config.port! });
    });
    app.addHook('onClose', async () => listener.close());
    return;
  }
  if (config.token !== null) app.get('/metrics', scrape(metrics, config.token));
}

/** GET /metrics in Prometheus' text format; with a token, only for `Authorization: Bearer <token>`. */
function scrape(metrics: Metrics, token: string | null) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (token !== null) {
      const given = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1]?.trim() ?? '';
      if (!secretsEqual(given, token)) {
        return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'metrics need Authorization: Bearer <METRICS_TOKEN>' });
      }
    }
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  };
}

/** Reply queue depth, read from the queue when Prometheus scrapes. */
export function registerQueueMetrics(metrics: Metrics, queue: Pick<JobQueue, 'size'>): void {
  new Gauge({
    name: 'netia_reply_queue_depth',
    help: 'Reply jobs waiting (created or retrying)',
    registers: [metrics.registry],
    async collect() {
      this.set(await queue.size().catch(() => Number.NaN));
    },
  });
}

/** Counts one answer for a visitor and how long it took, whichever path made it (reply job, Tidio Flow). */
export function countAnswer(metrics: Metrics, answer: { kind: string; metadata: { latencyMs: number } }): void {
  metrics.aiReplies.inc({ kind: answer.kind });
  metrics.aiReplyDuration.observe({ kind: answer.kind }, answer.metadata.latencyMs / 1000);
}
