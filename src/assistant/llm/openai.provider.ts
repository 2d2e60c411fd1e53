import OpenAI from 'openai';
import type { Config } from '../../config';
import { parseRetryAfter } from '../../lib/retry-after';
import { createTenantLimiter } from '../../lib/tenant-limiter';
import { SpanKind, withSpan } from '../../observability/tracing';
import { LlmError, type LlmProvider, type LlmRequest, type LlmResponse } from './llm.provider';
import { limitPerTenant } from './tenant-limited.provider';
import { lightFetch } from '../../lib/http-client';

export interface OpenAiProviderOptions {
  apiKey: string;
  /** Any OpenAI-compatible chat-completions base URL (OpenAI, Azure, Ollama, vLLM …); null = OpenAI. */
  baseUrl: string | null;
  defaultModel: string;
  timeoutMs: number;
}

/**
 * The LLM through the official `openai` SDK. SDK retries are off: the caller's deadline (a chat
 * reply, the Tidio flow's 3.5 s) is the budget, and the durable job retries whole deliveries. With
 * maxRetries > 0 the SDK (6.x) retries 408/409/429/5xx by sleeping in-process for as long as
 * `retry-after-ms` / `Retry-After` say, uncapped and deaf to our abort signal, then 0.5–8 s backoff:
 * a reply worker would sit idle that long. Instead the wait is handed back (LlmError.retryAfterMs)
 * and the reply job is scheduled for then, within RETRY_AFTER_MAX_SECONDS, freeing its worker.
 */
export function createOpenAiProvider(options: OpenAiProviderOptions): LlmProvider {
  const client = new OpenAI({
    apiKey: options.apiKey,
    ...(options.baseUrl && { baseURL: options.baseUrl }),
    timeout: options.timeoutMs,
    maxRetries: 0,
    fetch: lightFetch,
  });
  return {
    defaultModel: options.defaultModel,
    async complete(request: LlmRequest, { signal }): Promise<LlmResponse> {
      const model = request.model ?? options.defaultModel;
      // The span names the model and counts tokens; the prompt and the answer stay out of it.
      return withSpan('llm chat', { kind: SpanKind.CLIENT, attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': model } }, async (span) => {
        try {
          const completion = await client.chat.completions.create(
            {
              model,
              messages: request.messages,
              ...(request.temperature !== undefined && { temperature: request.temperature }),
              ...(request.maxTokens !== undefined && { max_tokens: request.maxTokens }),
            },
            { signal },
          );
          const text = completion.choices[0]?.message?.content ?? '';
          const response = {
            text,
            model: completion.model || model,
            promptTokens: completion.usage?.prompt_tokens ?? null,
            completionTokens: completion.usage?.completion_tokens ?? null,
          };
          span.setAttributes({
            'gen_ai.response.model': response.model,
            ...(response.promptTokens !== null && { 'gen_ai.usage.input_tokens': response.promptTokens }),
            ...(response.completionTokens !== null && { 'gen_ai.usage.output_tokens': response.completionTokens }),
          });
          return response;
        } catch (error) {
          throw new LlmError(errorCode(error), retryAfterOf(error));
        }
      });
    },
  };
}

/** A short, secret-free code for an SDK error: never the response body, which may echo the prompt. */
function errorCode(error: unknown): string {
  if (error instanceof OpenAI.APIConnectionTimeoutError) return 'timeout';
  if (error instanceof OpenAI.APIUserAbortError) return 'timeout';
  if (error instanceof OpenAI.APIConnectionError) return 'network';
  if (error instanceof OpenAI.APIError) return error.status ? `http_${error.status}` : 'api_error';
  return 'unexpected';
}

/** The wait a rate-limited or unavailable endpoint asked for (`retry-after-ms`, else `Retry-After`). */
function retryAfterOf(error: unknown): number | null {
  if (!(error instanceof OpenAI.APIError) || !error.status || (error.status !== 429 && error.status < 500)) return null;
  const milliseconds = Number(error.headers?.get('retry-after-ms') ?? Number.NaN);
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds;
  return parseRetryAfter(error.headers?.get('retry-after'));
}

/**
 * The configured provider, each tenant's concurrent calls capped (LLM_TENANT_CONCURRENCY), or null
 * when no OPENAI_API_KEY is set (the built-in responder answers). Create it once per process: the
 * cap is per provider.
 */
export function createLlmProvider(config: Pick<Config, 'llm' | 'llmTimeoutMs' | 'llmTenantConcurrency'>): LlmProvider | null {
  if (!config.llm) return null;
  const provider = createOpenAiProvider({
    apiKey: config.llm.apiKey,
    baseUrl: config.llm.baseUrl,
    defaultModel: config.llm.model,
    timeoutMs: config.llmTimeoutMs,
  });
  return limitPerTenant(provider, createTenantLimiter(config.llmTenantConcurrency));
}
