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

describe(createOpenAiProvider.name, () => {
  it('maps HTTP errors to status codes without retrying', async () => {
    const provider = createOpenAiProvider({ apiKey: 'k', baseUrl: server.baseUrl, defaultModel: 'm', timeoutMs: 2000 });
    const before = server.requests.length;
    server.enqueue({ kind: 'status', status: 429 });
    await expect(provider.complete({ model: null, messages }, { signal: new AbortController().signal })).rejects.toEqual(
      new LlmError('http_429'),
    );
    expect(server.requests.length - before).toBe(1);
    expect(server.requests[before]!.body.model).toBe('m');
  });

  it('reports an unreachable endpoint as a network error', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const provider = createOpenAiProvider({ apiKey: 'k', baseUrl: `http://127.0.0.1:${port}/v1`, defaultModel: 'm', timeoutMs: 2000 });
    await expect(provider.complete({ model: null, messages }, { signal: new AbortController().signal })).rejects.toMatchObject({
      code: 'network',
    });
  });
});

describe(createLlmProvider.name, () => {
  it('is null without an API key and a working provider with one', async () => {
    expect(createLlmProvider({ llm: null, llmTimeoutMs: 1000 })).toBeNull();
    const provider = createLlmProvider({ llm: { apiKey: 'k', baseUrl: server.baseUrl, model: 'cfg-model' }, llmTimeoutMs: 1000 });
    const response = await provider!.complete({ model: null, messages }, { signal: new AbortController().signal });
    expect(response).toEqual({ text: 'Fake answer.', model: 'cfg-model', promptTokens: 42, completionTokens: 7 });
  });
});
