import { Agent, interceptors, request } from 'undici';

/**
 * Outbound HTTP of the reply path (the LLM, Crisp, Tidio) through undici's request API instead of
 * fetch. Node's fetch builds WHATWG Request, Response and stream objects around every call, and cost
 * three to five times the CPU per call here (bench/RESULTS.md, eleventh session); a reply makes two.
 * Redirects are followed, as fetch does.
 */
const dispatcher = new Agent().compose(interceptors.redirect({ maxRedirections: 5 }));

export interface HttpCall {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** The whole exchange, body included; it fails with a TimeoutError when it runs out. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** One exchange, the answer's body read whole. Rejects with the signal's reason when aborted, or with a network error. */
export async function httpCall({ method, url, headers, body, timeoutMs, signal }: HttpCall): Promise<HttpAnswer> {
  if (timeoutMs === undefined) return exchange(method, url, headers, body, signal);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('The operation timed out', 'TimeoutError')), timeoutMs);
  const forward = () => controller.abort(signal?.reason);
  if (signal?.aborted) forward();
  else signal?.addEventListener('abort', forward, { once: true });
  try {
    return await exchange(method, url, headers, body, controller.signal);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', forward);
  }
}

async function exchange(method: string, url: string, headers: Record<string, string>, body: string | undefined, signal: AbortSignal | undefined): Promise<HttpAnswer> {
  const response = await request(url, { method, headers, body, signal, dispatcher });
  return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
}

// Statuses whose Response may not have a body.
const NULL_BODY = new Set([101, 204, 205, 304]);

/**
 * A fetch for SDKs that take one (the OpenAI client): httpCall underneath for a text body or none,
 * Node's own fetch for anything else (forms, streams). The answer's body is read before it resolves,
 * so the caller's signal covers the whole exchange.
 */
export async function lightFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  const { body } = init;
  if (input instanceof Request || (body != null && typeof body !== 'string')) return fetch(input, init);
  const answer = await httpCall({
    method: init.method ?? 'GET',
    url: String(input),
    headers: Object.fromEntries(new Headers(init.headers)),
    body: body ?? undefined,
    signal: init.signal ?? undefined,
  });
  const headers = new Headers();
  for (const [name, value] of Object.entries(answer.headers)) {
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, one);
  }
  return new Response(NULL_BODY.has(answer.status) ? null : answer.text, { status: answer.status, headers });
}
