import fs from 'node:fs';
import path from 'node:path';
import type { AnchorInfo } from './anchor';
import type { BenchOptions } from './bench-options';
import type { HostileSearchFigures } from './hostile-search';
import type { LiveFigures } from './live-subscribers';
import type { LoadResult } from './load';
import type { Machine } from './machine';
import { BENCH_DIR, OUT_DIR } from './paths';
import type { SoakFigures } from './soak';

export interface ScenarioFigures extends LoadResult {
  name: string;
  description: string;
  statementsPerRequest: number;
  /** Of those statements, the ones that waited for an answer before them (absent in older runs). */
  roundTripsPerRequest?: number;
  /** Server process CPU (user + system) per request served. */
  cpuMsPerRequest: number;
  /** The bench runner's CPU per request: load generator (and fake services). */
  loadGeneratorCpuMsPerRequest: number;
  /** The rest of the machine's busy CPU per request: PostgreSQL, plus anything else running. */
  restCpuMsPerRequest: number;
  loadAverage: string;
  rate?: number;
  /** Webhook scenario only: acknowledgement → reply at the fake platform (webhook-hung-tenant: the other tenants'). */
  ackToReply?: { p50: number; p99: number; replies: number; repliesPerSecond: number };
  /** webhook-hung-tenant only: the tenant whose model hangs (its replies are the fallback, after LLM_TIMEOUT_MS; `replies` arrived within the drain). */
  hungTenant?: { deliveries: number; replies: number; p50: number; p99: number };
  /** live-subscribers only: webhook → subscriber latency, events owed and received, server RSS. */
  live?: LiveFigures;
}

export interface BenchReport {
  machine: Machine;
  options: BenchOptions;
  results: ScenarioFigures[];
  rss: { app: number; baseline: number; postgraphile?: number };
  /** Present when the PostGraphile anchor ran (NODE22 given). */
  anchor?: AnchorInfo;
  /** hostile-search: the senders' side, per round (the inbox-quiet / -beside-ordinary / -beside-hostile-search rows are in results). */
  hostileSearch?: { rate: number; attack: { ordinary: HostileSearchFigures[]; hostile: HostileSearchFigures[] } };
}

const RESULTS_MD = path.join(BENCH_DIR, 'RESULTS.md');
const RESULTS_JSON = path.join(BENCH_DIR, 'results.json');
const SOAK_JSON = path.join(BENCH_DIR, 'soak.json');

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const mark = (ok: boolean) => (ok ? 'met' : '**missed**');

function table(results: ScenarioFigures[]): string {
  const rows = results.map(
    (r) =>
      `| ${r.name} | ${r.rps.toFixed(0)}${r.rate ? ` (rate ${r.rate})` : ''} | ${r.p50} | ${r.p90} | ${r.p99} | ${r.errors} | ` +
      `${r.statementsPerRequest.toFixed(2)} | ${r.roundTripsPerRequest?.toFixed(2) ?? '–'} | ${r.cpuMsPerRequest.toFixed(2)} | ${(r.restCpuMsPerRequest ?? 0).toFixed(2)} | ` +
      `${(r.loadGeneratorCpuMsPerRequest ?? 0).toFixed(2)} | ${r.loadAverage} |`,
  );
  return [
    '| scenario | req/s | p50 ms | p90 ms | p99 ms | errors | SQL/request | round trips/request | server CPU ms/request | PostgreSQL + rest CPU ms/request | load generator CPU ms/request | load avg (1/5/15) at start |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows,
  ].join('\n');
}

