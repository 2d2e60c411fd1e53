import { httpCall, type HttpAnswer } from '../../lib/http-client';
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
  let answer: HttpAnswer;
  try {
    answer = await httpCall({
      method,
      url,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      ...(body !== undefined && { body: JSON.stringify(body) }),
      timeoutMs,
    });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    throw new PlatformSendError(`${platform} API ${timedOut ? 'timed out' : 'unreachable'}`, true);
  }
  const { status, text } = answer;
  if (status < 200 || status > 299) {
    const retryable = status === 429 || status === 420 || status >= 500;
    const retryAfter = answer.headers['retry-after'];
    const retryAfterMs = parseRetryAfter(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter);
    const error = new PlatformSendError(`${platform} API answered HTTP ${status}`, retryable, status, retryAfterMs);
    return { ok: false, status, error };
  }
  try {
    return { ok: true, status, body: text ? (JSON.parse(text) as unknown) : {} };
  } catch {
    return { ok: true, status, body: {} };
  }
}
