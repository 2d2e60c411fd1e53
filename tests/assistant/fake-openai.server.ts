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
 * A minimal OpenAI-compatible chat-completions server on 127.0.0.1 (port 0). It records every
 * request and answers with the next scripted reply (or the default one), so the real SDK code runs.
 */
export async function startFakeOpenAi(defaultReply: FakeReply = { kind: 'text', text: 'Fake answer.' }) {
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
      const body = JSON.parse(raw || '{}') as RecordedRequest['body'];
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, at: Date.now() });
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
