import { PLATFORM, SpanKind, withSpan } from '../observability/tracing';
import { PlatformSendError } from './chat-adapter';

/**
 * POSTs JSON to a platform API with a timeout and sorts failures into retryable (429, 420, 5xx,
 * timeouts, network errors) and final (other 4xx). Error messages carry the status only, never the
 * request body or credentials.
 */
export function postJson(url: string, headers: Record<string, string>, body: unknown, timeoutMs: number, platform: string): Promise<unknown> {
  // The span names the platform, host and status; the URL path (conversation ids), body and credentials stay out.
  const attributes = { [PLATFORM]: platform.toLowerCase(), 'http.request.method': 'POST', 'server.address': new URL(url).hostname };
  return withSpan(`${platform.toLowerCase()} POST`, { kind: SpanKind.CLIENT, attributes }, async (span) => {
    const result = await send(url, headers, body, timeoutMs, platform);
    span.setAttribute('http.response.status_code', result.status);
    if (!result.ok) throw result.error;
    return result.body;
  });
}

type Sent = { ok: true; status: number; body: unknown } | { ok: false; status: number; error: PlatformSendError };

async function send(url: string, headers: Record<string, string>, body: unknown, timeoutMs: number, platform: string): Promise<Sent> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    throw new PlatformSendError(`${platform} API ${timedOut ? 'timed out' : 'unreachable'}`, true);
  }
  const text = await response.text().catch(() => '');
  if (!response.ok) {
    const retryable = response.status === 429 || response.status === 420 || response.status >= 500;
    return { ok: false, status: response.status, error: new PlatformSendError(`${platform} API answered HTTP ${response.status}`, retryable, response.status) };
  }
  try {
    return { ok: true, status: response.status, body: text ? (JSON.parse(text) as unknown) : {} };
  } catch {
    return { ok: true, status: response.status, body: {} };
  }
}
