import { randomUUID } from 'node:crypto';
import type { BenchOptions } from './bench-options';
import { epochNow, inProcessClients, processClients, type LiveClients } from './live-clients';
import { cpuSplit, loadAverage, startCpuMeter } from './machine';
import { percentile, runPacedLoad } from './paced-load';
import type { ScenarioFigures } from './report';
import type { SeededTenant } from './seed-data';
import { sqlPerRequest, type ServerProcess } from './server-process';
import { signedDelivery } from './webhook-scenario';

/** How long to wait for the last events after the load (a missing event is counted, not waited for forever). */
const DRAIN_MS = 15_000;
const READY_TIMEOUT_MS = 120_000;
/** A tenant whose subscribers have not all seen its probe gets another after this (its subscription may have registered late). */
const PROBE_AGAIN_MS = 10_000;
const PROBES_PER_SECOND = 10;

export interface LiveFigures {
  subscribers: number;
  tenants: number;
  deliveries: number;
  /** Subscriber-events owed: each acknowledged delivery, once to every subscriber of its tenant. */
  expected: number;
  received: number;
  missing: number;
  duplicates: number;
  /** Events a subscriber got for another tenant's delivery (must stay 0). */
  foreign: number;
  /** Delivery sent (due) → event at the subscriber, over every subscriber-event of the measured run. */
  p50: number;
  p95: number;
  p99: number;
  max: number;
  eventsPerSecond: number;
  /** Sockets the server closed during the run (slow consumer, errors). */
  closed: number;
  /** Subscriptions that ended with an error (e.g. the server could not get a pooled connection for a read). */
  subscriptionErrors: number;
  /** Of those, failed already while the subscribers were being connected and probed. */
  failedBeforeRun: number;
  firstError: string | null;
  connectSeconds: number;
  /** Where the clients ran (--live-clients) and the CPU their process used per delivery (0 when in the runner: counted as the runner's). */
  clientsIn: 'process' | 'runner';
  clientsCpuMsPerDelivery: number;
  rss: { idle: number; connected: number; end: number };
  heap: { idle: number; connected: number; end: number };
}

interface Subscriber {
  tenant: number;
  /** First arrival (epoch ms, epochNow()) of each delivery's event, by delivery number. */
  firstSeen: Map<number, number>;
  /** Its subscription ended with an error: the events it was owed afterwards count as missing. */
  failed: boolean;
}

type Phase = 'probe' | 'warmup' | 'measured';

