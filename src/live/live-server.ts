import type { FastifyInstance } from 'fastify';
import { GraphQLError, getOperationAST, parse, specifiedRules, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { Kysely } from 'kysely';
import { WebSocketServer, type WebSocket } from 'ws';
import type { DB } from '../db/db.generated';
import { authenticate, authenticateKeyHash, credentialFrom, isLocalConnection, type AdminCredential } from '../graphql/authenticate';
import { createSubscriptionContext, type ContextBase, type RequestContext, type Viewer } from '../graphql/context';
import { formatError } from '../graphql/format-error';
import { limitsRule } from '../graphql/validation-rules';
import type { Logger } from '../lib/logger';
import { hashApiKey } from '../modules/api-keys/api-key.secret';
import { limitsFor, type Plan, type PlanLimits } from '../modules/plans/plan-limits';
import type { Metrics } from '../observability/metrics';
import type { LiveFeed } from './live-feed';
import type { LiveHub } from './live-hub';
import { subscribeLive } from './live-execution';
import { createLiveWatchers } from './live-watchers';

/** Close codes: graphql-ws's own 44xx for auth and limits, RFC 6455's for the server's side. */
export const LIVE_CLOSE = {
  unauthenticated: 4401,
  forbidden: 4403,
  tooManyConnections: 4429,
  /** Slow consumer, or live events unavailable right now: the client may come back (graphql-ws retries it). */
  tryAgainLater: 1013,
  /** The LISTEN connection was lost: events may have been missed; reconnect and refetch. */
  resync: 1012,
  goingAway: 1001,
} as const;

/** How often open connections' keys are looked up again: a revoked key or suspended tenant is cut off within this (plus one lookup). */
export const AUTH_RECHECK_MS = 2_000;
/** Unsent bytes a connection may have queued before it counts as a slow consumer. */
export const MAX_BUFFERED_BYTES = 1024 * 1024;
/**
 * Periodic checks (AUTH_RECHECK_MS apart) in a row at which a connection still had unsent bytes: a
 * client that has not read for that long is a slow consumer, however little it was sent. Its sends
 * wait for the socket, so it pulls no new event and the checks above would never see it.
 */
export const SLOW_CONSUMER_CHECKS = 5;
/** Largest message a client may send (a subscribe message is a query and its variables). */
const MAX_MESSAGE_BYTES = 64 * 1024;
/** How long shutdown waits for events being read to be sent before closing the sockets. */
const DRAIN_MS = 5_000;

export interface LiveServerDeps {
  schema: GraphQLSchema;
  hub: LiveHub;
  feed: LiveFeed;
  db: Kysely<DB>;
  logger: Logger;
  metrics: Metrics;
  admins: readonly AdminCredential[];
  plans: Record<Plan, PlanLimits>;
  /** Everything of a request context but its id and logger (graphql/context.ts). */
  base: Omit<ContextBase, 'requestId' | 'logger'>;
}

interface Session {
  readonly socket: WebSocket;
  readonly keyHash: string;
  readonly viewer: Extract<Viewer, { kind: 'tenant' }>;
  readonly limits: PlanLimits;
  inFlight: number;
  closed: boolean;
  /** Consecutive periodic checks that found unsent bytes (SLOW_CONSUMER_CHECKS). */
  backloggedChecks: number;
}

/**
 * GraphQL over WebSocket (graphql-ws protocol, subprotocol `graphql-transport-ws`) on the HTTP server's
 * own port and path, /graphql. Subscriptions only; queries and mutations stay on POST /graphql.
 *
 * 1. connection_init carries `{ authorization: "Bearer ntk_…" }`: the same authenticate() as HTTP;
 *    refused with 4401 (no, bad, revoked key) or 4403 (tenant not serviceable, admin token) and a reason;
 * 2. every AUTH_RECHECK_MS each distinct key of the open connections is looked up again: a key revoked or
 *    a tenant suspended meanwhile closes its connections the same way;
 * 3. plan limits: connections per key (4429) and subscriptions per connection (an error for that one);
 * 4. events come from the LiveFeed (LISTEN) through the LiveHub; each is read in the subscriber's own
 *    tenant transaction (live-execution.ts). The database sends a tenant's events only while some server
 *    has live connections of it (live-watchers.ts): a connection is accepted once its tenant is watched.
 *    A lost LISTEN closes every connection with 1012 (resync);
 * 5. a slow consumer (its queue or the socket's unsent bytes over bounds, or unsent bytes at every
 *    check for SLOW_CONSUMER_CHECKS × AUTH_RECHECK_MS) is closed with 1013;
 * 6. on close (SIGTERM): no new upgrades, events being read are sent, then 1001 going away.
 */
export function registerLiveEndpoint(app: FastifyInstance, deps: LiveServerDeps): void {
  const log = deps.logger.child({ component: 'live' });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const sessions = new Map<WebSocket, Session>();
  const sessionOfContext = new WeakMap<object, Session>();
  const watchers = createLiveWatchers(deps.db, log);
  let closing = false;

  const close = (socket: WebSocket, code: number, reason: string, metric: string) => {
    const session = sessions.get(socket);
    if (session) session.closed = true;
    if (socket.readyState === socket.CLOSING || socket.readyState === socket.CLOSED) return;
    deps.metrics.liveSocketsClosed.inc({ reason: metric });
    socket.close(code, reason.slice(0, 120));
  };

  deps.feed.onEvent((event) => deps.hub.publish(event.kind, event));
  deps.feed.onInterrupted(() => {
    for (const socket of sessions.keys()) close(socket, LIVE_CLOSE.resync, 'Live events were interrupted; reconnect and refetch', 'resync');
  });

  useServer<Record<string, unknown>, { socket: WebSocket; request: import('http').IncomingMessage }>(
    {
      schema: deps.schema,
      async onConnect(ctx) {
        const { socket, request } = ctx.extra;
        if (closing) return refuse(() => close(socket, LIVE_CLOSE.goingAway, 'Server shutting down', 'shutdown'));
        if (!deps.feed.connected) return refuse(() => close(socket, LIVE_CLOSE.tryAgainLater, 'Live events are unavailable; try again shortly', 'unavailable'));
        const params = ctx.connectionParams ?? {};
        const headers = { authorization: stringOrUndefined(params.authorization ?? params.Authorization), 'x-api-key': stringOrUndefined(params['x-api-key']) };
        const credential = credentialFrom(headers);
        const auth = await authenticate(deps.db, credential, deps.admins, { local: isLocalConnection(request.socket) });
        if (!auth.ok) return refuse(() => close(socket, auth.status === 401 ? LIVE_CLOSE.unauthenticated : LIVE_CLOSE.forbidden, auth.message, 'auth'));
        if (auth.viewer.kind !== 'tenant') {
          return refuse(() => close(socket, LIVE_CLOSE.forbidden, 'Live events need a tenant API key; the admin token has no tenant', 'auth'));
        }
        const viewer = auth.viewer;
        const limits = limitsFor(deps.plans, viewer.plan);
        const open = [...sessions.values()].filter((s) => s.viewer.apiKeyId === viewer.apiKeyId && !s.closed).length;
        if (open >= limits.liveConnectionsPerKey) {
          return refuse(() => close(socket, LIVE_CLOSE.tooManyConnections, `At most ${limits.liveConnectionsPerKey} live connections per API key on your plan`, 'limit'));
        }
        try {
          await watchers.add(viewer.tenantId);
        } catch {
          return refuse(() => close(socket, LIVE_CLOSE.tryAgainLater, 'Live events are unavailable; try again shortly', 'unavailable'));
        }
        if (socket.readyState !== socket.OPEN) {
          watchers.remove(viewer.tenantId);
          return false;
        }
        sessions.set(socket, { socket, keyHash: hashApiKey(credential!), viewer, limits, inFlight: 0, closed: false, backloggedChecks: 0 });
        deps.metrics.liveSockets.inc();
        socket.once('close', () => {
          sessions.delete(socket);
          watchers.remove(viewer.tenantId);
          deps.metrics.liveSockets.dec();
        });
        return true;
      },
      context(ctx) {
        const session = sessions.get(ctx.extra.socket)!;
        const context = createSubscriptionContext({ ...deps.base, requestId: 'live', logger: log }, session.viewer);
        sessionOfContext.set(context, session);
        return context as unknown as Record<string, unknown>;
      },
      onSubscribe(ctx, _id, payload) {
        const session = sessions.get(ctx.extra.socket);
        if (!session) return [new GraphQLError('Not connected', { extensions: { code: 'UNAUTHENTICATED' } })];
        if (Object.keys(ctx.subscriptions).length > session.limits.liveSubscriptionsPerConnection) {
          return [
            new GraphQLError(`At most ${session.limits.liveSubscriptionsPerConnection} subscriptions per connection on your plan`, {
              extensions: { code: 'PLAN_LIMIT_REACHED' },
            }),
          ];
        }
        let document: DocumentNode;
        try {
          document = parse(payload.query, { maxTokens: 5_000 });
        } catch (error) {
          return [new GraphQLError((error as Error).message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
        }
        const errors = validate(deps.schema, document, [...specifiedRules, limitsRule]);
        if (errors.length > 0) return errors.map((e) => new GraphQLError(e.message, { nodes: e.nodes, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }));
        const operation = getOperationAST(document, payload.operationName);
        if (operation?.operation !== 'subscription') {
          return [new GraphQLError('Only subscriptions are served over WebSocket; send queries and mutations to POST /graphql', { extensions: { code: 'BAD_REQUEST' } })];
        }
        return { schema: deps.schema, document, variableValues: payload.variables, operationName: payload.operationName };
      },
      subscribe(args) {
        const session = sessionOfContext.get(args.contextValue as object)!;
        return subscribeLive(args, { db: deps.db, viewer: session.viewer, base: args.contextValue as unknown as RequestContext }, {
          mayContinue() {
            if (session.closed) return false;
            if (session.socket.bufferedAmount <= MAX_BUFFERED_BYTES) return true;
            close(session.socket, LIVE_CLOSE.tryAgainLater, 'Slow consumer: too much unsent data; reconnect and refetch', 'slow_consumer');
            return false;
          },
          onSlowConsumer() {
            close(session.socket, LIVE_CLOSE.tryAgainLater, 'Slow consumer: too many events waiting; reconnect and refetch', 'slow_consumer');
          },
          onSent: (field) => deps.metrics.liveEventsSent.inc({ event: field }),
          onRead: (field) => deps.metrics.liveReads.inc({ event: field }),
          async around(work) {
            session.inFlight++;
            try {
              return await work();
            } finally {
              session.inFlight--;
            }
          },
          onStarted: () => deps.metrics.liveSubscriptions.inc(),
          onEnded: () => deps.metrics.liveSubscriptions.dec(),
        });
      },
      onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: result.errors.map((e) => formatError(e.toJSON())) } : undefined) as never,
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => formatError(e.toJSON())),
    },
    wss,
  );

  // The subscription's payload is read under RLS; this loop only decides whether the connection may stay.
  let rechecking = false;
  const recheck = setInterval(() => {
    closeStalledConsumers();
    if (rechecking || sessions.size === 0) return;
    rechecking = true;
    void recheckKeys().finally(() => (rechecking = false));
  }, AUTH_RECHECK_MS);
  recheck.unref();
  const closeStalledConsumers = () => {
    for (const session of sessions.values()) {
      session.backloggedChecks = session.socket.bufferedAmount > 0 ? session.backloggedChecks + 1 : 0;
      if (session.backloggedChecks >= SLOW_CONSUMER_CHECKS) {
        close(session.socket, LIVE_CLOSE.tryAgainLater, 'Slow consumer: events unread for too long; reconnect and refetch', 'slow_consumer');
      }
    }
  };
  const recheckKeys = async () => {
    const byKey = new Map<string, Session[]>();
    for (const session of sessions.values()) if (!session.closed) byKey.set(session.keyHash, [...(byKey.get(session.keyHash) ?? []), session]);
    for (const [keyHash, group] of byKey) {
      let auth;
      try {
        auth = await authenticateKeyHash(deps.db, keyHash);
      } catch (error) {
        log.warn({ err: { message: (error as Error).message } }, 'live connection key re-check failed; will retry');
        return;
      }
      if (auth.ok) continue;
      const code = auth.status === 401 ? LIVE_CLOSE.unauthenticated : LIVE_CLOSE.forbidden;
      for (const session of group) close(session.socket, code, auth.message, 'auth');
    }
  };

  app.server.on('upgrade', (request, socket, head) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path !== '/graphql') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    if (closing) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  });

  app.addHook('preClose', async () => {
    closing = true;
    clearInterval(recheck);
    const deadline = Date.now() + DRAIN_MS;
    while ([...sessions.values()].some((s) => s.inFlight > 0) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    const closed = [...sessions.keys()].map((socket) => new Promise<void>((resolve) => {
      if (socket.readyState === socket.CLOSED) return resolve();
      socket.once('close', () => resolve());
      close(socket, LIVE_CLOSE.goingAway, 'Server shutting down', 'shutdown');
      setTimeout(() => {
        socket.terminate();
        resolve();
      }, 2_000).unref();
    }));
    await Promise.all(closed);
    await watchers.stop();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  });
}

/** Closes with our code and reason; onConnect then answers false, and graphql-ws's own 4403 close is a no-op. */
function refuse(closeSocket: () => void): false {
  closeSocket();
  return false;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
