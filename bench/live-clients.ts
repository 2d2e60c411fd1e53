import { fork } from 'node:child_process';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { entryPoint } from './paths';

/** Every subscriber runs the same operation, as an inbox page open on every operator's screen would. */
const SUBSCRIPTION = 'subscription LiveInbox { messageAdded { id conversationId role content timestamp } }';
/** Clients connecting at once: the server authenticates each connection_init with one statement. */
const CONNECT_BATCH = 50;
const TOKEN = /\[lb (\d+)\]/;
/** The child reports arrivals in batches this often: the timestamps are taken on arrival, the batching delays only the runner's bookkeeping. */
const REPORT_EVERY_MS = 50;

/** What happens to the subscribers, as the runner sees it. `at` is epoch milliseconds (performance.timeOrigin + now()), comparable across processes. */
export interface ClientSink {
  arrival(subscriber: number, delivery: number, at: number): void;
  /** The server closed the subscriber's socket (not counted once the runner is stopping). */
  closed(subscriber: number, reason: string): void;
  /** The subscription ended with an error. */
  failed(subscriber: number, reason: string): void;
}

export interface ClientsSpec {
  wsUrl: string;
  /** One API key per subscriber (its tenant's). */
  keys: string[];
}

export interface LiveClients {
  /** Resolves once every subscriber is connected (connection_ack), after which subscriptions are being registered. */
  readonly connected: Promise<void>;
  /** CPU (user + system) the clients' process has used, in ms; for in-process clients, the runner's own (counted there). */
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

export const epochNow = () => performance.timeOrigin + performance.now();

/**
 * The subscribers: the real graphql-ws client over `ws`, one connection and one `messageAdded`
 * subscription each, connected CONNECT_BATCH at a time.
 */
export function connectClients(spec: ClientsSpec, sink: ClientSink): { connected: Promise<void>; stop(): Promise<void> } {
  const clients: Client[] = [];
  let stopping = false;
  const connectOne = (index: number) =>
    new Promise<void>((resolve, reject) => {
      const client = createClient({
        url: spec.wsUrl,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${spec.keys[index]}` },
        lazy: false,
        retryAttempts: 0,
        onNonLazyError: (error) => reject(new Error(`subscriber ${index} could not connect: ${describeClose(error)}`)),
        on: {
          connected: () => resolve(),
          closed: (event) => {
            if (!stopping) sink.closed(index, describeClose(event));
            reject(new Error(`subscriber ${index} closed: ${describeClose(event)}`));
          },
        },
      });
      clients.push(client);
      client.subscribe<{ messageAdded: { content: string } }>(
        { query: SUBSCRIPTION },
        {
          next: (result) => {
            const at = epochNow();
            const number = Number(TOKEN.exec(result.data?.messageAdded.content ?? '')?.[1] ?? Number.NaN);
            if (Number.isInteger(number)) sink.arrival(index, number, at);
          },
          error: (error) => sink.failed(index, describeClose(error)),
          complete: () => undefined,
        },
      );
    });
  const connected = (async () => {
    for (let first = 0; first < spec.keys.length; first += CONNECT_BATCH) {
      await Promise.all(Array.from({ length: Math.min(CONNECT_BATCH, spec.keys.length - first) }, (_, i) => connectOne(first + i)));
    }
  })();
  return {
    connected,
    async stop() {
      stopping = true;
      await Promise.all(clients.map((client) => client.dispose()));
    },
  };
}

/** In the runner's own process: its event loop then also receives every event while it paces the webhooks. */
export function inProcessClients(spec: ClientsSpec, sink: ClientSink): LiveClients {
  const clients = connectClients(spec, sink);
  return { connected: clients.connected, cpuMs: async () => 0, stop: clients.stop };
}

type ToChild = { type: 'start'; spec: ClientsSpec } | { type: 'cpu' } | { type: 'stop' };
type FromChild =
  | { type: 'connected' }
  | { type: 'connect-failed'; message: string }
  | { type: 'arrivals'; list: number[] }
  | { type: 'closed' | 'failed'; subscriber: number; reason: string }
  | { type: 'cpu'; ms: number }
  | { type: 'stopped' };

/**
 * In a process of their own (bench/live-clients.ts forked), as in a deployment where the browsers are
 * not on the machine that sends the webhooks: the runner's loop only paces deliveries and counts.
 */
export function processClients(spec: ClientsSpec, sink: ClientSink): LiveClients {
  const { file, execArgv } = entryPoint('live-clients');
  const child = fork(file, [], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting: { cpu: ((ms: number) => void)[]; stopped: (() => void)[] } = { cpu: [], stopped: [] };
  let exited = false;
  const connected = new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => {
      exited = true;
      reject(new Error(`live clients process exited with code ${code}`));
      for (const done of waiting.stopped.splice(0)) done();
    });
    child.on('message', (message: FromChild) => {
      switch (message.type) {
        case 'connected':
          return resolve();
        case 'connect-failed':
          return reject(new Error(message.message));
        case 'arrivals':
          for (let i = 0; i < message.list.length; i += 3) sink.arrival(message.list[i]!, message.list[i + 1]!, message.list[i + 2]!);
          return;
        case 'closed':
          return sink.closed(message.subscriber, message.reason);
        case 'failed':
          return sink.failed(message.subscriber, message.reason);
        case 'cpu':
          return waiting.cpu.shift()?.(message.ms);
        case 'stopped':
          return waiting.stopped.shift()?.();
      }
    });
  });
  connected.catch(() => undefined);
  const send = (message: ToChild) => child.send(message);
  send({ type: 'start', spec });
  return {
    connected,
    cpuMs: () =>
      new Promise<number>((resolve) => {
        waiting.cpu.push(resolve);
        send({ type: 'cpu' });
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        waiting.stopped.push(() => {
          child.disconnect();
          resolve();
        });
        send({ type: 'stop' });
      }),
  };
}

function describeClose(event: unknown): string {
  if (Array.isArray(event)) return event.map((error: { message?: unknown }) => String(error?.message ?? JSON.stringify(error))).join('; ');
  if (event && typeof event === 'object' && 'code' in event) return `${(event as { code: number }).code} ${String((event as { reason?: unknown }).reason ?? '')}`;
  return event instanceof Error ? event.message : String(event);
}

/** The child's side: runs the clients and reports to the runner over IPC. */
function childMain(): void {
  let pending: number[] = [];
  let clients: ReturnType<typeof connectClients> | undefined;
  const reply = (message: FromChild) => process.send!(message);
  const flush = () => {
    if (pending.length === 0) return;
    reply({ type: 'arrivals', list: pending });
    pending = [];
  };
  setInterval(flush, REPORT_EVERY_MS);
  process.on('message', (message: ToChild) => {
    if (message.type === 'start') {
      clients = connectClients(message.spec, {
        arrival: (subscriber, delivery, at) => void pending.push(subscriber, delivery, at),
        closed: (subscriber, reason) => reply({ type: 'closed', subscriber, reason }),
        failed: (subscriber, reason) => reply({ type: 'failed', subscriber, reason }),
      });
      clients.connected.then(
        () => reply({ type: 'connected' }),
        (error: Error) => reply({ type: 'connect-failed', message: error.message }),
      );
    } else if (message.type === 'cpu') {
      const used = process.cpuUsage();
      reply({ type: 'cpu', ms: (used.user + used.system) / 1000 });
    } else if (message.type === 'stop') {
      flush();
      void (clients?.stop() ?? Promise.resolve()).then(() => process.send!({ type: 'stopped' } satisfies FromChild, () => process.exit(0)));
    }
  });
}

if (require.main === module) childMain();
