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

export interface LlmCallOptions {
  /** Abort = timeout: `complete` must honour it. */
  signal: AbortSignal;
  /** Whose call this is (per-tenant concurrency, see tenant-limited.provider.ts). */
  tenantId: string;
}

/** Any chat-completions backend. */
export interface LlmProvider {
  readonly defaultModel: string;
  complete(request: LlmRequest, options: LlmCallOptions): Promise<LlmResponse>;
}

/**
 * A failed LLM call, described without secrets or message content: `code` is what goes into
 * message metadata and logs ('timeout', 'http_429', 'empty_response', 'network', …).
 */
export class LlmError extends Error {
  override name = 'LlmError';
  constructor(
    readonly code: string,
    /** The endpoint's Retry-After (429, 503), uncapped; null when it sent none. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(`LLM call failed: ${code}`);
  }
}