function targets(report: BenchReport): string[] {
  const byName = new Map(report.results.map((r) => [r.name, r]));
  const lines: string[] = [];
  const inbox = byName.get('inbox');
  const baseline = byName.get('baseline-inbox');
  if (inbox && baseline) {
    const ratio = inbox.rps / baseline.rps;
    lines.push(`- inbox / bare-SQL baseline throughput: **${(ratio * 100).toFixed(0)} %** (target ≥ 75 %): ${mark(ratio >= 0.75)}`);
  }
  const half = byName.get('inbox-half-rate');
  if (half) lines.push(`- inbox p99 at half of its maximum rate: **${half.p99} ms** (target ≤ 20 ms): ${mark(half.p99 <= 20)}`);
  if (inbox) lines.push(`- statements per inbox request: **${inbox.statementsPerRequest.toFixed(2)}** (target ≤ 4): ${mark(inbox.statementsPerRequest <= 4)}`);
  const tenant = byName.get('tenant');
  if (tenant) lines.push(`- single-row lookup: **${tenant.rps.toFixed(0)} req/s** (target ≥ 2,500): ${mark(tenant.rps >= 2500)}`);
  const webhook = byName.get('webhook');
  if (webhook?.ackToReply) {
    const endToEnd = webhook.ackToReply.repliesPerSecond;
    lines.push(
      `- whole pipeline (ack, store, reply through the fake LLM and fake Crisp): **${endToEnd.toFixed(0)} deliveries/s end to end** ` +
        `(target ≥ 300): ${mark(endToEnd >= 300)}; ${webhook.rps.toFixed(0)} acknowledged/s, ack → reply p50 ${webhook.ackToReply.p50} ms, ` +
        `p99 ${webhook.ackToReply.p99} ms (${webhook.ackToReply.replies} replies; acknowledging outruns replying, so the queue grows: see webhook-paced)`,
    );
  }
  const webTier = byName.get('webhook-ack-only');
  if (webTier) {
    lines.push(
      `- webhook, web tier alone (no reply workers in the process, as with workers on other machines): ` +
        `**${webTier.rps.toFixed(0)} acknowledged deliveries/s** (target ≥ 900): ${mark(webTier.rps >= 900)}`,
    );
  }
  const paced = byName.get('webhook-paced');
  if (paced?.ackToReply) {
    lines.push(
      `- webhook at a steady ${paced.rate} deliveries/s: ack → reply p50 ${paced.ackToReply.p50} ms, **p99 ${paced.ackToReply.p99} ms** ` +
        `(target ≤ 100 ms): ${mark(paced.ackToReply.p99 <= 100)}`,
    );
  }
  const hung = byName.get('webhook-hung-tenant');
  if (hung?.ackToReply && hung.hungTenant) {
    lines.push(
      `- one tenant's model hanging, ${hung.rate} deliveries/s: the other tenants' ack → reply p50 ${hung.ackToReply.p50} ms, ` +
        `**p99 ${hung.ackToReply.p99} ms** (target < 1,000 ms): ${mark(hung.ackToReply.p99 < 1000)}; the hung tenant's fallbacks ` +
        `${hung.hungTenant.replies}/${hung.hungTenant.deliveries}, p50 ${hung.hungTenant.p50} ms, p99 ${hung.hungTenant.p99} ms`,
    );
  }
  const live = byName.get('live-subscribers')?.live;
  if (live) lines.push(liveLine(live, byName.get('live-subscribers')!));
  lines.push(...anchorLines(report, byName));
  if (report.hostileSearch) lines.push(...hostileSearchLines(report));
  const errors = report.results.reduce((sum, r) => sum + r.errors, 0);
  lines.push(`- errors over all scenarios: **${errors}** (target 0): ${mark(errors === 0)}`);
  lines.push(
    `- server RSS at the end: app ${mib(report.rss.app)}, baseline ${mib(report.rss.baseline)}` +
      (report.rss.postgraphile === undefined ? '' : `, PostGraphile ${mib(report.rss.postgraphile)}`),
  );
  return lines;
}

