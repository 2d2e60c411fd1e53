import 'reflect-metadata';
import fs from 'node:fs';
import { Client } from 'pg';
import { checkAnchorAnswers, prepareAnchor, startAnchorServer, type AnchorInfo } from './anchor';
import { ANCHOR_SCENARIOS } from './anchor-scenarios';
import { parseBenchOptions, type BenchOptions } from './bench-options';
import { startFakeServices, type FakeServices } from './fake-services';
import { runLoad, type LoadResult } from './load';
import { cpuSplit, describeMachine, loadAverage, startCpuMeter, vacuumIfAutovacuumOff, type Machine } from './machine';
import { recordResults, recordSoak, type BenchReport, type ScenarioFigures } from './report';
import { SCENARIOS, type Scenario } from './scenarios';
import { prepareDatabase, prepareTenants, type SeededTenant } from './seed-data';
import { OUT_DIR } from './paths';
import { serverEnv, sqlPerRequest, startAppServer, startServer, type ServerProcess } from './server-process';
import { runSoak } from './soak';
import { measureHungTenant } from './hung-tenant-scenario';
import { measureAckOnly, measureWebhook } from './webhook-scenario';
import { measureLiveSubscribers } from './live-subscribers';
import { HOSTILE_CONCURRENCY, HOSTILE_SEARCHES, ORDINARY_REQUESTS, startSenders, type HostileSearchFigures } from './hostile-search';

const log = (line: string) => console.log(`[bench] ${line}`);

/** Warm-up (discarded), then the measured run with the server's statement counter read around it. */
async function measure(
  scenario: Pick<Scenario, 'name' | 'description' | 'build'>,
  server: ServerProcess,
  tenants: SeededTenant[],
  options: BenchOptions,
  rate?: number,
): Promise<ScenarioFigures> {
  const load = { url: server.url, connections: options.connections };
  if (rate === undefined) await runLoad({ ...load, durationSeconds: options.warmupSeconds }, tenants, scenario.build);
  const loadAvg = loadAverage();
  const before = await server.stats();
  const meter = startCpuMeter();
  const result: LoadResult = await runLoad({ ...load, durationSeconds: options.durationSeconds, rate }, tenants, scenario.build);
  const cpu = meter.stop();
  const after = await server.stats();
  const served = after.requests - before.requests;
  const figures: ScenarioFigures = {
    name: scenario.name,
    description: scenario.description,
    ...result,
    ...sqlPerRequest(before, after, served),
    // Server CPU per request barely moves with other load on the machine, unlike req/s.
    ...cpuSplit(cpu, (after.cpuMicros - before.cpuMicros) / 1000, served),
    loadAverage: loadAvg,
    ...(rate === undefined ? {} : { rate }),
  };
  log(
    `${scenario.name.padEnd(25)} ${result.rps.toFixed(0).padStart(6)} req/s  p50 ${result.p50} ms  p90 ${result.p90} ms  ` +
      `p99 ${result.p99} ms  errors ${result.errors}  SQL/req ${figures.statementsPerRequest.toFixed(2)} (${figures.roundTripsPerRequest?.toFixed(2)} round trips)  CPU ${figures.cpuMsPerRequest.toFixed(2)} ms/req ` +
      `(PG+rest ${figures.restCpuMsPerRequest.toFixed(2)}, loadgen ${figures.loadGeneratorCpuMsPerRequest.toFixed(2)})  (load ${loadAvg})`,
  );
  return figures;
}

