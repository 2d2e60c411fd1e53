import { ApolloServer, HeaderMap, type ApolloServerPlugin, type HTTPGraphQLRequest, type HTTPGraphQLResponse } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../db/db.generated';
import { withTenantStatement, withTenantTransaction } from '../db/tenant-transaction';
import type { JobQueue } from '../jobs/job-queue';
import type { LlmPrice } from '../config';
import type { Logger } from '../lib/logger';
import { touchApiKey } from '../modules/api-keys/api-key.repository';
import { auditPlugin } from '../modules/audit/audit.plugin';
import { graphqlMetricsPlugin } from '../observability/graphql-metrics.plugin';
import { graphqlTracingPlugin } from '../observability/graphql-tracing.plugin';
import type { Metrics } from '../observability/metrics';
import { annotateSpan, SpanKind, TENANT_ID, withSpan } from '../observability/tracing';
import type { Plan, PlanLimits } from '../modules/plans/plan-limits';
import type { RequestRateLimiter } from '../modules/plans/request-rate-limiter';
import type { ApiRequestCounter } from '../modules/usage/api-request-counter';
import { createApiKeyCache } from './api-key-cache';
import { compiledQueriesPlugin } from './compiled-queries.plugin';
import { authenticate, credentialFrom, isLocalConnection, type AdminCredential } from './authenticate';
import {
  createAdminContext,
  createAnonymousContext,
  createTenantContext,
  createTransactionFreeContext,
  type AssistantRuntime,
  type RequestContext,
  type Viewer,
} from './context';
import { formatError } from './format-error';
import { isIntrospectionOnlyOperation } from './introspection-only';
import { registerPlayground, sendPlaygroundPage, wantsPlayground } from './playground';
import { transactionAndErrorPlugin } from './plugins';
import { isReadOnlyOperation } from './read-only-operation';
import { isTransactionFreeOperation } from './transaction-free';
import { costLimitPlugin, limitsRule, noSubscriptionsRule, operationRequiredPlugin } from './validation-rules';

export interface GraphqlDeps {
  /** Built once by the app (buildGraphqlSchema), shared with the WebSocket endpoint. */
  schema: GraphQLSchema;
  db: Kysely<DB>;
  logger: Logger;
  /** The platform admin's credentials: NETIA_ADMIN_TOKEN and the local CLI's token. */
  admins: readonly AdminCredential[];
  introspection: boolean;
  assistant: AssistantRuntime;
  /** The reply queue (sendMessage); absent when the server runs without the chat runtime. */
  replyQueue?: Pick<JobQueue, 'enqueueReply'> | null;
  plans: Record<Plan, PlanLimits>;
  trialDays: number;
  encryptionKey: Buffer | null;
  /** LLM_PRICES, for botPerformance's cost estimate; absent = no prices. */
  llmPrices?: Record<string, LlmPrice>;
  rateLimiter: RequestRateLimiter;
  metrics: Metrics;
  requestCounter: ApiRequestCounter;
}

/** Thrown out of the tenant transaction to roll it back while still answering with `response`. */
class RollbackWith {
  constructor(readonly response: HTTPGraphQLResponse) {}
}

const USAGE_INTERVAL_MS = 60_000;

/**
 * Records a key's use, at most once per USAGE_INTERVAL_MS per key and process, in a one-statement
 * transaction of its own: the operation's transaction stays READ ONLY for queries.
 */
function createUsageTracker(db: Kysely<DB>) {
  const lastTouched = new Map<string, number>();
  return async (viewer: { tenantId: string; apiKeyId: string }): Promise<void> => {
    const now = Date.now();
    if (now - (lastTouched.get(viewer.apiKeyId) ?? 0) < USAGE_INTERVAL_MS) return;
    if (lastTouched.size > 10_000) lastTouched.clear();
    lastTouched.set(viewer.apiKeyId, now);
    await withTenantStatement(db, viewer.tenantId, (tx) => touchApiKey(tx, viewer.apiKeyId));
  };
}

function toApolloRequest(request: FastifyRequest): HTTPGraphQLRequest {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return {
    method: request.method.toUpperCase(),
    headers,
    search: new URL(request.url, 'http://localhost').search,
    body: request.body,
  };
}

