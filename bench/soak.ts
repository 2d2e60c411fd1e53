import { runLoad } from './load';
import type { BenchOptions } from './bench-options';
import { startFakeServices } from './fake-services';
import { loadAverage } from './machine';
import { SCENARIOS, type RequestSpec } from './scenarios';
import type { SeededTenant } from './seed-data';
import { startAppServer } from './server-process';

export interface SoakFigures {
  seconds: number;
  rate: number;
  rps: number;
  p99: number;
  errors: number;
  /** [seconds since the measured start, RSS bytes, heap used bytes] every SAMPLE_SECONDS. */
  samples: [number, number, number][];
  /** Median RSS of the first and of the last minute: one sample moves ±20 % with the garbage collector. */
  rssStart: number;
  rssEnd: number;
  rssGrowthPercent: number;
  loadAverageStart: string;
  loadAverageEnd: string;
}

const SAMPLE_SECONDS = 10;

/**
 * Mixed load (inbox, leads, one conversation, tenant — rotating per request and per tenant) at a fixed
 * rate for the soak length. RSS is taken after the warm-up, so growth is measured against a server
 * that has already compiled its code and filled its pool.
 */
export async function runSoak(options: BenchOptions, tenants: SeededTenant[], log: (line: string) => void): Promise<SoakFigures> {
  const seconds = options.soakSeconds ?? 600;
  const builders = SCENARIOS.filter((scenario) => scenario.target === 'app').map((scenario) => scenario.build);
  let turn = 0;
  const mixed = (tenant: SeededTenant): RequestSpec => (builders[turn++ % builders.length] as (t: SeededTenant) => RequestSpec)(tenant);
  // runLoad prebuilds one spec per tenant; repeating the tenant list once per builder mixes the scenarios.
  const rotated = builders.flatMap(() => tenants);
  const fakes = await startFakeServices();
  const app = await startAppServer(options, fakes);
  try {
    await runLoad({ url: app.url, connections: options.connections, durationSeconds: Math.max(options.warmupSeconds, 10) }, rotated, mixed);
    const loadAverageStart = loadAverage();
    const started = Date.now();
    const first = await app.stats();
    const samples: [number, number, number][] = [[0, first.rss, first.heapUsed]];
    const timer = setInterval(() => {
      void app.stats().then((stats) => {
        samples.push([Math.round((Date.now() - started) / 1000), stats.rss, stats.heapUsed]);
        log(`soak ${samples.at(-1)?.[0]} s: RSS ${(stats.rss / 2 ** 20).toFixed(1)} MiB, heap ${(stats.heapUsed / 2 ** 20).toFixed(1)} MiB`);
      });
    }, SAMPLE_SECONDS * 1000);
    const result = await runLoad(
      { url: app.url, connections: options.connections, durationSeconds: seconds, rate: options.soakRate },
      rotated,
      mixed,
    );
    clearInterval(timer);
    const last = await app.stats();
    samples.push([Math.round((Date.now() - started) / 1000), last.rss, last.heapUsed]);
    return {
      seconds,
      rate: options.soakRate,
      rps: result.rps,
      p99: result.p99,
      errors: result.errors,
      samples,
      ...rssGrowth(samples),
      loadAverageStart,
      loadAverageEnd: loadAverage(),
    };
  } finally {
    await app.stop();
    await fakes.close();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Growth from the first minute's median RSS to the last minute's. */
export function rssGrowth(samples: [number, number, number][]): Pick<SoakFigures, 'rssStart' | 'rssEnd' | 'rssGrowthPercent'> {
  const end = samples.at(-1)?.[0] ?? 0;
  const rssStart = median(samples.filter(([s]) => s <= 60).map(([, rss]) => rss));
  const rssEnd = median(samples.filter(([s]) => s >= end - 60).map(([, rss]) => rss));
  return { rssStart, rssEnd, rssGrowthPercent: rssStart > 0 ? ((rssEnd - rssStart) / rssStart) * 100 : 0 };
}