async function runScenarios(options: BenchOptions, machine: Machine, tenants: SeededTenant[]): Promise<Omit<BenchReport, 'machine' | 'options'>> {
  const wanted = (name: string) => options.scenarios === null || options.scenarios.includes(name);
  const settle = () => vacuumIfAutovacuumOff(machine, options.databaseUrl);
  const anchorScenarios = ANCHOR_SCENARIOS.filter((scenario) => wanted(scenario.name));
  const node22 = anchorScenarios.length > 0 ? options.node22 : null;
  if (anchorScenarios.length > 0 && !node22) log('postgraphile-* scenarios skipped: set NODE22=/path/to/node (Node >= 22) to measure the PostGraphile anchor');
  const anchorVersions = node22 ? prepareAnchor(node22, log) : null;
  const fakes = await startFakeServices();
  const app = await startAppServer(options, fakes);
  const baseline = await startServer('baseline', 'baseline-server', serverEnv(options));
  const results: ScenarioFigures[] = [];
  let anchor: ServerProcess | null = null;
  let anchorInfo: AnchorInfo | undefined;
  try {
    if (node22 && anchorVersions) {
      anchor = await startAnchorServer(options, node22);
      anchorInfo = { ...anchorVersions, checks: await checkAnchorAnswers(app, anchor, tenants, anchorScenarios) };
      log(`PostGraphile ${anchorInfo.postgraphile} on Node ${anchorInfo.node}`);
      for (const { scenario, twin, rows } of anchorInfo.checks) log(`${scenario}: the same answer as Netia's ${twin} for ${rows.length} tenants (${rows.join(', ')} rows)`);
    }
    for (const scenario of SCENARIOS) {
      const server = scenario.target === 'app' ? app : baseline;
      // Each anchor scenario runs just before its Netia twin, so the two see the same machine.
      const anchorTwin = anchor ? anchorScenarios.find((candidate) => candidate.twin === scenario.name) : undefined;
      if (anchor && anchorTwin) {
        await settle();
        results.push(await measure(anchorTwin, anchor, tenants, options));
      }
      if (wanted(scenario.name)) {
        await settle();
        results.push(await measure(scenario, server, tenants, options));
      }
      if (scenario.name === 'inbox' && wanted('inbox-half-rate')) {
        const inbox = results.find((figures) => figures.name === 'inbox');
        const max = inbox?.rps ?? (await measure(scenario, app, tenants, options)).rps;
        const half = { ...scenario, name: 'inbox-half-rate', description: 'inbox at half of its maximum rate' };
        await settle();
        results.push(await measure(half, app, tenants, options, Math.max(1, Math.round(max / 2))));
      }
    }
    const hostileSearch = wanted('hostile-search') ? await measureHostileSearch(app, tenants, options, settle) : undefined;
    if (hostileSearch) results.push(...hostileSearch.figures);
    for (const name of ['webhook', 'webhook-paced'] as const) {
      if (!wanted(name)) continue;
      const fullSpeed = results.find((figures) => figures.name === 'webhook');
      // As for the inbox: the latency target is judged at half of the maximum rate, here the rate at
      // which the whole pipeline (ack, reply job, platform call) finished deliveries at full speed.
      const pipelineRate = fullSpeed?.ackToReply?.repliesPerSecond;
      const rate = name === 'webhook' ? undefined : (options.webhookRate ?? (pipelineRate ? Math.max(1, Math.round(pipelineRate / 2)) : 20));
      await settle();
      const webhook = await measureWebhook(app, fakes, tenants, options, rate);
      log(
        `${name.padEnd(16)} ${webhook.rps.toFixed(0).padStart(6)} acks/s  p99 ack ${webhook.p99} ms  ack→reply p50 ${webhook.ackToReply?.p50} ms ` +
          `p99 ${webhook.ackToReply?.p99} ms (${webhook.ackToReply?.repliesPerSecond.toFixed(0)} replies/s end to end)  errors ${webhook.errors}  SQL/delivery ${webhook.statementsPerRequest.toFixed(2)} (${webhook.roundTripsPerRequest?.toFixed(2)} round trips)  ` +
          `CPU ${webhook.cpuMsPerRequest.toFixed(2)} ms (PG+rest ${webhook.restCpuMsPerRequest.toFixed(2)}, loadgen+fakes ${webhook.loadGeneratorCpuMsPerRequest.toFixed(2)})  (load ${webhook.loadAverage})`,
      );
      results.push(webhook);
    }
    if (wanted('webhook-hung-tenant')) {
      await settle();
      const hung = await measureHungTenant(app, fakes, tenants, options, options.hungTenantRate);
      log(
        `webhook-hung-tenant ${hung.rate}/s  others' ack→reply p50 ${hung.ackToReply?.p50} ms p99 ${hung.ackToReply?.p99} ms ` +
          `(${hung.ackToReply?.replies} replies)  hung tenant ${hung.hungTenant?.replies}/${hung.hungTenant?.deliveries} fallbacks ` +
          `p50 ${hung.hungTenant?.p50} ms p99 ${hung.hungTenant?.p99} ms  errors ${hung.errors}  (load ${hung.loadAverage})`,
      );
      results.push(hung);
    }
    const rss = { app: (await app.stats()).rss, baseline: (await baseline.stats()).rss, ...(anchor ? { postgraphile: (await anchor.stats()).rss } : {}) };
    await anchor?.stop();
    await app.stop();
    if (wanted('webhook-ack-only')) {
      await settle();
      results.push(await measureWebTierAlone(options, fakes, tenants));
    }
    if (wanted('live-subscribers')) {
      await settle();
      results.push(await measureLive(options, fakes, tenants));
    }
    return {
      results,
      rss,
      ...(anchorInfo ? { anchor: anchorInfo } : {}),
      ...(hostileSearch && { hostileSearch: { rate: options.hostileRate, attack: hostileSearch.attack } }),
    };
  } finally {
    await anchor?.stop();
    await app.stop();
    await baseline.stop();
    await fakes.close();
  }
}

/**
 * hostile-search: the other tenants' inbox at a steady rate, in two rounds of three runs each: quiet,
 * beside one tenant's 20 ordinary requests, beside its 20 hostile searches (bench/hostile-search.ts).
 */