export function liveLine(live: LiveFigures, figures: ScenarioFigures): string {
  return (
    `- live: ${live.subscribers} subscribers over ${live.tenants} tenants, ${figures.rate} deliveries/s: webhook → subscriber ` +
    `p50 ${live.p50} ms, p95 ${live.p95} ms, **p99 ${live.p99} ms** (target ≤ 100 ms): ${mark(live.p99 <= 100 && figures.errors === 0)}; ` +
    `${live.received}/${live.expected} events (${live.missing} missing, ${live.duplicates} duplicates, ${live.foreign} foreign, ` +
    `${live.closed} sockets closed, ${live.subscriptionErrors} subscriptions failed (${live.failedBeforeRun} before the run)${live.firstError ? `: ${live.firstError}` : ''}), ${live.eventsPerSecond.toFixed(0)} events/s; clients in ${live.clientsIn === 'process' ? `a process of their own (${live.clientsCpuMsPerDelivery.toFixed(2)} ms CPU/delivery)` : "the runner's process"}; server RSS ${mib(live.rss.idle)} idle → ` +
    `${mib(live.rss.connected)} with the subscribers → ${mib(live.rss.end)} after the run`
  );
}

/** The PostGraphile anchor's ratios: Netia / PostGraphile per operation, PostGraphile / baseline for the inbox. */
function anchorLines(report: BenchReport, byName: Map<string, ScenarioFigures>): string[] {
  if (!report.anchor) return [];
  const checked = report.anchor.checks.map(({ twin, rows }) => `${twin} ${rows.join('/')}`).join(', ');
  const lines = [
    `- PostGraphile anchor: PostGraphile ${report.anchor.postgraphile} (amber preset) on Node ${report.anchor.node}, RLS through ` +
      '`pgSettings` (role netia_app + tenant id from a header; no key lookup, no rate limit). Before measuring, its answers were ' +
      `compared with Netia's for ${report.anchor.checks[0]?.rows.length ?? 0} tenants: the same rows (${checked})`,
  ];
  const anchorInbox = byName.get('postgraphile-inbox');
  const baseline = byName.get('baseline-inbox');
  if (anchorInbox && baseline) {
    lines.push(`- PostGraphile inbox / bare-SQL baseline throughput: **${((anchorInbox.rps / baseline.rps) * 100).toFixed(0)} %**`);
  }
  const pairs = ['inbox', 'leads', 'conversation', 'tenant'].flatMap((name) => {
    const [netia, anchor] = [byName.get(name), byName.get(`postgraphile-${name}`)];
    return netia && anchor && anchor.rps > 0 && anchor.cpuMsPerRequest > 0 ? [{ name, netia, anchor }] : [];
  });
  if (pairs.length > 0) {
    lines.push(`- Netia / PostGraphile throughput: ${pairs.map(({ name, netia, anchor }) => `${name} **${(netia.rps / anchor.rps).toFixed(2)}×**`).join(', ')}`);
    // Server CPU per request moves far less than req/s with other load on the machine.
    lines.push(
      `- Netia / PostGraphile server CPU per request: ${pairs.map(({ name, netia, anchor }) => `${name} ${(netia.cpuMsPerRequest / anchor.cpuMsPerRequest).toFixed(2)}×`).join(', ')}`,
    );
  }
  return lines;
}

