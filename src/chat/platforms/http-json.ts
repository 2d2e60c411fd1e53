import { parseRetryAfter } from '../../lib/retry-after';
import { PLATFORM, SpanKind, withSpan } from '../../observability/tracing';
import { PlatformSendError } from './chat-adapter';

export interface PlatformRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  /** Sent as JSON (POST). */
  body?: unknown;
  timeoutMs: number;
  /** For error messages: 'Crisp', 'Tidio'. */
  platform: string;
}

/**
 * Calls a platform's JSON API with a timeout and sorts failures into retryable (429, 420, 5xx,
 * timeouts, network errors) and final (other 4xx). A failure carries the answer's Retry-After.
 * Error messages carry the status only, never the request body or credentials.
 */
export function requestJson(request: PlatformRequest): Promise<unknown> {
  const { method, url, platform } = request;
  // The span names the platform, host and status; the URL path (conversation ids), body and credentials stay out.
  const attributes = { [PLATFORM]: platform.toLowerCase(), 'http.request.method': method, 'server.address': new URL(url).hostname };
  return withSpan(`${platform.toLowerCase()} ${method}`, { kind: SpanKind.CLIENT, attributes }, async (span) => {
    const result = await send(request);
    span.setAttribute('http.response.status_code', result.status);
    if (!result.ok) throw result.error;
    return result.body;
  });
}

type Sent = { ok: true; status: number; body: unknown } | { ok: false; status: number; error: PlatformSendError };

async function send({ method, url, headers, body, timeoutMs, platform }: PlatformRequest): Promise<Sent> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      ...(body !== undefined && { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    throw new PlatformSendError(`${platform} API ${timedOut ? 'timed out' : 'unreachable'}`, true);
  }
  const text = await response.text().catch(() => '');
  if (!response.ok) {
    const retryable = response.status === 429 || response.status === 420 || response.status >= 500;
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    const error = new PlatformSendError(`${platform} API answered HTTP ${response.status}`, retryable, response.status, retryAfterMs);
    return { ok: false, status: response.status, error };
  }
  try {
    return { ok: true, status: response.status, body: text ? (JSON.parse(text) as unknown) : {} };
  } catch {
    return { ok: true, status: response.status, body: {} };
  }
}
