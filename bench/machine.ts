import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { Client } from 'pg';

export interface Machine {
  nproc: string;
  cpuModel: string;
  memory: string;
  node: string;
  postgres: string;
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
export async function describeMachine(databaseUrl: string): Promise<Machine> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client.query<{ version: string }>('select version()');
  await client.end();
  return {
    nproc: run('nproc', []),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memory: run('free', ['-h']),
    node: process.version,
    postgres: rows[0]?.version ?? 'unknown',
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
