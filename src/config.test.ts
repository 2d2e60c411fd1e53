import { ConfigError, loadConfig } from './config';

describe(loadConfig.name, () => {
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
});
