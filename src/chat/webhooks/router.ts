import type { Plan, PlanLimits } from '../../modules/plans/plan-limits';
import type { Metrics } from '../../observability/metrics';
import { annotateSpan, PLATFORM, SpanKind, TENANT_ID, withSpan } from '../../observability/tracing';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { ProduceAnswerDeps } from '../../assistant/answer.service';
import type { ChatPlatformsConfig } from '../../config';
import type { DB } from '../../db/db.generated';
import { findTenantIdByPlatformKeyAsApp } from '../../db/privileged';
import { withTenantTransaction } from '../../db/tenant-transaction';
import type { JobQueue } from '../../jobs/job-queue';
import type { Logger } from '../../lib/logger';
import { textProblem } from '../../lib/storable-text';
import { isChatPlatform, tenantKeyOn, type AdapterRegistry } from '../platforms/adapters';
import { findChatTenant } from '../store/chat-inbox.repository';
import { UNKNOWN_TENANT_ID, WebhookAuthError, WebhookPayloadError, type RawWebhookRequest } from '../platforms/chat-adapter';
import { storeInboundEvent, storeVisitorMessageAsRead, TenantChangedError, type InboundOutcome } from './handle-inbound-event';
import { normaliseInboundEvent, reportNormalisation, type NormalisationChange } from './inbound-normalisation';
import { handleTidioFlow } from './tidio-flow.handler';
import { KnownTenants, type TenantAsRead } from './known-tenants';

export interface WebhookDeps {
  db: Kysely<DB>;
  logger: Logger;
  adapters: AdapterRegistry;
  queue: Pick<JobQueue, 'enqueueReply'>;
  config: ChatPlatformsConfig;
  metrics: Metrics;
  /** Plan limits: visitor answers count against the monthly AI reply quota. */
  plans: Record<Plan, PlanLimits>;
  /** For the Tidio Flow endpoint, which answers synchronously. */
  answer: ProduceAnswerDeps;
}

/** Request logs show the route, never the query string (a Crisp website hook carries its secret there). */
const logSerializers = {
  req: (req: FastifyRequest) => ({ method: req.method, url: req.url.split('?')[0], reqId: req.id }),
};

/**
 * POST /webhooks/:platform and POST /webhooks/tidio/flow, in their own encapsulated scope: the body
 * arrives as raw bytes (signatures cover the exact bytes) and is limited to the configured size
 * (larger → 413); the JSON parser of the rest of the app is not used here.
 */
export async function registerWebhookRoutes(app: FastifyInstance, deps: WebhookDeps): Promise<void> {
  const bodyLimit = deps.config.webhookBodyLimitBytes;
  const knownTenants = new KnownTenants();
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, body, done) => done(null, body));
    scope.addHook('onResponse', async (request, reply) => {
      const platform = request.routeOptions.url === '/webhooks/tidio/flow' ? 'tidio-flow' : (request.params as { platform?: string }).platform;
      deps.metrics.webhookDeliveries.inc({ platform: platform === 'crisp' || platform === 'tidio' || platform === 'tidio-flow' ? platform : 'unknown', outcome: String(reply.statusCode) });
    });
    scope.post('/webhooks/tidio/flow', { bodyLimit, logSerializers }, (request, reply) =>
      traced('tidio-flow', reply, () => handleTidioFlow(deps, toRaw(request), reply)),
    );
    scope.post<{ Params: { platform: string } }>('/webhooks/:platform', { bodyLimit, logSerializers }, (request, reply) =>
      traced(request.params.platform, reply, () => receiveWebhook(deps, knownTenants, request.params.platform, toRaw(request), request, reply)),
    );
  });
}

/**
 * One trace per delivery: its statements are children, and so is the reply job it enqueues (the job
 * carries the trace context), with that job's LLM and platform calls.
 */
