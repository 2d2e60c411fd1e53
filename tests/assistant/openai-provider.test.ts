import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLlmProvider, createOpenAiProvider } from '../../src/assistant/llm/openai.provider';
import { LlmError } from '../../src/assistant/llm/llm.provider';
import { startFakeOpenAi, type FakeOpenAi } from './fake-openai.server';

let server: FakeOpenAi;
beforeAll(async () => {
  server = await startFakeOpenAi();
});
afterAll(() => server.close());

const messages = [{ role: 'user' as const, content: 'Hi' }];
const TENANT = '00000000-0000-4000-8000-0000000000a1';
const call = (signal = new AbortController().signal, tenantId = TENANT) => ({ signal, tenantId });

describe(createOpenAiProvider.name, () => {
  it('maps HTTP errors to status codes without retrying', async () => {
    const provider = createOpenAiProvider({ apiKey: 'k', baseUrl: server.baseUrl, defaultModel: 'm', timeoutMs: 2000 });
    const before = server.requests.length;
    server.enqueue({ kind: 'status', status: 429 });
    await expect(provider.complete({ model: null, messages }, call())).rejects.toEqual(
      new LlmError('http_429'),
    );
    expect(server.requests.length - before).toBe(1);
    expect(server.requests[before]!.body.model).toBe('m');
  });

  it('hands back the Retry-After of a 429 or 503 (seconds, HTTP date or retry-after-ms) instead of sleeping on it', async () => {
    const provider = createOpenAiProvider({ apiKey: 'k', baseUrl: server.baseUrl, defaultModel: 'm', timeoutMs: 2000 });
    const inTwentySeconds = new Date(Date.now() + 20_000).toUTCString();
    server.enqueue(
      { kind: 'status', status: 429, headers: { 'retry-after': '3' } },
      { kind: 'status', status: 503, headers: { 'retry-after': inTwentySeconds } },
      { kind: 'status', status: 429, headers: { 'retry-after-ms': '1500', 'retry-after': '2' } },
      { kind: 'status', status: 400, headers: { 'retry-after': '3' } },
    );
    const failure = () =>
      provider.complete({ model: null, messages }, call()).then(
        () => Promise.reject(new Error('expected a failure')),
        (error: LlmError) => error,
      );
    expect(await failure()).toMatchObject({ code: 'http_429', retryAfterMs: 3000 });
    const dated = await failure();
    expect(dated.code).toBe('http_503');
    expect(dated.retryAfterMs).toBeGreaterThan(15_000);
    expect(dated.retryAfterMs).toBeLessThanOrEqual(20_000);
    expect(await failure()).toMatchObject({ code: 'http_429', retryAfterMs: 1500 });
    expect(await failure()).toMatchObject({ code: 'http_400', retryAfterMs: null });
  });

  it('reports an unreachable endpoint as a network error', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const provider = createOpenAiProvider({ apiKey: 'k', baseUrl: `http://127.0.0.1:${port}/v1`, defaultModel: 'm', timeoutMs: 2000 });
    await expect(provider.complete({ model: null, messages }, call())).rejects.toMatchObject({
      code: 'network',
    });
  });
});

describe(createLlmProvider.name, () => {
  it('is null without an API key and a working provider with one', async () => {
    expect(createLlmProvider({ llm: null, llmTimeoutMs: 1000, llmTenantConcurrency: 2 })).toBeNull();
    const provider = createLlmProvider({ llm: { apiKey: 'k', baseUrl: server.baseUrl, model: 'cfg-model' }, llmTimeoutMs: 1000, llmTenantConcurrency: 2 });
    const response = await provider!.complete({ model: null, messages }, call());
    expect(response).toEqual({ text: 'Fake answer.', model: 'cfg-model', promptTokens: 42, completionTokens: 7 });
  });
});

describe('the per-tenant LLM cap (LLM_TENANT_CONCURRENCY)', () => {
  it("lets a tenant's calls beyond the cap wait within their own deadline, and other tenants pass", async () => {
    const provider = createLlmProvider({ llm: { apiKey: 'k', baseUrl: server.baseUrl, model: 'stuck-model' }, llmTimeoutMs: 10_000, llmTenantConcurrency: 2 })!;
    server.forModel('stuck-model', { kind: 'hold' });
    const before = server.requests.length;
    try {
      const stuck = [1, 2, 3].map(() => provider.complete({ model: null, messages }, call()).then(() => 'answered'));
      await waitUntil(() => server.held() === 2);
      // The third waits for a slot and gives up with its deadline, without reaching the model.
      const deadline = new AbortController();
      const waiting = provider.complete({ model: null, messages }, call(deadline.signal)).catch((error: LlmError) => error.code);
      const other = await provider.complete({ model: 'other-model', messages }, call(undefined, '00000000-0000-4000-8000-0000000000b2'));
      expect(other.text).toBe('Fake answer.');
      deadline.abort();
      expect(await waiting).toBe('timeout');
      expect(server.requests.slice(before).filter((r) => r.body.model === 'stuck-model')).toHaveLength(2);
      server.release();
      await waitUntil(() => server.held() === 1);
      server.release();
      expect(await Promise.all(stuck)).toEqual(['answered', 'answered', 'answered']);
    } finally {
      server.forModel('stuck-model', null);
      server.release();
    }
  });
});

async function waitUntil(probe: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !probe(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  expect(probe()).toBe(true);
}
