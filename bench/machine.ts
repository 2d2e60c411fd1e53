import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { Client } from 'pg';

export interface Machine {
  nproc: string;
  cpuModel: string;
  memory: string;
  node: string;
  postgres: string;
  /** The server's `autovacuum` setting (the bench vacuums itself when it is off). */
  autovacuum: string;
  os: string;
}

function run(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8' }).trimEnd();
  } catch {
    return 'unavailable';
  }
}

/** The facts a reader needs to compare figures: cores, memory (`free -h`), Node and PostgreSQL versions. */
export async function describeMachine(databaseUrl: string, appNode: string | null): Promise<Machine> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client.query<{ version: string }>('select version()');
  const autovacuum = (await client.query<{ autovacuum: string }>('show autovacuum')).rows[0]?.autovacuum ?? 'unknown';
  await client.end();
  return {
    nproc: run('nproc', []),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memory: run('free', ['-h']),
    // The Node the app servers run on (--app-node), which is the runner's unless given.
    node: appNode ? run(appNode, ['--version']) : process.version,
    postgres: rows[0]?.version ?? 'unknown',
    autovacuum,
    os: `${os.type()} ${os.release()}`,
  };
}

/** `uptime`'s load averages (1, 5, 15 min): other work on a shared machine skews the figures. */
export function loadAverage(): string {
  return os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
}

/** Busy CPU of the whole machine so far (all cores, ms), from /proc/stat; 0 where there is none. */
function machineBusyMs(): number {
  try {
    const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
    return ((user + nice + system + irq + softirq + steal) * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return 0;
  }
}

/**
 * Where the cores went during a measurement: the whole machine and this runner process (load
 * generator and fake services). The server measures itself; the rest is PostgreSQL plus anything
 * else running on the machine.
 */
export function startCpuMeter(): { stop(): { machineMs: number; runnerMs: number } } {
  const machine = machineBusyMs();
  const runner = process.cpuUsage();
  return {
    stop() {
      const used = process.cpuUsage(runner);
      return { machineMs: machineBusyMs() - machine, runnerMs: (used.user + used.system) / 1000 };
    },
  };
}

/** Per-request CPU figures from a meter reading and the server's own CPU over the same span. */
export function cpuSplit(reading: { machineMs: number; runnerMs: number }, serverMs: number, served: number) {
  if (served === 0) return { cpuMsPerRequest: 0, loadGeneratorCpuMsPerRequest: 0, restCpuMsPerRequest: 0 };
  return {
    cpuMsPerRequest: serverMs / served,
    loadGeneratorCpuMsPerRequest: reading.runnerMs / served,
    restCpuMsPerRequest: Math.max(0, reading.machineMs - serverMs - reading.runnerMs) / served,
  };
}

/**
 * VACUUM the bench database when the server's autovacuum is off (it is on this machine's
 * PostgreSQL): otherwise every run leaves dead job and reply rows behind, the job queue's fetch
 * walks them, and each run measures the previous runs' leftovers.
 */
export async function vacuumIfAutovacuumOff(machine: Machine, databaseUrl: string): Promise<void> {
  if (machine.autovacuum !== 'off') return;
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('vacuum (analyze)');
  } finally {
    await client.end();
  }
}
