import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const BENCH_LLM_TEXT = 'Our pro plan is 49 EUR per month; a member of the team can tell you more.';
/** A model the fake LLM never answers (webhook-hung-tenant): the caller's timeout ends each call. */
export const HUNG_MODEL = 'bench-hung-model';

export interface FakeServices {
  llmUrl: string;
  crispUrl: string;
  /** Arrival time (performance.now()) of each reply at fake Crisp, by session id. */
  replies: Map<string, number>;
  close(): Promise<void>;
}

function readJson(req: http.IncomingMessage, then: (body: Record<string, unknown>) => void): void {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    try {
      then(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>);
    } catch {
      then({});
    }
  });
}

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * An OpenAI-compatible chat-completions endpoint and the Crisp REST API on 127.0.0.1, both answering
 * at once (except for HUNG_MODEL, never answered), so the webhook scenarios measure Netia and not a
 * model. Crisp's answer carries the fingerprint back, as the real API does.
 */
export async function startFakeServices(): Promise<FakeServices> {
  const replies = new Map<string, number>();
  const llm = http.createServer((req, res) =>
    readJson(req, (body) => {
      if (body.model === HUNG_MODEL) return;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: 'chatcmpl-bench',
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model: body.model,
          choices: [{ index: 0, message: { role: 'assistant', content: BENCH_LLM_TEXT }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 200, completion_tokens: 20, total_tokens: 220 },
        }),
      );
    }),
  );
  const crisp = http.createServer((req, res) =>
    readJson(req, (body) => {
      const session = /\/conversation\/([^/]+)\/message$/.exec(req.url ?? '')?.[1];
      if (session && req.method === 'POST' && !replies.has(session)) replies.set(session, performance.now());
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: false, reason: 'dispatched', data: { fingerprint: body.fingerprint ?? 1 } }));
    }),
  );
  const [llmUrl, crispUrl] = await Promise.all([listen(llm), listen(crisp)]);
  return {
    llmUrl,
    crispUrl: `${crispUrl}/v1`,
    replies,
    close: async () => {
      for (const server of [llm, crisp]) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}
