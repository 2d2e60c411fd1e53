import { PlatformSendError } from './chat-adapter';

/**
 * POSTs JSON to a platform API with a timeout and sorts failures into retryable (429, 420, 5xx,
 * timeouts, network errors) and final (other 4xx). Error messages carry the status only, never the
 * request body or credentials.
 */
export async function postJson(
  url: string,
  headers: Record<string, string>,
  body: unknown,
  timeoutMs: number,
  platform: string,
): Promise<unknown> {
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
    throw new PlatformSendError(`${platform} API answered HTTP ${response.status}`, retryable, response.status);
  }
  try {
    return text ? (JSON.parse(text) as unknown) : {};
  } catch {
    return {};
  }
}