interface Delivery {
  tenant: number;
  /** When it was due, epoch ms (epochNow()). */
  due: number;
  phase: Phase;
  acked: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * live-subscribers (issue #15): `subscribers` graphql-ws clients (the real client, `ws` as its socket),
 * spread evenly over the tenants, one connection and one `messageAdded` subscription each, while signed
 * Crisp deliveries arrive at a steady `rate` over all tenants. Each delivery's visitor message carries
 * its number, so every subscriber's event is matched to the moment the delivery was due: the latency
 * is webhook → subscriber, queueing in the server (and in this runner) included. Each subscriber must
 * get each delivery of its own tenant exactly once. The server runs without reply workers (the web
 * tier, as with workers elsewhere): at 100 deliveries/s the reply pipeline alone saturates 2 cores
 * (bench/RESULTS.md), which would measure the queue, not live delivery.
 */
export async function measureLiveSubscribers(app: ServerProcess, tenants: SeededTenant[], options: BenchOptions): Promise<ScenarioFigures> {
  const count = options.liveSubscribers;
  const rate = options.liveRate;
  const deliveries: Delivery[] = [];
  const subscribers: Subscriber[] = [];
  let duplicates = 0;
  let foreign = 0;
  let closed = 0;
  let arrivals = 0;
  let stopping = false;
  let subscriptionErrors = 0;
  let firstError: string | undefined;
  const idle = await app.stats();


  const url = app.url;
  const byTenant: number[][] = tenants.map(() => []);
  const send = (tenant: number, due: number, phase: Phase) => {
    const number = deliveries.length;
    const delivery: Delivery = { tenant, due, phase, acked: false };
    deliveries.push(delivery);
    byTenant[tenant]!.push(number);
    const { body, headers } = signedDelivery(tenants[tenant]!, `session_${randomUUID()}`, `Hi, how much does the pro plan cost per month? [lb ${number}]`);
    return { delivery, spec: { method: 'POST' as const, path: '/webhooks/crisp', headers, body } };
  };
  const owed = (phase: Phase) => {
    let total = 0;
    let got = 0;
    for (const subscriber of subscribers) {
      for (const number of byTenant[subscriber.tenant]!) {
        const delivery = deliveries[number]!;
        if (!delivery.acked || delivery.phase !== phase) continue;
        total += 1;
        if (subscriber.firstSeen.has(number)) got += 1;
      }
    }
    return { total, got };
  };
  let clients: LiveClients | undefined;
  try {
    const connectStarted = performance.now();
    const wsUrl = `${app.url.replace(/^http/, 'ws')}/graphql`;
    for (let index = 0; index < count; index++) subscribers.push({ tenant: index % tenants.length, firstSeen: new Map(), failed: false });
    const spec = { wsUrl, keys: subscribers.map((subscriber) => tenants[subscriber.tenant]!.apiKey) };
    const sink = {
      arrival(index: number, number: number, at: number) {
        arrivals += 1;
        const subscriber = subscribers[index]!;
        const delivery = deliveries[number];
        if (!delivery) return;
        if (delivery.tenant !== subscriber.tenant) foreign += 1;
        else if (subscriber.firstSeen.has(number)) duplicates += 1;
        else subscriber.firstSeen.set(number, at);
      },
      closed(_index: number, reason: string) {
        if (stopping) return;
        closed += 1;
        firstError ??= `socket closed: ${reason}`;
      },
      failed(index: number, reason: string) {
        subscribers[index]!.failed = true;
        subscriptionErrors += 1;
        firstError ??= reason;
      },
    };
    clients = options.liveClients === 'process' ? processClients(spec, sink) : inProcessClients(spec, sink);
    await clients.connected;
    const connectSeconds = (performance.now() - connectStarted) / 1000;

    // Readiness: a delivery to each tenant whose subscribers have not all seen one yet, until all have
    // (a subscription is registered on the server after connection_ack, and nothing tells the client when).
    const readyBy = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      const waiting = new Set(subscribers.filter((subscriber) => subscriber.firstSeen.size === 0 && !subscriber.failed).map((subscriber) => subscriber.tenant));
      if (waiting.size === 0) break;
      if (Date.now() > readyBy) throw new Error(`subscribers of ${waiting.size} tenants saw no event within ${READY_TIMEOUT_MS / 1000} s`);
      // Paced: 50 events at once would already be 1,000 subscriber reads.
      for (const tenant of waiting) {
        const { delivery, spec } = send(tenant, epochNow(), 'probe');
        void fetch(`${url}${spec.path}`, { method: 'POST', headers: spec.headers, body: spec.body }).then((answer) => (delivery.acked = answer.ok));
        await sleep(1000 / PROBES_PER_SECOND);
      }
      const probed = Date.now();
      while (Date.now() - probed < PROBE_AGAIN_MS && subscribers.some((subscriber) => subscriber.firstSeen.size === 0 && !subscriber.failed)) await sleep(200);
    }
    const failedBefore = subscriptionErrors;
    const connected = await app.stats();

    const pace = async (seconds: number, phase: Phase) => {
      let next = 0;
      return runPacedLoad(url, rate, seconds, (due) => {
        // runPacedLoad's due time is on this process's performance.now() clock; arrivals are epoch ms.
        const { delivery, spec } = send(next++ % tenants.length, performance.timeOrigin + due, phase);
        return { spec, onAnswer: (status) => void (delivery.acked = status === 200) };
      });
    };
    const drain = async (phase: Phase) => {
      const deadline = Date.now() + DRAIN_MS;
      let last = -1;
      let lastChange = Date.now();
      for (;;) {
        const { total, got } = owed(phase);
        if (got === total || Date.now() > deadline) return;
        if (got !== last) [last, lastChange] = [got, Date.now()];
        else if (Date.now() - lastChange > 5_000) return;
        await sleep(200);
      }
    };

    await pace(options.warmupSeconds, 'warmup');
    await drain('warmup');

    const loadAvg = loadAverage();
    const before = await app.stats();
    const meter = startCpuMeter();
    const clientsCpuBefore = await clients.cpuMs();
    const arrivalsBefore = arrivals;
    const startedAt = epochNow();
    const load = await pace(options.durationSeconds, 'measured');
    await drain('measured');
    const clientsCpuMs = (await clients.cpuMs()) - clientsCpuBefore;
    const meterReading = meter.stop();
    // The clients are part of the load generator wherever they run.
    const cpu = { machineMs: meterReading.machineMs, runnerMs: meterReading.runnerMs + clientsCpuMs };
    const after = await app.stats();

    const latencies: number[] = [];
    let lastArrival = startedAt;
    for (const subscriber of subscribers) {
      for (const [number, at] of subscriber.firstSeen) {
        const delivery = deliveries[number]!;
        if (delivery.phase !== 'measured') continue;
        latencies.push(at - delivery.due);
        lastArrival = Math.max(lastArrival, at);
      }
    }
    latencies.sort((a, b) => a - b);
    const { total: expected, got: received } = owed('measured');
    const served = after.requests - before.requests;
    const live: LiveFigures = {
      subscribers: subscribers.length,
      tenants: tenants.length,
      deliveries: deliveries.filter((delivery) => delivery.phase === 'measured' && delivery.acked).length,
      expected,
      received,
      missing: expected - received,
      duplicates,
      foreign,
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      max: Math.round(latencies[latencies.length - 1] ?? 0),
      eventsPerSecond: (arrivals - arrivalsBefore) / Math.max(0.001, (lastArrival - startedAt) / 1000),
      closed,
      subscriptionErrors,
      failedBeforeRun: failedBefore,
      firstError: firstError ?? null,
      connectSeconds,
      clientsIn: options.liveClients,
      clientsCpuMsPerDelivery: served > 0 ? clientsCpuMs / served : 0,
      rss: { idle: idle.rss, connected: connected.rss, end: after.rss },
      heap: { idle: idle.heapUsed, connected: connected.heapUsed, end: after.heapUsed },
    };
    return {
      name: 'live-subscribers',
      description: `${live.subscribers} graphql-ws subscribers (messageAdded) over ${live.tenants} tenants, signed Crisp deliveries at a steady ${rate}/s`,
      rate,
      ...load,
      // Latency columns: the acknowledgement's, as in the webhook rows; webhook → subscriber is in `live`.
      errors: load.errors + live.missing + live.duplicates + live.foreign + live.closed + live.subscriptionErrors,
      ...sqlPerRequest(before, after, served),
      ...cpuSplit(cpu, (after.cpuMicros - before.cpuMicros) / 1000, served),
      loadAverage: loadAvg,
      live,
    };
  } finally {
    stopping = true;
    await clients?.stop();
  }
}