function traced(platform: string, reply: FastifyReply, receive: () => Promise<FastifyReply>): Promise<FastifyReply> {
  const known = isChatPlatform(platform) || platform === 'tidio-flow' ? platform : 'unknown';
  return withSpan(`webhook ${known}`, { kind: SpanKind.SERVER, attributes: { [PLATFORM]: known, 'http.request.method': 'POST' } }, async (span) => {
    const answered = await receive();
    span.setAttribute('http.response.status_code', reply.statusCode);
    return answered;
  });
}

function toRaw(request: FastifyRequest): RawWebhookRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = Array.isArray(value) ? value[0] : value;
  const query: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries((request.query ?? {}) as Record<string, unknown>)) {
    if (typeof value === 'string') query[name] = value;
  }
  return { rawBody: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0), headers, query };
}

/** What the tenant transaction of a delivery decided; the route turns it into the HTTP answer. */
type Verdict =
  | { kind: 'not-authentic'; reason: string }
  | { kind: 'unknown-tenant' }
  | { kind: 'bad-payload'; reason: string }
  | { kind: 'ignored'; reason: string }
  | { kind: 'stored'; eventType: string; changes: NormalisationChange[]; outcome: InboundOutcome };

/**
 * The pipeline: parse JSON (400) → find the tenant by its platform key (known-tenants.ts, else
 * db/privileged.ts) → in ONE
 * tenant transaction: read the tenant with its channel settings (one statement), verify on the raw bytes (401, nothing
 * stored), parse the event, make its values storable (inbound-normalisation.ts), store → enqueue the
 * owed replies after COMMIT → 200. A visitor message of a tenant an earlier delivery read is verified
 * with that read's settings before its transaction, whose one storing statement checks the read is
 * still true (judgeAsRead); anything else, or a changed tenant, goes the full way.
 * An unknown key (or one PostgreSQL could not even compare, e.g. with a NUL byte) goes through the same
 * transaction and check as a tenant without secrets, so it gets the same 401 as a wrong signature and
 * the answer never tells a stranger which keys exist; only a delivery signed with a platform-wide
 * secret (Crisp plugin hooks) learns that its website is not ours (200, dropped).
 * An authentic delivery whose payload lacks the documented shape is acknowledged as rejected (200),
 * logged and counted: the same bytes would fail again, so a retry could only repeat the failure.
 * The LLM and the platform API are never called here.
 */
