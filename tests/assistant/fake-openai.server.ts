import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  /** Arrival time (Date.now()). */
  at: number;
  headers: http.IncomingHttpHeaders;
  body: {
    model: string;
    messages: Array<{ role: string; content: string }>;
    temperature?: number;
    max_tokens?: number;
  };
}

export type FakeReply =
  | { kind: 'text'; text: string; delayMs?: number }
  | { kind: 'status'; status: number; headers?: Record<string, string> }
  | { kind: 'hang' }
  /** No answer until release() (or the client gives up); then the default reply. */
  | { kind: 'hold' };

/**
 * A toy embedding for /v1/embeddings: each word adds 1 to a dimension; words named in `sameAs`
 * share their group's dimension (so the test decides which texts are "close").
 */
export function toyEmbedding(text: string, sameAs: Record<string, string> = {}, dimensions = 512): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (const word of text.toLowerCase().match(/[a-z]+/g) ?? []) {
    const key = sameAs[word] ?? word;
    let hash = 0;
    for (const char of key) hash = (hash * 31 + char.charCodeAt(0)) % 2_147_483_647;
    vector[hash % dimensions]! += 1;
  }
  return vector;
}

/**
 * A minimal OpenAI-compatible chat-completions (and embeddings) server on 127.0.0.1 (port 0). It records every
 * request and answers with the next scripted reply (or the default one), so the real SDK code runs.
 */
export async function startFakeOpenAi(defaultReply: FakeReply = { kind: 'text', text: 'Fake answer.' }, options: { sameAs?: Record<string, string> } = {}) {
  const requests: RecordedRequest[] = [];
  const script: FakeReply[] = [];
  const held = new Set<() => void>();
  /** Per-model replies that take precedence over the script (e.g. one tenant's model hangs). */
  const byModel = new Map<string, FakeReply>();
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      const body = JSON.parse(raw || '{}') as RecordedRequest['body'] & { input?: string[] };
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, at: Date.now() });
      if (req.url === '/v1/embeddings') {
        const inputs = Array.isArray(body.input) ? body.input : [String(body.input)];
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            object: 'list',
            model: body.model,
            data: inputs.map((text, index) => ({ object: 'embedding', index, embedding: toyEmbedding(text, options.sameAs) })),
            usage: { prompt_tokens: 1, total_tokens: 1 },
          }),
        );
        return;
      }
      const respond = (reply: FakeReply) => {
        if (reply.kind === 'hang') return;
        if (reply.kind === 'hold') {
          const answer = () => {
            held.delete(answer);
            if (!res.destroyed) respond(defaultReply.kind === 'text' ? defaultReply : { kind: 'text', text: 'Fake answer.' });
          };
          held.add(answer);
          res.on('close', () => held.delete(answer));
          return;
        }
        if (reply.kind === 'status') {
          res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
          res.end(JSON.stringify({ error: { message: 'scripted failure', type: 'server_error' } }));
          return;
        }
        setTimeout(() => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({
              id: 'chatcmpl-fake',
              object: 'chat.completion',
              created: Math.floor(Date.now() / 1000),
              model: body.model,
              choices: [{ index: 0, message: { role: 'assistant', content: reply.text }, finish_reason: 'stop' }],
              usage: { prompt_tokens: 42, completion_tokens: 7, total_tokens: 49 },
            }),
          );
        }, reply.delayMs ?? 0);
      };
      respond(byModel.get(body.model) ?? script.shift() ?? defaultReply);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    /** Queues replies for the next requests, in order. */
    enqueue(...replies: FakeReply[]) {
      script.push(...replies);
    },
    /** Every request for `model` gets `reply` (null: back to the script and the default). */
    forModel(model: string, reply: FakeReply | null) {
      if (reply) byModel.set(model, reply);
      else byModel.delete(model);
    },
    /** Requests held (`hold`) and not yet answered or abandoned. */
    held: () => held.size,
    /** Answers every held request with the default reply. */
    release() {
      for (const answer of [...held]) answer();
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type FakeOpenAi = Awaited<ReturnType<typeof startFakeOpenAi>>;
