import autocannon from 'autocannon';
import { runPacedLoad } from './paced-load';
import type { SeededTenant } from './seed-data';
import { isGoodBody, type RequestSpec } from './scenarios';

export interface LoadOptions {
  url: string;
  connections: number;
  durationSeconds: number;
  /** Requests per second, evenly spaced; unset: as fast as the server answers. */
  rate?: number;
}

export interface LoadResult {
  requests: number;
  durationSeconds: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Connection errors and timeouts, non-2xx answers and bodies with GraphQL errors. */
  errors: number;
}

/**
 * Drives `build` round-robin over every tenant (one key per tenant): with autocannon as fast as the
 * server answers, or, with a rate, at that steady rate (paced-load.ts).
 */
export async function runLoad(options: LoadOptions, tenants: SeededTenant[], build: (tenant: SeededTenant) => RequestSpec): Promise<LoadResult> {
  const specs = tenants.map(build);
  let next = 0;
  if (options.rate !== undefined) {
    return runPacedLoad(options.url, options.rate, options.durationSeconds, () => ({
      spec: specs[next++ % specs.length] as RequestSpec,
      isGood: isGoodBody,
    }));
  }
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationSeconds,
    timeout: 10,
    verifyBody: (body) => isGoodBody(String(body ?? '')),
    requests: [
      {
        setupRequest: (request) => {
          const spec = specs[next++ % specs.length] as RequestSpec;
          return { ...request, method: spec.method, path: spec.path, headers: spec.headers, body: spec.body };
        },
      },
    ],
  });
  return fromAutocannon(result);
}

export function fromAutocannon(result: autocannon.Result): LoadResult {
  const requests = result.requests.total;
  // A non-2xx answer also fails verifyBody, so it is counted once.
  const errors = result.errors + Math.max(result.non2xx, result.mismatches);
  return {
    requests,
    durationSeconds: result.duration,
    // Good answers only, as paced-load.ts counts them (latency percentiles are autocannon's, all answers).
    rps: Math.max(0, requests - errors) / result.duration,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    errors,
  };
}