/** Post-commit tasks (e.g. enqueueing an operator reply); a failure is logged, the committed answer stands. */
async function runAfterCommit(context: RequestContext | null, logger: Logger): Promise<void> {
  for (const task of context?.afterCommit ?? []) {
    try {
      await task();
    } catch (error) {
      logger.error({ err: { name: (error as Error).name, message: (error as Error).message } }, 'post-commit task failed');
    }
  }
}

async function send(reply: FastifyReply, response: HTTPGraphQLResponse, body: string): Promise<void> {
  for (const [name, value] of response.headers) reply.header(name, value);
  await reply.code(response.status ?? 200).send(body);
}

/** A complete response body; chunked (incremental) bodies are drained inside the transaction. */
async function readBody(response: HTTPGraphQLResponse): Promise<string> {
  if (response.body.kind === 'complete') return response.body.string;
  let body = '';
  for await (const chunk of response.body.asyncIterator) body += chunk;
  return body;
}

/**
 * POST /graphql and GET /graphql (queries only; Apollo refuses mutations over GET).
 * 1. authenticate the key (or admin token) before any tenant is bound; refuse with 401/403;
 * 2. tenant keys: ONE withTenantTransaction per request, with the context and its DataLoaders built
 *    inside it; the response body is produced inside the transaction;
 * 3. COMMIT, or ROLLBACK when a mutation reported an error (transactionAndErrorPlugin).
 * Queries made only of TRANSACTION_FREE_FIELDS (slow LLM work) skip step 2: their resolvers open
 * their own short tenant transactions.
 */