/** Means over the rounds: the other tenants' inbox p99 quiet, beside ordinary requests, beside hostile searches. */
function hostileSearchLines(report: BenchReport): string[] {
  const { rate, attack } = report.hostileSearch!;
  const rows = (name: string) => report.results.filter((r) => r.name === name);
  const mean = (values: number[]) => Math.round(values.reduce((sum, value) => sum + value, 0) / Math.max(values.length, 1));
  const p99 = (name: string) => mean(rows(name).map((r) => r.p99));
  const [quiet, ordinary, hostile] = [p99('inbox-quiet'), p99('inbox-beside-ordinary'), p99('inbox-beside-hostile-search')];
  const errors = rows('inbox-beside-hostile-search').reduce((sum, r) => sum + r.errors, 0);
  const bound = Math.max(ordinary * 1.25, ordinary + 10);
  const sent = attack.hostile.reduce(
    (total, round) => ({
      requests: total.requests + round.requests,
      answered: total.answered + round.answered,
      refused: total.refused + round.refused,
      busy: total.busy + round.busy,
      failed: total.failed + round.failed,
      max: Math.max(total.max, round.max),
    }),
    { requests: 0, answered: 0, refused: 0, busy: 0, failed: 0, max: 0 },
  );
  return [
    `- ${attack.hostile[0]?.concurrency ?? 20} concurrent hostile searches from one tenant, the other tenants' inbox at a steady ${rate}/s ` +
      `(mean p99 of ${rows('inbox-quiet').length} rounds): quiet ${quiet} ms, beside 20 ordinary requests ${ordinary} ms, ` +
      `**beside 20 hostile searches ${hostile} ms** (target ≤ ${bound.toFixed(0)} ms, the larger of +25 % and +10 ms over ordinary requests, ` +
      `and 0 errors: ${errors}): ${mark(hostile <= bound && errors === 0)}`,
    `- the hostile searches themselves: ${sent.requests} sent, ${sent.answered} answered, ${sent.refused} refused (BAD_USER_INPUT), ` +
      `${sent.busy} busy (RATE_LIMITED: more than 2 of the tenant's searches at once), ${sent.failed} failed ` +
      `(5xx, INTERNAL_SERVER_ERROR or no answer within 60 s), slowest ${sent.max} ms`,
  ];
}

function machineBlock(machine: Machine): string {
  return [
    `- \`nproc\`: ${machine.nproc} (${machine.cpuModel}), ${machine.os}`,
    `- node ${machine.node}; ${machine.postgres}; autovacuum ${machine.autovacuum ?? 'unknown'}` +
      (machine.autovacuum === 'off' ? ' (so the bench runs VACUUM (ANALYZE) before each scenario)' : ''),
    '- `free -h`:',
    '',
    '```',
    machine.memory,
    '```',
  ].join('\n');
}

/** Replaces the text between `<!-- bench:NAME:begin -->` and its end marker, or appends the block. */
export function replaceBlock(document: string, name: string, body: string): string {
  const begin = `<!-- bench:${name}:begin -->`;
  const end = `<!-- bench:${name}:end -->`;
  const block = `${begin}\n${body}\n${end}`;
  const from = document.indexOf(begin);
  const to = document.indexOf(end);
  if (from === -1 || to === -1) return `${document.trimEnd()}\n\n${block}\n`;
  return document.slice(0, from) + block + document.slice(to + end.length);
}

function appendToBlock(document: string, name: string, header: string, line: string): string {
  const begin = `<!-- bench:${name}:begin -->`;
  const end = `<!-- bench:${name}:end -->`;
  const from = document.indexOf(begin);
  const to = document.indexOf(end);
  const existing = from === -1 || to === -1 ? header : document.slice(from + begin.length, to).trim();
  return replaceBlock(document, name, `${existing}\n${line}`);
}

export function readResults(): string {
  return fs.existsSync(RESULTS_MD) ? fs.readFileSync(RESULTS_MD, 'utf8') : '# Netia benchmarks\n';
}

function sizeText(options: BenchOptions): string {
  const s = options.size;
  return `${s.tenants} tenants × ${s.conversations} conversations × ${s.messages} messages (one of ${s.longMessages} per tenant), ${s.faqs} FAQ entries per tenant`;
}

