import http from 'node:http';
import type { LoadResult } from './load';
import type { RequestSpec } from './scenarios';

const TIMEOUT_MS = 10_000;

export interface PacedRequest {
  spec: RequestSpec;
  /** True when the answer counts as a success (2xx is checked first). */
  isGood?(body: string): boolean;
  onAnswer?(status: number): void;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Open-loop load at a steady rate: one request every 1000/rate ms, whatever the answers do.
 * autocannon's rate limit lets each connection send its quota for the second back to back when the
 * second starts, so its "paced" runs measured bursts of `rate` requests. Latency here counts from
 * the time the request was due, so a slow server cannot hide queueing (no coordinated omission).
 * `next` gets that due time (performance.now() clock) for callers that time what the request causes.
 */
export async function runPacedLoad(url: string, rate: number, durationSeconds: number, next: (due: number) => PacedRequest): Promise<LoadResult> {
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const latencies: number[] = [];
  const inFlight = new Set<Promise<void>>();
  let errors = 0;
  const interval = 1000 / rate;
  const total = Math.round(rate * durationSeconds);
  const started = performance.now();

  const send = (request: PacedRequest, due: number) =>
    new Promise<void>((resolve) => {
      const done = (ok: boolean) => {
        if (ok) latencies.push(performance.now() - due);
        else errors += 1;
        resolve();
      };
      const outgoing = http.request(
        { agent, host: target.hostname, port: target.port, method: request.spec.method, path: request.spec.path, headers: request.spec.headers, timeout: TIMEOUT_MS },
        (response) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (body += chunk));
          response.on('end', () => {
            const status = response.statusCode ?? 0;
            request.onAnswer?.(status);
            done(status >= 200 && status < 300 && (request.isGood?.(body) ?? true));
          });
          response.on('error', () => done(false));
        },
      );
      outgoing.on('timeout', () => outgoing.destroy(new Error('timeout')));
      outgoing.on('error', () => done(false));
      outgoing.end(request.spec.body);
    });

  for (let i = 0; i < total; i++) {
    const due = started + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const pending = send(next(due), due).then(() => void inFlight.delete(pending));
    inFlight.add(pending);
  }
  await Promise.all(inFlight);
  agent.destroy();
  const elapsedSeconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: total,
    durationSeconds: elapsedSeconds,
    rps: latencies.length / elapsedSeconds,
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
    max: Math.round(latencies[latencies.length - 1] ?? 0),
    errors,
  };
}
