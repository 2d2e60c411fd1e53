import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PlatformRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
  /** The status the fake answered with. */
  status: number;
  /** Arrival time (Date.now()). */
  at: number;
}

export type PlatformResponse = { status: number; body?: unknown; headers?: Record<string, string> };

/**
 * A fake chat platform REST API (Crisp or Tidio) on 127.0.0.1, port 0. It records every request and
 * answers a POST with the next scripted response, or `success(request, n)` where n counts successful
 * calls; a GET (a lookup) gets `lookup(request, delivered)` and never takes a scripted response.
 */
export async function startFakePlatform(
  success: (request: PlatformRequest, n: number) => PlatformResponse,
  lookup: (request: PlatformRequest, delivered: PlatformRequest[]) => PlatformResponse = () => ({ status: 404, body: {} }),
) {
  const requests: PlatformRequest[] = [];
  const script: PlatformResponse[] = [];
  let successes = 0;
  let beforeAnswer: ((request: PlatformRequest) => void) | null = null;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      const request: PlatformRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: JSON.parse(raw || '{}') as Record<string, unknown>,
        status: 0,
        at: Date.now(),
      };
      const response =
        request.method === 'GET' ? lookup(request, requests.filter(isDelivery)) : (script.shift() ?? success(request, ++successes));
      request.status = response.status;
      requests.push(request);
      beforeAnswer?.(request);
      res.writeHead(response.status, { 'content-type': 'application/json', ...response.headers });
      res.end(JSON.stringify(response.body ?? {}));
    });
  });
  server.keepAliveTimeout = 100;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    /** The messages posted and answered 2xx: what the visitor actually saw. */
    delivered: () => requests.filter(isDelivery),
    /** Queues responses for the next requests, in order (e.g. two 503s). */
    enqueue(...responses: PlatformResponse[]) {
      script.push(...responses);
    },
    /** Runs `hook` for each request just before it is answered (e.g. to stage an outage right then). */
    onRequest(hook: ((request: PlatformRequest) => void) | null) {
      beforeAnswer = hook;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const isDelivery = (r: PlatformRequest) => r.method === 'POST' && r.status >= 200 && r.status < 300;

export type FakePlatform = Awaited<ReturnType<typeof startFakePlatform>>;

/**
 * Crisp answers a sent message with `{ error: false, data: { fingerprint } }`, and "Get A Message In
 * Conversation" (`GET …/conversation/{session}/message/{fingerprint}`) with the message, or 404.
 */
export function startFakeCrisp() {
  return startFakePlatform(
    (request) => ({
      status: 201,
      body: { error: false, reason: 'dispatched', data: { fingerprint: request.body.fingerprint } },
    }),
    (request, delivered) => {
      const [, conversation, fingerprint] = /^(.*\/conversation\/[^/]+)\/message\/(\d+)$/.exec(request.path) ?? [];
      const message = delivered.find((r) => r.path === `${conversation}/message` && String(r.body.fingerprint) === fingerprint);
      return message
        ? { status: 200, body: { error: false, reason: 'resolved', data: { ...message.body, fingerprint: Number(fingerprint) } } }
        : { status: 404, body: { error: true, reason: 'not_found', data: {} } };
    },
  );
}

/** Tidio answers a ticket reply with `201 { id: <ULID-ish> }`. */
export function startFakeTidio() {
  return startFakePlatform((_request, n) => ({ status: 201, body: { id: `01HTIDIOREPLY${String(n).padStart(6, '0')}` } }));
}