async function measureHostileSearch(app: ServerProcess, tenants: SeededTenant[], options: BenchOptions, settle: () => Promise<void>) {
  const [attacker, ...victims] = tenants;
  const inbox = SCENARIOS.find((scenario) => scenario.name === 'inbox')!;
  const rate = options.hostileRate;
  const figures: ScenarioFigures[] = [];
  const senders: Record<string, HostileSearchFigures[]> = { ordinary: [], hostile: [] };
  for (let round = 1; round <= 2; round++) {
    await settle();
    figures.push(await measure({ ...inbox, name: 'inbox-quiet', description: `other tenants' inbox at a steady ${rate}/s` }, app, victims, options, rate));
    for (const [kind, requests] of [['ordinary', ORDINARY_REQUESTS], ['hostile', HOSTILE_SEARCHES]] as const) {
      await settle();
      const running = startSenders(app.url, attacker!, requests);
      const name = kind === 'hostile' ? 'inbox-beside-hostile-search' : 'inbox-beside-ordinary';
      const what = kind === 'hostile' ? 'hostile searches' : 'ordinary list requests';
      figures.push(await measure({ ...inbox, name, description: `the same beside one tenant's ${HOSTILE_CONCURRENCY} ${what}` }, app, victims, options, rate));
      const sent = await running.stop();
      senders[kind]!.push(sent);
      log(
        `${what.padEnd(22)} ${sent.requests} sent: ${sent.answered} answered, ${sent.refused} refused (BAD_USER_INPUT), ` +
          `${sent.busy} busy (RATE_LIMITED), ${sent.failed} failed; p50 ${sent.p50} ms p99 ${sent.p99} ms max ${sent.max} ms`,
      );
    }
  }
  return { figures, attack: { ordinary: senders.ordinary!, hostile: senders.hostile! } };
}

/** webhook-ack-only: a second app server without reply workers; the replies it owed are cancelled after. */
async function measureWebTierAlone(options: BenchOptions, fakes: FakeServices, tenants: SeededTenant[]): Promise<ScenarioFigures> {
  const app = await startAppServer(options, fakes, false);
  try {
    const figures = await measureAckOnly(app, tenants, options);
    log(
      `${figures.name.padEnd(16)} ${figures.rps.toFixed(0).padStart(6)} acks/s  p50 ${figures.p50} ms  p99 ${figures.p99} ms  errors ${figures.errors}  ` +
        `SQL/delivery ${figures.statementsPerRequest.toFixed(2)} (${figures.roundTripsPerRequest?.toFixed(2)} round trips)  CPU ${figures.cpuMsPerRequest.toFixed(2)} ms (PG+rest ${figures.restCpuMsPerRequest.toFixed(2)})  (load ${figures.loadAverage})`,
    );
    return figures;
  } finally {
    await app.stop();
    await cancelUnansweredReplies(options.databaseUrl);
  }
}

/** live-subscribers: like webhook-ack-only, a server of its own without reply workers (bench/live-subscribers.ts). */
async function measureLive(options: BenchOptions, fakes: FakeServices, tenants: SeededTenant[]): Promise<ScenarioFigures> {
  const app = await startAppServer(options, fakes, false);
  try {
    const figures = await measureLiveSubscribers(app, tenants, options);
    log(
      `${figures.name.padEnd(16)} ${figures.rps.toFixed(0).padStart(6)} acks/s  ack p99 ${figures.p99} ms  errors ${figures.errors}  ` +
        `SQL/delivery ${figures.statementsPerRequest.toFixed(2)} (${figures.roundTripsPerRequest?.toFixed(2)} round trips)  CPU ${figures.cpuMsPerRequest.toFixed(2)} ms (PG+rest ${figures.restCpuMsPerRequest.toFixed(2)}, ` +
        `runner ${figures.loadGeneratorCpuMsPerRequest.toFixed(2)})  (load ${figures.loadAverage} → ${loadAverage()})`,
    );
    return figures;
  } finally {
    await app.stop();
    await cancelUnansweredReplies(options.databaseUrl);
  }
}

async function cancelUnansweredReplies(databaseUrl: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("update pgboss.job set state = 'cancelled', completed_on = now() where state < 'active'");
    await client.query("update outbound_replies set status = 'skipped', last_error = 'bench: web tier alone' where status = 'pending'");
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const options = parseBenchOptions(process.argv.slice(2));
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const machine = await describeMachine(options.databaseUrl.replace(/\/[^/]*$/, '/postgres'), options.appNode);
  log(`node ${machine.node}, ${machine.nproc} cores, load ${loadAverage()}`);
  await prepareDatabase(options.databaseUrl, options.size, options.fresh, log);
  const tenants = await prepareTenants(options.databaseUrl);
  log(`${tenants.length} tenants, one fresh API key each`);
  if (options.soakSeconds !== null) {
    const soak = await runSoak(options, tenants, log);
    recordSoak({ machine, options, soak }, options.scratch, log);
    return;
  }
  const figures = await runScenarios(options, machine, tenants);
  recordResults({ machine, options, ...figures }, options.scratch, log);
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
