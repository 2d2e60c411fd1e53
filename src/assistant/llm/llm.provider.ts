/** One chat message sent to the model. */
export interface LlmMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface LlmRequest {
  /** The tenant's model, or null for the provider's default (LLM_MODEL). */
  model: string | null;
  messages: LlmMessage[];
  temperature?: number;
  maxTokens?: number;
}

export interface LlmResponse {
  text: string;
  model: string;
  promptTokens: number | null;
  completionTokens: number | null;
}

/** Any chat-completions backend. `complete` must honour `signal` (abort = timeout). */
export interface LlmProvider {
  readonly defaultModel: string;
  complete(request: LlmRequest, options: { signal: AbortSignal }): Promise<LlmResponse>;
}

/**
 * A failed LLM call, described without secrets or message content: `code` is what goes into
 * message metadata and logs ('timeout', 'http_429', 'empty_response', 'network', …).
 */
export class LlmError extends Error {
  override name = 'LlmError';
  constructor(readonly code: string) {
    super(`LLM call failed: ${code}`);
  }
}
