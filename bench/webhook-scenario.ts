import { createHmac, randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import type { BenchOptions } from './bench-options';
import { fromAutocannon, type LoadResult } from './load';
import { percentile, runPacedLoad } from './paced-load';
import type { FakeServices } from './fake-services';
import { cpuSplit, loadAverage, startCpuMeter } from './machine';
import type { ScenarioFigures } from './report';
import type { SeededTenant } from './seed-data';
import { sqlPerRequest, type ServerProcess } from './server-process';

export const BENCH_CRISP_SECRET = 'bench-crisp-plugin-signing-secret';
/** How long to wait after the load for replies still in the queue. */
const DRAIN_MS = 30_000;

let fingerprint = 180_000_000_000_000;

/** A visitor's signed `message:send` (chat-platforms.md §1.4), first message of a new session. */
export function signedDelivery(
  tenant: SeededTenant,
  sessionId: string,
  content = 'Hi, how much does the pro plan cost per month?',
): { body: string; headers: Record<string, string> } {
  const now = Date.now();
  const body = JSON.stringify({
    website_id: tenant.crispWebsiteId,
    event: 'message:send',
    data: {
      website_id: tenant.crispWebsiteId,
      session_id: sessionId,
      type: 'text',
      content,
      from: 'user',
      origin: 'chat',
      stamped: true,
      fingerprint: ++fingerprint,
      timestamp: now,
      user: { nickname: 'bench visitor', user_id: sessionId },
    },
    timestamp: now,
  });
  const timestamp = String(Math.floor(now / 1000));
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-crisp-request-timestamp': timestamp,
      'x-crisp-signature': createHmac('sha256', BENCH_CRISP_SECRET).update(`[${timestamp};${body}]`).digest('hex'),
      'x-delivery-attempt-count': '1',
    },
  };
}

async function deliver(
  url: string,
  tenants: SeededTenant[],
  connections: number,
  seconds: number,
  acks: Map<string, number>,
  rate?: number,
): Promise<LoadResult> {
  let next = 0;
  if (rate !== undefined) {
    return runPacedLoad(url, rate, seconds, () => {
      const sessionId = `session_${randomUUID()}`;
      const { body, headers } = signedDelivery(tenants[next++ % tenants.length] as SeededTenant, sessionId);
      return {
        spec: { method: 'POST', path: '/webhooks/crisp', headers, body },
        onAnswer: (status) => {
          if (status === 200) acks.set(sessionId, performance.now());
        },
      };
    });
  }
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        path: '/webhooks/crisp',
        setupRequest: (request, context) => {
          const sessionId = `session_${randomUUID()}`;
          (context as { sessionId?: string }).sessionId = sessionId;
          const { body, headers } = signedDelivery(tenants[next++ % tenants.length] as SeededTenant, sessionId);
          return { ...request, body, headers };
        },
        onResponse: (status, _body, context) => {
          const sessionId = (context as { sessionId?: string }).sessionId;
          if (status === 200 && sessionId) acks.set(sessionId, performance.now());
        },
      },
    ],
  });
  return fromAutocannon(result);
}

/**
 * Crisp webhook ingestion: signed deliveries from a new session each, spread over every tenant's
 * website, as fast as they are acknowledged. The reply worker answers through the fake LLM and posts
 * to fake Crisp; ack → reply is the time between the 200 reaching the load generator and the reply
 * reaching fake Crisp. Replies still queued when the load stops are waited for (up to DRAIN_MS).
 */
export async function measureWebhook(
  app: ServerProcess,
  fakes: FakeServices,
  tenants: SeededTenant[],
  options: BenchOptions,
  rate?: number,
): Promise<ScenarioFigures> {
  const warmupAcks = new Map<string, number>();
  await deliver(app.url, tenants, options.connections, options.warmupSeconds, warmupAcks, rate);
  await waitForReplies(fakes, warmupAcks);
  const { scenario, acks, startedAt } = await measureDeliveries(app, tenants, options, rate, (sessions) => waitForReplies(fakes, sessions));
  const latencies = [...acks]
    .map(([session, ackedAt]) => (fakes.replies.get(session) ?? Number.NaN) - ackedAt)
    .filter((ms) => Number.isFinite(ms))
    .sort((a, b) => a - b);
  const missing = acks.size - latencies.length;
  const replyTimes = [...acks.keys()].map((session) => fakes.replies.get(session) ?? Number.NaN).filter(Number.isFinite);
  const lastReplyAt = Math.max(startedAt, ...replyTimes);
  return {
    ...scenario,
    name: rate === undefined ? 'webhook' : 'webhook-paced',
    description:
      rate === undefined
        ? 'Crisp message:send, signed, new session each; fake LLM and fake Crisp answer at once'
        : `the same at a steady ${rate} deliveries/s (half of the full-speed run's replies/s unless --webhook-rate)`,
    // Replies that never reached fake Crisp count as errors, as do refused or failed deliveries.
    errors: scenario.errors + missing,
    ackToReply: {
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      replies: latencies.length,
      // The whole pipeline's pace: deliveries answered per second, from the first delivery to the last reply.
      repliesPerSecond: latencies.length / Math.max(0.001, (lastReplyAt - startedAt) / 1000),
    },
  };
}

/**
 * The web tier alone: the same deliveries to a server started without reply workers (as a
 * deployment that runs its workers elsewhere would), so acknowledging has the cores to itself.
 */
export async function measureAckOnly(app: ServerProcess, tenants: SeededTenant[], options: BenchOptions): Promise<ScenarioFigures> {
  await deliver(app.url, tenants, options.connections, options.warmupSeconds, new Map());
  const { scenario } = await measureDeliveries(app, tenants, options, undefined, async () => undefined);
  return { ...scenario, name: 'webhook-ack-only', description: 'the webhook scenario against a server without reply workers (the web tier alone)' };
}

async function measureDeliveries(
  app: ServerProcess,
  tenants: SeededTenant[],
  options: BenchOptions,
  rate: number | undefined,
  drain: (acks: Map<string, number>) => Promise<void>,
) {
  const loadAvg = loadAverage();
  const before = await app.stats();
  const acks = new Map<string, number>();
  const meter = startCpuMeter();
  const startedAt = performance.now();
  const result = await deliver(app.url, tenants, options.connections, options.durationSeconds, acks, rate);
  await drain(acks);
  const cpu = meter.stop();
  const after = await app.stats();
  const served = after.requests - before.requests;
  const scenario: ScenarioFigures = {
    name: '',
    description: '',
    ...(rate === undefined ? {} : { rate }),
    requests: result.requests,
    durationSeconds: result.durationSeconds,
    rps: acks.size / result.durationSeconds,
    p50: result.p50,
    p90: result.p90,
    p99: result.p99,
    max: result.max,
    errors: result.errors,
    ...sqlPerRequest(before, after, served),
    ...cpuSplit(cpu, (after.cpuMicros - before.cpuMicros) / 1000, served),
    loadAverage: loadAvg,
  };
  return { scenario, acks, startedAt };
}

export async function waitForReplies(fakes: FakeServices, acks: Map<string, number>, drainMs = DRAIN_MS): Promise<void> {
  const deadline = Date.now() + drainMs;
  const pending = () => [...acks.keys()].some((session) => !fakes.replies.has(session));
  while (pending() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
}
