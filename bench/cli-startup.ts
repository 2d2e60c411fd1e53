/**
 * How long `npx netia …` takes, end to end (process start to exit), on this machine:
 *   npm run bench:cli [-- --runs 7]
 * Measures the CLI as shipped (bin/netia.js: transpile cache, lazy imports) against the same
 * sources loaded through ts-node, as bin/netia.js did before; the embedded database lives in a
 * temporary DATA_DIR. Prints, per case, the median wall time and the median CPU time (user + system,
 * from GNU time: what the command costs, whatever else the machine is doing) and the load average.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'netia-cli-bench-'));
const env = { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir };
const CACHE = path.join(ROOT, 'node_modules', '.cache', 'netia');

const SHIPPED = [path.join(ROOT, 'bin', 'netia.js')];
// bin/netia.js as it was: ts-node registered, then the CLI (with `-e`, argv has no script path: put one in).
const TS_NODE = ['-r', 'ts-node/register/transpile-only', '-e', "process.argv.splice(1, 0, 'netia'); require('reflect-metadata'); require('./src/cli/netia.ts').main()", '--'];

interface Timing {
  wallMs: number;
  cpuMs: number;
}

function once(entry: string[], args: string[]): Timing {
  const result = spawnSync('/usr/bin/time', ['-f', 'TIMING %e %U %S', process.execPath, ...entry, ...args], { cwd: ROOT, env, encoding: 'utf8' });
  if (result.status !== 0 && !args.includes('nope')) throw new Error(`${args.join(' ')} failed: ${result.stderr}`);
  const [wall, user, system] = /TIMING (\S+) (\S+) (\S+)/.exec(result.stderr)!.slice(1).map(Number) as [number, number, number];
  return { wallMs: wall * 1000, cpuMs: (user + system) * 1000 };
}

/** `args` may hold `{n}`, replaced by the run's number (unique e-mail addresses). */
function median(entry: string[], args: string[]): Timing {
  const timings = Array.from({ length: runs }, (_, n) => once(entry, args.map((arg) => arg.replace('{n}', String(n)))));
  const middle = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return { wallMs: middle(timings.map((t) => t.wallMs)), cpuMs: middle(timings.map((t) => t.cpuMs)) };
}

async function withServer<T>(work: () => T): Promise<T> {
  const server = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...env, PORT: '0', LOG_LEVEL: 'error' },
    stdio: 'ignore',
  });
  const endpoint = path.join(dataDir, 'netia-admin.json');
  while (!fs.existsSync(endpoint)) await new Promise((resolve) => setTimeout(resolve, 200));
  try {
    return work();
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('close', resolve));
  }
}

async function main(): Promise<void> {
  once(SHIPPED, ['migrate']);
  once(SHIPPED, ['tenant', 'create', '--name', 'Bench', '--email', 'bench@example.com']);
  const rows: [string, Timing][] = [];
  fs.rmSync(CACHE, { recursive: true, force: true });
  rows.push(['first run after a fresh clone (empty cache): tenant list, local', once(SHIPPED, ['tenant', 'list'])]);
  rows.push(['--help', median(SHIPPED, ['--help'])]);
  rows.push(['a usage error (key create --tenant nope)', median(SHIPPED, ['key', 'create', '--tenant', 'nope'])]);
  rows.push(['tenant list, embedded database opened by the command', median(SHIPPED, ['tenant', 'list'])]);
  rows.push(['tenant list through a running server', await withServer(() => median(SHIPPED, ['tenant', 'list']))]);
  rows.push(['tenant create through a running server', await withServer(() => median(SHIPPED, ['tenant', 'create', '--name', 'B', '--email', 'b{n}@example.com']))]);
  rows.push(['before (ts-node): --help', median(TS_NODE, ['--help'])]);
  rows.push(['before (ts-node): tenant list, embedded database', median(TS_NODE, ['tenant', 'list'])]);
  console.log(`netia CLI, median of ${runs} runs, Node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg().map((load) => load.toFixed(1)).join(' ')}`);
  console.log('   wall ms    cpu ms  case');
  for (const [name, { wallMs, cpuMs }] of rows) console.log(`${String(Math.round(wallMs)).padStart(10)}${String(Math.round(cpuMs)).padStart(10)}  ${name}`);
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => fs.rmSync(dataDir, { recursive: true, force: true }));
