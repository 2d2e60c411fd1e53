import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { BenchOptions } from './bench-options';
import { HUNG_MODEL, type FakeServices } from './fake-services';
import { cpuSplit, loadAverage, startCpuMeter } from './machine';
import { percentile, runPacedLoad } from './paced-load';
import type { ScenarioFigures } from './report';
import type { SeededTenant } from './seed-data';
import { sqlPerRequest, type ServerProcess } from './server-process';
import { signedDelivery, waitForReplies } from './webhook-scenario';

/** The app server's LLM timeout in the bench (bench/server-process.ts): a hung call ends after it with the fallback. */
export const BENCH_LLM_TIMEOUT_MS = 5000;
/** Every HUNG_SHARE-th delivery goes to the hung tenant. */
const HUNG_SHARE = 4;
/**
 * How long to wait after the load for the hung tenant's fallbacks, which leave at most
 * REPLY_TENANT_CONCURRENCY per LLM_TIMEOUT_MS; those still owed then are reported, not counted as errors.
 */
const HUNG_DRAIN_MS = 90_000;

/**
 * One tenant's model hangs (the fake LLM never answers HUNG_MODEL; each call ends at the server's
 * LLM_TIMEOUT_MS with the fallback) while every tenant's visitors write at a steady rate, one
 * delivery in HUNG_SHARE for the hung tenant. The figure that matters is the other tenants' ack →
 * reply: REPLY_TENANT_CONCURRENCY keeps the hung tenant to its share of the reply workers.
 */
export async function measureHungTenant(
  app: ServerProcess,
  fakes: FakeServices,
  tenants: SeededTenant[],
  options: BenchOptions,
  rate: number,
): Promise<ScenarioFigures> {
  const [hung, ...others] = tenants;
  if (!hung || others.length === 0) throw new Error('webhook-hung-tenant needs at least two tenants');
  await setModel(options.databaseUrl, hung.id, HUNG_MODEL);
  try {
    const loadAvg = loadAverage();
    const before = await app.stats();
    const acks = { hung: new Map<string, number>(), others: new Map<string, number>() };
    const meter = startCpuMeter();
    let n = 0;
    const result = await runPacedLoad(app.url, rate, options.durationSeconds, () => {
      const toHung = n++ % HUNG_SHARE === 0;
      const tenant = toHung ? hung : (others[n % others.length] as SeededTenant);
      const sessionId = `session_${randomUUID()}`;
      const { body, headers } = signedDelivery(tenant, sessionId);
      return {
        spec: { method: 'POST', path: '/webhooks/crisp', headers, body },
        onAnswer: (status) => {
          if (status === 200) (toHung ? acks.hung : acks.others).set(sessionId, performance.now());
        },
      };
    });
    await waitForReplies(fakes, acks.others);
    const cpu = meter.stop();
    const after = await app.stats();
    await waitForReplies(fakes, acks.hung, HUNG_DRAIN_MS);
    const othersLatency = latencies(fakes, acks.others);
    const hungLatency = latencies(fakes, acks.hung);
    const served = after.requests - before.requests;
    return {
      name: 'webhook-hung-tenant',
      description:
        `Crisp deliveries at a steady ${rate}/s, one in ${HUNG_SHARE} to a tenant whose model never answers ` +
        `(LLM_TIMEOUT_MS ${BENCH_LLM_TIMEOUT_MS}); the others' fake LLM answers at once`,
      rate,
      requests: result.requests,
      durationSeconds: result.durationSeconds,
      rps: (acks.hung.size + acks.others.size) / result.durationSeconds,
      p50: result.p50,
      p90: result.p90,
      p99: result.p99,
      max: result.max,
      // The other tenants' replies that never reached fake Crisp count as errors.
      errors: result.errors + (acks.others.size - othersLatency.length),
      ...sqlPerRequest(before, after, served),
      ...cpuSplit(cpu, (after.cpuMicros - before.cpuMicros) / 1000, served),
      loadAverage: loadAvg,
      ackToReply: {
        p50: percentile(othersLatency, 50),
        p99: percentile(othersLatency, 99),
        replies: othersLatency.length,
        repliesPerSecond: othersLatency.length / result.durationSeconds,
      },
      hungTenant: {
        deliveries: acks.hung.size,
        replies: hungLatency.length,
        p50: percentile(hungLatency, 50),
        p99: percentile(hungLatency, 99),
      },
    };
  } finally {
    await setModel(options.databaseUrl, hung.id, null);
    await dropOwedReplies(options.databaseUrl, hung.id);
  }
}

/** The hung tenant's replies still owed after the drain go, so that no later run answers them. */
async function dropOwedReplies(databaseUrl: string, tenantId: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("update pgboss.job set state = 'cancelled', completed_on = now() where state < 'active' and data->>'tenantId' = $1", [tenantId]);
    await client.query("update outbound_replies set status = 'skipped', last_error = 'bench: hung tenant' where status = 'pending' and tenant_id = $1", [tenantId]);
  } finally {
    await client.end();
  }
}

function latencies(fakes: FakeServices, acks: Map<string, number>): number[] {
  return [...acks]
    .map(([session, ackedAt]) => (fakes.replies.get(session) ?? Number.NaN) - ackedAt)
    .filter((ms) => Number.isFinite(ms))
    .sort((a, b) => a - b);
}

/** Gives the tenant's `ai` configuration this model, or removes it (null). */
async function setModel(databaseUrl: string, tenantId: string, model: string | null): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("delete from tenant_configurations where tenant_id = $1 and config_type = 'ai'", [tenantId]);
    if (model) {
      await client.query("insert into tenant_configurations (tenant_id, config_type, config_data) values ($1, 'ai', $2)", [tenantId, { model }]);
    }
  } finally {
    await client.end();
  }
}
