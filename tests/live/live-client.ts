import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { waitFor } from '../support/wait-for';

export interface LiveClient {
  readonly client: Client;
  /** Close events the client saw (code, reason). */
  readonly closes: { code: number; reason: string }[];
  /** Subscribes; results land in the returned array in arrival order, errors in `errors`. */
  subscribe<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Subscription<T>;
  /** Stops (and resumes) reading from the TCP socket: the server's unsent data piles up, as for a slow consumer. */
  pauseReading(): void;
  resumeReading(): void;
  dispose(): Promise<void>;
}

export interface Subscription<T> {
  readonly results: { data?: T | null; errors?: { message: string; extensions?: { code?: string } }[] }[];
  readonly errors: unknown[];
  completed: boolean;
  stop(): void;
}

/** A real graphql-ws client (the `ws` package as its WebSocket) against a server's /graphql. */
export function liveClient(baseUrl: string, authorization: string | null, options: { lazy?: boolean } = {}): LiveClient {
  const closes: { code: number; reason: string }[] = [];
  const sockets: WebSocket[] = [];
  // The client's own sockets, so a test can stop reading from one (a slow consumer).
  class TrackedWebSocket extends WebSocket {
    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      super(...args);
      sockets.push(this);
    }
  }
  const client = createClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: TrackedWebSocket,
    connectionParams: authorization === null ? {} : { authorization },
    retryAttempts: 0,
    lazy: options.lazy ?? true,
    onNonLazyError: () => undefined,
    on: { closed: (event) => void closes.push({ code: (event as { code: number }).code, reason: String((event as { reason: unknown }).reason) }) },
  });
  return {
    client,
    closes,
    subscribe<T>(query: string, variables?: Record<string, unknown>) {
      const subscription: Subscription<T> = {
        results: [],
        errors: [],
        completed: false,
        stop: () => undefined,
      };
      subscription.stop = client.subscribe<T>(
        { query, ...(variables && { variables }) },
        {
          next: (value) => void subscription.results.push(value as Subscription<T>['results'][number]),
          error: (error) => void subscription.errors.push(error),
          complete: () => void (subscription.completed = true),
        },
      );
      return subscription;
    },
    pauseReading: () => sockets.forEach((socket) => (socket as unknown as { _socket: import('node:net').Socket })._socket.pause()),
    resumeReading: () => sockets.forEach((socket) => (socket as unknown as { _socket: import('node:net').Socket })._socket.resume()),
    dispose: async () => client.dispose(),
  };
}

/** Reads one gauge or counter value from /metrics (summed over labels matching `labels`). */
export async function metricValue(baseUrl: string, token: string, name: string, labels = ''): Promise<number> {
  const response = await fetch(`${baseUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  const text = await response.text();
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (!(rest.startsWith(' ') || rest.startsWith('{'))) continue;
    if (labels && !rest.includes(labels)) continue;
    total += Number(line.split(' ').pop());
  }
  return total;
}

/** Waits until the server reports `count` active subscriptions (so events raised next are heard). */
export async function subscriptionsActive(baseUrl: string, token: string, count: number): Promise<void> {
  await waitFor(async () => (await metricValue(baseUrl, token, 'netia_live_subscriptions')) === count, 15_000, `${count} active subscriptions`);
}