async function receiveWebhook(
  deps: WebhookDeps,
  knownTenants: KnownTenants,
  platform: string,
  raw: RawWebhookRequest,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  if (!isChatPlatform(platform)) return reply.code(404).send({ error: 'unknown platform' });
  const adapter = deps.adapters[platform];
  const log = request.log;
  let body: unknown;
  try {
    body = JSON.parse(raw.rawBody.toString('utf8'));
  } catch {
    return reply.code(400).send({ error: 'malformed JSON' });
  }
  const tenantKey = adapter.tenantKey(body);
  if (!tenantKey) return reply.code(400).send({ error: `not a ${platform} webhook payload` });

  const now = new Date();
  /** The delivery's tenant transaction; null when `hinted` and the hinted tenant no longer has the key. */
  const judge = (tenantId: string | null, hinted: boolean) =>
    withTenantTransaction(deps.db, tenantId ?? UNKNOWN_TENANT_ID, async (tx): Promise<Verdict | null> => {
      const tenant = await findChatTenant(tx, platform);
      if (hinted && (!tenant || tenantKeyOn(platform, tenant) !== tenantKey)) return null;
      const settings = adapter.openSettings(tenant?.integration ?? null, tenantId ?? UNKNOWN_TENANT_ID);
      const rejected = verdictOf(() => adapter.verify(raw, settings, now));
      if (rejected) return rejected;
      if (!tenantId || !tenant) return { kind: 'unknown-tenant' };
      if (tenantKeyOn(platform, tenant) === tenantKey) knownTenants.remember(platform, tenantKey, tenantId, { tenant, settings });
      let parsed;
      try {
        parsed = adapter.parse(body, now);
      } catch (error) {
        if (!(error instanceof WebhookPayloadError)) throw error;
        return { kind: 'bad-payload', reason: error.message };
      }
      if (parsed.kind === 'ignored') return { kind: 'ignored', reason: parsed.reason };
      const { event, changes } = normaliseInboundEvent(parsed.event);
      return { kind: 'stored', eventType: event.eventType, changes, outcome: await storeInboundEvent(tx, tenantId, tenant, event) };
    });
  /**
   * A visitor message of a tenant whose row a delivery read before: verified with those settings
   * before anything is written, stored by one statement that checks the row is unchanged. Null
   * (judge it the full way) when it does not verify, is not a visitor message, or the row changed.
   */
  const judgeAsRead = async (tenantId: string, read: TenantAsRead): Promise<Verdict | null> => {
    if (verdictOf(() => adapter.verify(raw, read.settings, now))) return null;
    let parsed;
    try {
      parsed = adapter.parse(body, now);
    } catch (error) {
      if (!(error instanceof WebhookPayloadError)) throw error;
      return null;
    }
    if (parsed.kind !== 'event') return null;
    const { event, changes } = normaliseInboundEvent(parsed.event);
    if (event.kind !== 'visitor_message') return null;
    try {
      const outcome = await storeVisitorMessageAsRead(deps.db, tenantId, read.tenant, event);
      return { kind: 'stored', eventType: event.eventType, changes, outcome };
    } catch (error) {
      if (!(error instanceof TenantChangedError)) throw error;
      knownTenants.remember(platform, tenantKey, tenantId, null);
      return null;
    }
  };
  const known = knownTenants.get(platform, tenantKey);
  let tenantId = known?.tenantId ?? null;
  let verdict = known?.read ? await judgeAsRead(known.tenantId, known.read) : null;
  if (!verdict && tenantId) verdict = await judge(tenantId, true);
  if (!verdict) {
    tenantId = textProblem(tenantKey) ? null : await findTenantIdByPlatformKeyAsApp(deps.db, platform, tenantKey);
    knownTenants.set(platform, tenantKey, tenantId);
    verdict = (await judge(tenantId, false)) as Verdict;
  }

  if (verdict.kind === 'not-authentic') {
    log.warn({ platform, tenantId, reason: verdict.reason }, 'webhook rejected: not authentic');
    return reply.code(401).send({ error: 'invalid signature' });
  }
  if (verdict.kind === 'unknown-tenant') {
    log.info({ platform }, 'signed webhook for a website that is not ours acknowledged and dropped');
    return reply.code(200).send({ status: 'ignored' });
  }
  // Authentic from here on: the request's remaining log lines, the access log included, name the tenant.
  request.log = reply.log = request.log.child({ tenantId });
  annotateSpan({ [TENANT_ID]: tenantId ?? undefined });
  if (verdict.kind === 'bad-payload') {
    deps.metrics.webhookRejected.inc({ platform });
    log.warn({ platform, tenantId, reason: verdict.reason }, 'webhook payload rejected');
    return reply.code(200).send({ status: 'rejected', reason: verdict.reason });
  }
  if (verdict.kind === 'ignored') {
    log.info({ platform, tenantId, reason: verdict.reason }, 'webhook event ignored');
    return reply.code(200).send({ status: 'ignored' });
  }
  const { outcome } = verdict;
  reportNormalisation(deps.metrics, log, { platform, tenantId: tenantId!, event: verdict.eventType }, verdict.changes);
  if (outcome.status !== 'ignored') {
    for (const replyId of outcome.pendingReplyIds) {
      await deps.queue.enqueueReply(replyId, { tenantId: tenantId!, conversationId: outcome.conversationId });
    }
  }
  log.info(
    { platform, tenantId, event: verdict.eventType, outcome: outcome.status, attempt: raw.headers['x-delivery-attempt-count'] },
    'webhook processed',
  );
  return reply.code(200).send({ status: outcome.status });
}

/** Runs a signature check: null when it passes, the reason when it does not. */
function verdictOf(verify: () => void): Extract<Verdict, { kind: 'not-authentic' }> | null {
  try {
    verify();
    return null;
  } catch (error) {
    if (!(error instanceof WebhookAuthError)) throw error;
    return { kind: 'not-authentic', reason: error.message };
  }
}
