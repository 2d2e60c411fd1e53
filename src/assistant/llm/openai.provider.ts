import OpenAI from 'openai';
import type { Config } from '../../config';
import { SpanKind, withSpan } from '../../observability/tracing';
import { LlmError, type LlmProvider, type LlmRequest, type LlmResponse } from './llm.provider';

export interface OpenAiProviderOptions {
  apiKey: string;
  /** Any OpenAI-compatible chat-completions base URL (OpenAI, Azure, Ollama, vLLM …); null = OpenAI. */
  baseUrl: string | null;
  defaultModel: string;
  timeoutMs: number;
}

/**
 * The LLM through the official `openai` SDK. SDK retries are off: the caller's deadline (a chat
 * reply, the Tidio flow's 3.5 s) is the budget, and the durable job retries whole deliveries.
 */
export function createOpenAiProvider(options: OpenAiProviderOptions): LlmProvider {
  const client = new OpenAI({
    apiKey: options.apiKey,
    ...(options.baseUrl && { baseURL: options.baseUrl }),
    timeout: options.timeoutMs,
    maxRetries: 0,
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
          throw new LlmError(errorCode(error));
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

/** The configured provider, or null when no OPENAI_API_KEY is set (the built-in responder answers). */
export function createLlmProvider(config: Pick<Config, 'llm' | 'llmTimeoutMs'>): LlmProvider | null {
  if (!config.llm) return null;
  return createOpenAiProvider({
    apiKey: config.llm.apiKey,
    baseUrl: config.llm.baseUrl,
    defaultModel: config.llm.model,
    timeoutMs: config.llmTimeoutMs,
  });
}