export function recordResults(report: BenchReport, scratch: boolean, log: (line: string) => void): void {
  const stamp = new Date().toISOString();
  const json = JSON.stringify({ recordedAt: stamp, ...report }, null, 2);
  fs.writeFileSync(path.join(OUT_DIR, `results-${stamp.replace(/[:.]/g, '-')}.json`), json);
  const summary = targets(report);
  for (const line of summary) log(line.replace(/\*\*/g, ''));
  if (scratch) return;
  fs.writeFileSync(RESULTS_JSON, `${json}\n`);
  const o = report.options;
  const latest = [
    `Recorded ${stamp}${o.label ? ` — ${o.label}` : ''}. Data: ${sizeText(o)}. Load: autocannon, ${o.connections} connections, ` +
      `${o.warmupSeconds} s warm-up then ${o.durationSeconds} s per scenario (rated scenarios: evenly spaced requests, no warm-up), ` +
      `keys of all ${o.size.tenants} tenants in rotation; server LOG_LEVEL=${o.logLevel}, pool 20.`,
    '',
    table(report.results),
    '',
    ...summary,
    '',
    machineBlock(report.machine),
  ].join('\n');
  let document = replaceBlock(readResults(), 'latest', latest);
  const byName = new Map(report.results.map((r) => [r.name, r]));
  const rps = (name: string) => byName.get(name)?.rps.toFixed(0) ?? '–';
  const inbox = byName.get('inbox');
  const baseline = byName.get('baseline-inbox');
  const ratio = inbox && baseline ? `${((inbox.rps / baseline.rps) * 100).toFixed(0)} %` : '–';
  const anchorInbox = byName.get('postgraphile-inbox');
  const versusAnchor = inbox && anchorInbox ? `${(inbox.rps / anchorInbox.rps).toFixed(2)}×` : '–';
  document = appendToBlock(
    document,
    'history',
    '| recorded | load avg at start | baseline rps | PostGraphile inbox rps | inbox rps | ratio | inbox / PostGraphile | inbox ½-rate p99 | leads rps | conversation rps | tenant rps | webhook acks/s | note |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    `| ${stamp} | ${report.results[0]?.loadAverage ?? ''} | ${rps('baseline-inbox')} | ${rps('postgraphile-inbox')} | ${rps('inbox')} | ${ratio} | ${versusAnchor} | ` +
      `${byName.get('inbox-half-rate')?.p99 ?? '–'} | ${rps('leads')} | ${rps('conversation')} | ${rps('tenant')} | ${rps('webhook')} | ${o.label} |`,
  );
  fs.writeFileSync(RESULTS_MD, document);
  log(`wrote ${path.relative(process.cwd(), RESULTS_MD)} and ${path.relative(process.cwd(), RESULTS_JSON)}`);
}

export function recordSoak(report: { machine: Machine; options: BenchOptions; soak: SoakFigures }, scratch: boolean, log: (line: string) => void): void {
  const { soak } = report;
  const line =
    `Soak ${soak.seconds} s at ${soak.rate} req/s (mixed inbox/leads/conversation/tenant): ${soak.rps.toFixed(0)} req/s served, ` +
    `p99 ${soak.p99} ms, ${soak.errors} errors; RSS (median of the first and of the last minute) ${mib(soak.rssStart)} → ${mib(soak.rssEnd)} ` +
    `(**${soak.rssGrowthPercent.toFixed(1)} %**, target < 10 %: ${mark(soak.rssGrowthPercent < 10)}); load ${soak.loadAverageStart} → ${soak.loadAverageEnd}`;
  log(line.replace(/\*\*/g, ''));
  const json = JSON.stringify({ recordedAt: new Date().toISOString(), ...report }, null, 2);
  fs.writeFileSync(path.join(OUT_DIR, `soak-${Date.now()}.json`), json);
  if (scratch) return;
  fs.writeFileSync(SOAK_JSON, `${json}\n`);
  const samples = soak.samples
    .filter((_, i) => i % 6 === 0 || i === soak.samples.length - 1)
    .map(([s, rss, heap]) => `${s} s: ${mib(rss)} (heap ${mib(heap)})`)
    .join('; ');
  fs.writeFileSync(RESULTS_MD, replaceBlock(readResults(), 'soak', `Recorded ${new Date().toISOString()}. ${line}\n\nRSS samples: ${samples}`));
  log(`wrote the soak section of ${path.relative(process.cwd(), RESULTS_MD)} and ${path.relative(process.cwd(), SOAK_JSON)}`);
}
