import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { comparable, countRows, type AnchorScenario } from './anchor-scenarios';
import type { BenchOptions } from './bench-options';
import { BENCH_DIR } from './paths';
import { isGoodBody, SCENARIOS, type RequestSpec } from './scenarios';
import type { SeededTenant } from './seed-data';
import { APP_NODE_FLAGS, serverEnv, startServer, type ServerProcess } from './server-process';

/**
 * The PostGraphile anchor lives in its own package (bench/postgraphile/, own lock file) so that the
 * project's `npm ci` on Node 20 never sees it: PostGraphile 5 needs Node 22. It is installed here,
 * with the NODE22 binary running npm, into its gitignored node_modules, and again only when its lock
 * file changes.
 */
const ANCHOR_DIR = path.join(BENCH_DIR, 'postgraphile');
const INSTALLED_LOCK = path.join(ANCHOR_DIR, 'node_modules', '.bench-installed-lock-sha256');
/** Tenants whose answers are compared between Netia and PostGraphile before the anchor is measured. */
const CHECKED_TENANTS = 3;

export interface AnchorInfo {
  node: string;
  postgraphile: string;
  /** Per anchor scenario: its answers matched its Netia twin's, with the rows of each tenant checked. */
  checks: { scenario: string; twin: string; rows: number[] }[];
}

/** The NODE22 binary's version; anything below 22 is refused with the reason. */
function nodeVersion(node22: string): string {
  let version: string;
  try {
    version = execFileSync(node22, ['--version'], { encoding: 'utf8' }).trim();
  } catch (error) {
    throw new Error(`NODE22=${node22} does not run: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (Number(/^v(\d+)\./.exec(version)?.[1] ?? 0) < 22) throw new Error(`NODE22=${node22} is Node ${version}; PostGraphile 5 needs Node 22 or later`);
  return version;
}

/** npm's CLI script, to run under NODE22: the one `npm run` started us with, else the one beside this Node. */
function npmCli(): string {
  const candidates = [process.env.npm_execpath, path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js')];
  const found = candidates.find((file): file is string => !!file && file.endsWith('npm-cli.js') && fs.existsSync(file));
  if (!found) throw new Error('cannot find npm-cli.js to install bench/postgraphile; run the bench through `npm run bench`');
  return found;
}

/** `npm ci` of bench/postgraphile under NODE22 unless its node_modules already match the lock file. */
export function prepareAnchor(node22: string, log: (line: string) => void): Omit<AnchorInfo, 'checks'> {
  const node = nodeVersion(node22);
  const lockHash = createHash('sha256').update(fs.readFileSync(path.join(ANCHOR_DIR, 'package-lock.json'))).digest('hex');
  if (!fs.existsSync(INSTALLED_LOCK) || fs.readFileSync(INSTALLED_LOCK, 'utf8') !== lockHash) {
    log(`installing bench/postgraphile with Node ${node} (npm ci, once per lock file)`);
    execFileSync(node22, [npmCli(), 'ci', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], {
      cwd: ANCHOR_DIR,
      stdio: 'inherit',
      env: { ...process.env, PATH: `${path.dirname(node22)}${path.delimiter}${process.env.PATH ?? ''}` },
    });
    fs.writeFileSync(INSTALLED_LOCK, lockHash);
  }
  const postgraphile = JSON.parse(fs.readFileSync(path.join(ANCHOR_DIR, 'node_modules', 'postgraphile', 'package.json'), 'utf8')).version as string;
  return { node, postgraphile };
}

/** bench/postgraphile/anchor-server.mjs under NODE22, with the V8 flags and pool size the app server gets, and our stats channel. */
export function startAnchorServer(options: BenchOptions, node22: string): Promise<ServerProcess> {
  const entry = { file: path.join(ANCHOR_DIR, 'anchor-server.mjs'), execArgv: [], execPath: node22 };
  const env = { ...serverEnv(options), GRAPHILE_ENV: 'production', BENCH_SERVER_IPC: require.resolve('./server-ipc') };
  return startServer('postgraphile', entry, env, APP_NODE_FLAGS);
}

async function answer(url: string, spec: RequestSpec): Promise<Record<string, unknown>> {
  const response = await fetch(`${url}${spec.path}`, { method: spec.method, headers: spec.headers, body: spec.body });
  const text = await response.text();
  if (!response.ok || !isGoodBody(text)) throw new Error(`${url}${spec.path} answered ${response.status}: ${text.slice(0, 500)}`);
  return (JSON.parse(text) as { data: Record<string, unknown> }).data;
}

/** Where two comparable answers first differ, for the error message. */
function firstDifference(a: unknown, b: unknown, at = 'data'): string {
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) {
      const [x, y] = [(a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]];
      if (!isDeepStrictEqual(x, y)) return firstDifference(x, y, `${at}.${key}`);
    }
  }
  return `${at}: Netia ${JSON.stringify(a)?.slice(0, 200)}, PostGraphile ${JSON.stringify(b)?.slice(0, 200)}`;
}

/**
 * Before the anchor is measured: for a few tenants, each anchor operation must return what its Netia
 * twin returns (same rows, order, nested pages and columns), or the run stops.
 */
export async function checkAnchorAnswers(
  app: ServerProcess,
  anchor: ServerProcess,
  tenants: SeededTenant[],
  scenarios: AnchorScenario[],
): Promise<AnchorInfo['checks']> {
  const checks: AnchorInfo['checks'] = [];
  for (const scenario of scenarios) {
    const twin = SCENARIOS.find((candidate) => candidate.name === scenario.twin);
    if (!twin) throw new Error(`${scenario.name}: no Netia scenario ${scenario.twin}`);
    const rows: number[] = [];
    for (const tenant of tenants.slice(0, CHECKED_TENANTS)) {
      const netia = comparable(await answer(app.url, twin.build(tenant)));
      const postgraphile = comparable(scenario.asTwinData(await answer(anchor.url, scenario.build(tenant))));
      if (!isDeepStrictEqual(netia, postgraphile)) {
        throw new Error(`${scenario.name} answers differently from ${twin.name} (tenant ${tenant.id}) at ${firstDifference(netia, postgraphile)}`);
      }
      rows.push(countRows(netia));
    }
    checks.push({ scenario: scenario.name, twin: twin.name, rows });
  }
  return checks;
}