export async function registerGraphqlRoutes(app: FastifyInstance, deps: GraphqlDeps): Promise<void> {
  const { schema } = deps;
  const keyCache = createApiKeyCache();
  // The txState (shared by Apollo's per-operation context clones) of every mutation: after it, this
  // process forgets the cached keys it may have changed (revokeApiKey, deactivateTenant, …).
  const mutations = new WeakSet<object>();
  const mutationTracker: ApolloServerPlugin<RequestContext> = {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (operation?.operation === 'mutation') mutations.add(contextValue.txState);
        },
      };
    },
  };
  const forgetKeysAfter = (context: RequestContext | null) => {
    if (!context || !mutations.has(context.txState)) return;
    if (context.viewer.kind === 'tenant') keyCache.forgetTenant(context.viewer.tenantId);
    else keyCache.clear();
  };
  const apollo = new ApolloServer<RequestContext>({
    schema,
    introspection: deps.introspection,
    formatError,
    validationRules: [limitsRule, noSubscriptionsRule],
    includeStacktraceInErrorResponses: false,
    // main.ts owns SIGTERM/SIGINT and closes Fastify, whose onClose stops Apollo.
    stopOnTerminationSignals: false,
    // Credentials travel in headers a browser cannot add to a simple cross-site request.
    csrfPrevention: { requestHeaders: ['authorization', 'x-api-key', 'x-apollo-operation-name', 'apollo-require-preflight'] },
    plugins: [
      mutationTracker,
      transactionAndErrorPlugin,
      operationRequiredPlugin as ApolloServerPlugin<RequestContext>,
      costLimitPlugin as ApolloServerPlugin<RequestContext>,
      auditPlugin,
      graphqlMetricsPlugin(deps.metrics) as ApolloServerPlugin<RequestContext>,
      graphqlTracingPlugin as ApolloServerPlugin<RequestContext>,
      ApolloServerPluginLandingPageDisabled(),
      // We send no cache hints; Apollo's default cache-control plugin would otherwise wrap every field
      // resolver of every response in instrumentation (bench/RESULTS.md: a visible share of the inbox's CPU).
      ApolloServerPluginCacheControlDisabled(),
      // Last: its responseForOperation runs after every other plugin's didResolveOperation.
      compiledQueriesPlugin(schema, deps.metrics),
    ],
  });
  await apollo.start();
  app.addHook('onClose', async () => apollo.stop());
  const touch = createUsageTracker(deps.db);
  registerPlayground(app);

  const execute = async (request: FastifyRequest, viewer: Viewer): Promise<{ response: HTTPGraphQLResponse; body: string }> => {
    const httpGraphQLRequest = toApolloRequest(request);
    const base = {
      requestId: request.id,
      logger: request.log as unknown as Logger,
      assistant: deps.assistant,
      replyQueue: deps.replyQueue ?? null,
      plans: deps.plans,
      trialDays: deps.trialDays,
      encryptionKey: deps.encryptionKey,
      llmPrices: deps.llmPrices ?? {},
    };
    if (viewer.kind !== 'tenant') {
      const context = viewer.kind === 'admin' ? createAdminContext(base, viewer, deps.db) : createAnonymousContext(base);
      const response = await apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest, context: async () => context });
      const body = await readBody(response);
      forgetKeysAfter(context);
      return { response, body };
    }
    await touch(viewer);
    if (isTransactionFreeOperation(httpGraphQLRequest)) {
      const response = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest,
        context: async () => createTransactionFreeContext(base, viewer, deps.db),
      });
      return { response, body: await readBody(response) };
    }
    let context: RequestContext | null = null;
    try {
      // A query's transaction is READ ONLY: PostgreSQL refuses its writes, and its COMMIT travels with the connection's next query.
      const readOnly = isReadOnlyOperation(httpGraphQLRequest);
      const result = await withTenantTransaction(
        deps.db,
        viewer.tenantId,
        async (tx) => {
          const response = await apollo.executeHTTPGraphQLRequest({
            httpGraphQLRequest,
            context: async () => (context = createTenantContext(base, viewer, tx)),
          });
          const built = context as RequestContext | null;
          const written = await readBody(response);
          const parts = built?.tenant?.rendering.parts;
          const body = parts ? parts.splice(written) : written;
          if (built?.txState.rollbackOnly) throw new RollbackWith({ ...response, body: { kind: 'complete', string: body } });
          return { response, body };
        },
        { readOnly },
      );
      forgetKeysAfter(context as RequestContext | null);
      await runAfterCommit(context as RequestContext | null, deps.logger);
      return result;
    } catch (error) {
      if (error instanceof RollbackWith) return { response: error.response, body: await readBody(error.response) };
      throw error;
    }
  };

  const answer = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const credential = credentialFrom(request.headers);
    if (credential === null && deps.introspection && isIntrospectionOnlyOperation(toApolloRequest(request))) {
      const { response, body } = await execute(request, { kind: 'anonymous' });
      await send(reply, response, body);
      return reply;
    }
    const auth = await authenticate(deps.db, credential, deps.admins, { local: isLocalConnection(request.socket) }, keyCache);
    if (!auth.ok) {
      return reply
        .code(auth.status)
        .header('content-type', 'application/json; charset=utf-8')
        .send({ errors: [{ message: auth.message, extensions: { code: auth.code } }] });
    }
    if (auth.viewer.kind === 'tenant') {
      const decision = await deps.rateLimiter.consume(auth.viewer.apiKeyId, auth.viewer.plan);
      if (!decision.allowed) {
        return reply
          .code(429)
          .header('retry-after', String(decision.retryAfterSeconds))
          .header('content-type', 'application/json; charset=utf-8')
          .send({
            errors: [
              {
                message: `Rate limit of your plan reached; retry in ${decision.retryAfterSeconds} s`,
                extensions: { code: 'RATE_LIMITED', retryAfterSeconds: decision.retryAfterSeconds },
              },
            ],
          });
      }
      deps.requestCounter.count(auth.viewer.tenantId);
      annotateSpan({ [TENANT_ID]: auth.viewer.tenantId });
      // From here every log line of this request, "request completed" included, names tenant and key.
      request.log = reply.log = request.log.child({ tenantId: auth.viewer.tenantId, apiKeyId: auth.viewer.apiKeyId });
    }
    const { response, body } = await execute(request, auth.viewer);
    await send(reply, response, body);
    return reply;
  };

  app.route({
    method: ['GET', 'POST'],
    url: '/graphql',
    handler: async (request, reply) => {
      if (wantsPlayground(request)) return sendPlaygroundPage(reply);
      // One trace per operation: graphqlTracingPlugin names it, SQL statements become its children.
      return withSpan('graphql', { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method, 'http.route': '/graphql' } }, async (span) => {
        await answer(request, reply);
        span.setAttribute('http.response.status_code', reply.statusCode);
        return reply;
      });
    },
  });
}
