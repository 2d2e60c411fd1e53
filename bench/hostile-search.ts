import http from 'node:http';
import { percentile } from './paced-load';
import type { SeededTenant } from './seed-data';

/**
 * The hostile-search scenario (issue 12, cause 9): one tenant keeps 20 searches over message text in
 * flight while the other tenants read their inbox at a steady rate; their p99 is compared with a
 * quiet run at the same rate. Each of the 20 attackers sends a search, waits for the answer, and sends
 * the next one at least a second after the previous one started: while searches are slow, 20 are
 * always running (what held the whole pool before the fix); while they are fast, it is 20 searches/s,
 * within an enterprise key's rate limit.
 */

export const HOSTILE_CONCURRENCY = 20;

/** The searches, in rotation: the one that grew quadratically before the fix, and the worst allowed now. */
export const HOSTILE_SEARCHES: readonly { name: string; search: string }[] = [
  // 18,000 repetitions of a word every message has: ~ 72 KB; an AND of 18,000 terms before the fix.
  { name: 'long-repeated-word', search: 'the '.repeat(18_000) },
  // Within the bounds (8 words, ≤ 64 characters, ≤ 200 in all): common words that rarely occur together.
  { name: 'eight-common-words', search: 'the you to can do is a for' },
  { name: 'eight-long-words', search: Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(97 + i)}`.repeat(24)).join(' ') },
  { name: 'hyphenated', search: 'a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p-q-r-s-t-u-v-w-x-y-z-a-b-c-d-e-f-g' },
];

const SEARCH = `query HostileSearch($search: String) {
  conversations(first: 20, filter: { search: $search }) { totalCount edges { node { id } } }
}`;

export interface HostileSearchFigures {
  concurrency: number;
  requests: number;
  /** Answered with data; refused with BAD_USER_INPUT (bounds, timeout); anything else (5xx, INTERNAL_SERVER_ERROR, timeouts). */
  answered: number;
  refused: number;
  failed: number;
  p50: number;
  p99: number;
  max: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function post(url: URL, agent: http.Agent, apiKey: string, search: string): Promise<{ status: number; body: string }> {
  const payload = JSON.stringify({ query: SEARCH, variables: { search } });
  return new Promise((resolve) => {
    const request = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: '/graphql',
        timeout: 60_000,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}`, 'content-length': Buffer.byteLength(payload) },
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        response.on('error', () => resolve({ status: 0, body }));
      },
    );
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', () => resolve({ status: 0, body: '' }));
    request.end(payload);
  });
}

/** Starts the attackers; stop() waits for the searches in flight and returns what they saw. */
export function startHostileSearches(serverUrl: string, attacker: SeededTenant): { stop(): Promise<HostileSearchFigures> } {
  const url = new URL(serverUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: HOSTILE_CONCURRENCY });
  const latencies: number[] = [];
  const counts = { answered: 0, refused: 0, failed: 0 };
  let running = true;
  let next = 0;
  const loop = async () => {
    while (running) {
      const started = performance.now();
      const { search } = HOSTILE_SEARCHES[next++ % HOSTILE_SEARCHES.length]!;
      const { status, body } = await post(url, agent, attacker.apiKey, search);
      latencies.push(performance.now() - started);
      if (status === 200 && body.includes('"data"') && !body.includes('"errors"')) counts.answered += 1;
      else if (status < 500 && status !== 0 && body.includes('BAD_USER_INPUT') && !body.includes('INTERNAL_SERVER_ERROR')) counts.refused += 1;
      else counts.failed += 1;
      const wait = 1000 - (performance.now() - started);
      if (running && wait > 0) await sleep(wait);
    }
  };
  const loops = Array.from({ length: HOSTILE_CONCURRENCY }, loop);
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      agent.destroy();
      latencies.sort((a, b) => a - b);
      return {
        concurrency: HOSTILE_CONCURRENCY,
        requests: latencies.length,
        ...counts,
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        max: Math.round(latencies[latencies.length - 1] ?? 0),
      };
    },
  };
}
