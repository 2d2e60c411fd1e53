import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { BenchOptions } from './bench-options';
import type { FakeServices } from './fake-services';
import { entryPoint, OUT_DIR } from './paths';
import { BENCH_LLM_TIMEOUT_MS } from './hung-tenant-scenario';
import { BENCH_CRISP_SECRET } from './webhook-scenario';
import type { RunnerMessage, ServerMessage } from './server-ipc';

export interface ServerStats {
  statements: number;
  roundTrips: number;
  requests: number;
  rss: number;
  heapUsed: number;
  /** User + system CPU time the server process has used so far. */
  cpuMicros: number;
}

/** A bench server child (app-server.ts or baseline-server.ts) with its port and a stats channel. */
export interface ServerProcess {
  readonly name: string;
  readonly url: string;
  readonly pid: number;
  stats(): Promise<ServerStats>;
  stop(): Promise<void>;
}

/** A server file to fork that is not one of the compiled bench entries, possibly under another Node binary. */
export interface ServerEntry {
  file: string;
  execArgv: string[];
  execPath?: string;
}

/** Forks a bench entry (compiled, or under ts-node) and waits for its port. */
export async function startServer(
  name: string,
  entry: 'app-server' | 'baseline-server' | ServerEntry,
  env: NodeJS.ProcessEnv,
  nodeArgs: string[] = [],
): Promise<ServerProcess> {
  const { file, execArgv, execPath }: ServerEntry = typeof entry === 'string' ? entryPoint(entry) : entry;
  const child: ChildProcess = fork(file, [], {
    env: { ...process.env, ...env },
    execArgv: [...execArgv, ...nodeArgs],
    ...(execPath ? { execPath } : {}),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const onMessage = (message: ServerMessage) => {
      if (message.type === 'ready') resolve(message.port);
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`${name} exited with code ${code} before listening`)));
  });
  const waiters: ((stats: ServerStats) => void)[] = [];
  child.on('message', (message: ServerMessage) => {
    if (message.type === 'stats') waiters.shift()?.(message);
  });
  return {
    name,
    url: `http://127.0.0.1:${port}`,
    pid: child.pid ?? 0,
    stats: () =>
      new Promise<ServerStats>((resolve) => {
        waiters.push(resolve);
        const request: RunnerMessage = { type: 'stats' };
        child.send(request);
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/**
 * The per-key rate limit still runs (its window upsert is part of every request's cost) but at a
 * ceiling no scenario reaches: at ~ 3,000 req/s over 50 keys the plans' real limits would answer 429.
 */
const UNREACHED_RATE_LIMIT = '100000000';

export function serverEnv(options: BenchOptions): NodeJS.ProcessEnv {
  return {
    DATABASE_URL: options.databaseUrl,
    LOG_LEVEL: options.logLevel,
    PG_POOL_MAX: '20',
    NODE_ENV: 'production',
    PLAN_BASIC_API_REQUESTS_PER_MINUTE: UNREACHED_RATE_LIMIT,
    PLAN_PRO_API_REQUESTS_PER_MINUTE: UNREACHED_RATE_LIMIT,
    PLAN_ENTERPRISE_API_REQUESTS_PER_MINUTE: UNREACHED_RATE_LIMIT,
    // The default bench database is reached as root, a superuser (README, "Database roles").
    NETIA_ALLOW_SUPERUSER: 'true',
  };
}

/** The chat side of the app pointed at the fakes: Crisp plugin credentials, the LLM, the fastest queue polling allowed. */
export function chatEnv(fakes: FakeServices): NodeJS.ProcessEnv {
  return {
    NETIA_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    CRISP_WEBHOOK_SECRET: BENCH_CRISP_SECRET,
    CRISP_API_URL: fakes.crispUrl,
    CRISP_IDENTIFIER: 'bench-identifier',
    CRISP_KEY: 'bench-key',
    OPENAI_API_KEY: 'sk-bench',
    OPENAI_BASE_URL: fakes.llmUrl,
    LLM_MODEL: 'fake-model',
    // The fake answers at once; only webhook-hung-tenant's model reaches this timeout.
    LLM_TIMEOUT_MS: String(BENCH_LLM_TIMEOUT_MS),
    QUEUE_POLL_INTERVAL_SECONDS: '0.5',
  };
}

/**
 * The V8 flags `npm start` gives the server (package.json): a 64 MiB semi-space lets a request's
 * short-lived objects (result trees, rows, the JSON body) die young instead of being copied and promoted.
 */
export const APP_NODE_FLAGS = ['--max-semi-space-size=64'];

/** The real application (bench/app-server.ts); with --cpu-prof it writes a V8 profile to bench/out/ on exit. */
export async function startAppServer(options: BenchOptions, fakes: FakeServices, replyWorkers = true): Promise<ServerProcess> {
  const profile = options.cpuProfile ? ['--cpu-prof', `--cpu-prof-dir=${OUT_DIR}`] : [];
  const env = { ...serverEnv(options), ...chatEnv(fakes), ...(replyWorkers ? {} : { BENCH_REPLY_WORKERS: 'off' }) };
  const entry = options.appNode ? { ...entryPoint('app-server'), execPath: options.appNode } : 'app-server';
  return startServer('app', entry, env, [...APP_NODE_FLAGS, ...profile]);
}

/** SQL statements and round trips per request served between two stats readings. */
export function sqlPerRequest(before: ServerStats, after: ServerStats, served: number): { statementsPerRequest: number; roundTripsPerRequest: number } {
  return {
    statementsPerRequest: served > 0 ? (after.statements - before.statements) / served : 0,
    roundTripsPerRequest: served > 0 ? (after.roundTrips - before.roundTrips) / served : 0,
  };
}
