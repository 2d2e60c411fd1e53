import http from 'node:http';
import { percentile } from './paced-load';
import type { SeededTenant } from './seed-data';

/**
 * The hostile-search scenario (issue 12, cause 9): one tenant keeps 20 searches over message text in
 * flight while the other tenants read their inbox at a steady rate; their p99 is compared with a
 * quiet run at the same rate, and with a run beside the same tenant sending 20 ordinary requests
 * (the same list without a search) the same way: on a 2-core machine any 20 requests/s take CPU from
 * the others, so what the search itself adds is the difference between the last two.
 * Each of the 20 senders sends a request, waits for the answer, and sends the next one at least a
 * second after the previous one started: while searches are slow, 20 are always running (what held
 * the whole pool before the fix); while they are fast, it is 20 requests/s, within an enterprise
 * key's rate limit.
 */

export const HOSTILE_CONCURRENCY = 20;

/** The searches, in rotation: the one that grew quadratically before the fix, and the worst allowed now. */
export const HOSTILE_SEARCHES: readonly { name: string; search: string | null }[] = [
  // 18,000 repetitions of a word every message has: ~ 72 KB; an AND of 18,000 terms before the fix.
  { name: 'long-repeated-word', search: 'the '.repeat(18_000) },
  // Within the bounds (8 words, ≤ 64 characters, ≤ 200 in all): common words that rarely occur together.
  { name: 'eight-common-words', search: 'the you to can do is a for' },
  { name: 'eight-long-words', search: Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(97 + i)}`.repeat(24)).join(' ') },
  { name: 'hyphenated', search: 'a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p-q-r-s-t-u-v-w-x-y-z-a-b-c-d-e-f-g' },
];

/** The control: the same list, no search. */
export const ORDINARY_REQUESTS: readonly { name: string; search: string | null }[] = [{ name: 'no-search', search: null }];

const SEARCH = `query HostileSearch($search: String) {
  conversations(first: 20, filter: { search: $search }) { totalCount edges { node { id } } }
}`;

export interface HostileSearchFigures {
  concurrency: number;
  requests: number;
  /**
   * Answered with data; refused with BAD_USER_INPUT (over the bounds, or past the search timeout);
   * busy: RATE_LIMITED (too many searches at once); failed: anything else (5xx, INTERNAL_SERVER_ERROR, no answer).
   */
  answered: number;
  refused: number;
  busy: number;
  failed: number;
  p50: number;
  p99: number;
  max: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function post(url: URL, agent: http.Agent, apiKey: string, search: string | null): Promise<{ status: number; body: string }> {
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

/** Starts the 20 senders of `requests` (in rotation); stop() waits for those in flight and returns what they saw. */
export function startSenders(
  serverUrl: string,
  attacker: SeededTenant,
  requests: readonly { search: string | null }[],
): { stop(): Promise<HostileSearchFigures> } {
  const url = new URL(serverUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: HOSTILE_CONCURRENCY });
  const latencies: number[] = [];
  const counts = { answered: 0, refused: 0, busy: 0, failed: 0 };
  let running = true;
  let next = 0;
  const loop = async () => {
    while (running) {
      const started = performance.now();
      const { search } = requests[next++ % requests.length]!;
      const { status, body } = await post(url, agent, attacker.apiKey, search);
      latencies.push(performance.now() - started);
      const clientError = status > 0 && status < 500 && !body.includes('INTERNAL_SERVER_ERROR');
      if (status === 200 && body.includes('"data"') && !body.includes('"errors"')) counts.answered += 1;
      else if (clientError && body.includes('BAD_USER_INPUT')) counts.refused += 1;
      else if (clientError && body.includes('RATE_LIMITED')) counts.busy += 1;
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
