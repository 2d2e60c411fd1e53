import path from 'node:path';
import { ConfigError, loadConfig } from './config';

describe(loadConfig.name, () => {
  it('uses embedded PGlite under .data when DATABASE_URL is absent or empty', () => {
    for (const env of [{}, { DATABASE_URL: '' }]) {
      expect(loadConfig(env).database).toEqual({ kind: 'pglite', dataDir: path.resolve('.data') });
    }
  });

  it("uses a pg pool with the schema document's settings, each overridable", () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h:5432/d' }).database).toMatchObject({
      kind: 'postgres',
      poolMax: 20,
      idleTimeoutMs: 30_000,
      connectTimeoutMs: 2_000,
    });
    expect(
      loadConfig({ DATABASE_URL: 'postgresql://u@h/d', PG_POOL_MAX: '5', PG_IDLE_TIMEOUT_MS: '1000', PG_CONNECT_TIMEOUT_MS: '500' }).database,
    ).toMatchObject({ poolMax: 5, idleTimeoutMs: 1000, connectTimeoutMs: 500 });
  });

  it('prepares statements unless PG_PREPARED_STATEMENTS=false (transaction-pooling PgBouncer)', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/d' }).database).toMatchObject({ preparedStatements: true });
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/d', PG_PREPARED_STATEMENTS: 'false' }).database).toMatchObject({
      preparedStatements: false,
    });
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u@h/d', PG_PREPARED_STATEMENTS: 'yes' })).toThrow(/PG_PREPARED_STATEMENTS/);
  });

  it('names every bad variable', () => {
    expect(() => loadConfig({ DATABASE_URL: 'not a url', PORT: 'abc', PG_POOL_MAX: '0' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: 'not a url', PORT: 'abc' })).toThrow(/DATABASE_URL: .*PORT: /);
  });

  it('has no LLM without OPENAI_API_KEY (the built-in responder answers)', () => {
    const config = loadConfig({ OPENAI_API_KEY: '', LLM_MODEL: 'x' });
    expect(config.llm).toBeNull();
    expect(config.llmTimeoutMs).toBe(15_000);
  });

  it('reads the OpenAI-compatible endpoint, model and timeout', () => {
    const config = loadConfig({
      OPENAI_API_KEY: 'sk-1',
      OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1',
      LLM_MODEL: 'llama3.1:8b',
      LLM_TIMEOUT_MS: '3000',
    });
    expect(config.llm).toEqual({ apiKey: 'sk-1', baseUrl: 'http://127.0.0.1:11434/v1', model: 'llama3.1:8b' });
    expect(config.llmTimeoutMs).toBe(3000);
    expect(loadConfig({ OPENAI_API_KEY: 'sk-1' }).llm).toEqual({ apiKey: 'sk-1', baseUrl: null, model: 'gpt-4o-mini' });
  });

  it('names bad LLM variables without echoing the key', () => {
    const attempt = () => loadConfig({ OPENAI_API_KEY: 'sk-very-secret', OPENAI_BASE_URL: 'ftp://x', LLM_TIMEOUT_MS: '5' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/OPENAI_BASE_URL: must be an http:\/\/ or https:\/\/ URL; LLM_TIMEOUT_MS/);
    expect(attempt).not.toThrow(/sk-very-secret/);
  });

  it('reads LLM_PRICES per model (USD per million tokens), none by default', () => {
    expect(loadConfig({}).llmPrices).toEqual({});
    expect(loadConfig({ LLM_PRICES: '{"gpt-4o-mini":{"prompt":0.15,"completion":0.6}}' }).llmPrices).toEqual({ 'gpt-4o-mini': { prompt: 0.15, completion: 0.6 } });
  });

  it('names a bad LLM_PRICES: not JSON, a negative price, a missing or unknown field', () => {
    for (const value of ['{gpt', '{"m":{"prompt":-1,"completion":1}}', '{"m":{"prompt":1}}', '{"m":{"prompt":1,"completion":1,"cached":1}}', '[1]']) {
      expect(() => loadConfig({ LLM_PRICES: value })).toThrow(/LLM_PRICES/);
    }
  });
});
