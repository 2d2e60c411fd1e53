import type { PubSub } from 'type-graphql';
import type { LiveEvent, LiveEventKind } from './live-event';

/** Events one subscription may have waiting before it counts as a slow consumer and is cut off. */
export const MAX_PENDING_EVENTS = 256;

/** A subscription fell this far behind: its connection is closed rather than buffered without bound. */
export class SlowConsumerError extends Error {
  constructor() {
    super(`more than ${MAX_PENDING_EVENTS} live events waiting`);
    this.name = 'SlowConsumerError';
  }
}

interface Subscriber {
  push(event: LiveEvent): void;
}

/**
 * This process's fan-out of live events to its subscriptions, by event kind and tenant. Events reach
 * a subscription only from its own tenant's bucket; the payload is read afterwards under the
 * subscriber's own tenant transaction anyway (RLS), so a misrouted event would read as nothing.
 * It is the type-graphql PubSub: `@Subscription({ topics: kind, topicId: tenant })`.
 */
export interface LiveHub extends PubSub {
  publish(kind: string, event: unknown): void;
  subscribe(kind: string, tenantId?: unknown): AsyncIterable<LiveEvent>;
  /** Open subscriptions in this process. */
  size(): number;
}

export function createLiveHub(): LiveHub {
  const buckets = new Map<string, Set<Subscriber>>();
  let open = 0;
  const keyOf = (kind: string, tenantId: unknown) => `${kind}:${String(tenantId)}`;

  return {
    publish(kind, event) {
      const live = event as LiveEvent;
      for (const subscriber of buckets.get(keyOf(kind, live.tenantId)) ?? []) subscriber.push(live);
    },
    size: () => open,
    subscribe(kind: string, tenantId?: unknown): AsyncIterable<LiveEvent> {
      const key = keyOf(kind as LiveEventKind, tenantId);
      const queue: LiveEvent[] = [];
      let waiting: ((result: IteratorResult<LiveEvent>) => void) | null = null;
      let failWaiting: ((error: Error) => void) | null = null;
      let failure: Error | null = null;
      let done = false;
      const subscriber: Subscriber = {
        push(event) {
          if (done || failure) return;
          if (waiting) {
            const resolve = waiting;
            waiting = failWaiting = null;
            resolve({ value: event, done: false });
            return;
          }
          if (queue.length >= MAX_PENDING_EVENTS) {
            failure = new SlowConsumerError();
            failWaiting?.(failure);
            return;
          }
          queue.push(event);
        },
      };
      const bucket = buckets.get(key) ?? new Set<Subscriber>();
      buckets.set(key, bucket);
      bucket.add(subscriber);
      open++;
      const finish = () => {
        if (done) return;
        done = true;
        open--;
        bucket.delete(subscriber);
        if (bucket.size === 0) buckets.delete(key);
        queue.length = 0;
        waiting?.({ value: undefined, done: true });
        waiting = failWaiting = null;
      };
      const iterator: AsyncIterableIterator<LiveEvent> = {
        next() {
          if (failure) {
            finish();
            return Promise.reject(failure);
          }
          const next = queue.shift();
          if (next) return Promise.resolve({ value: next, done: false });
          if (done) return Promise.resolve({ value: undefined, done: true });
          return new Promise((resolve, reject) => {
            waiting = resolve;
            failWaiting = reject;
          });
        },
        return() {
          finish();
          return Promise.resolve({ value: undefined, done: true });
        },
        throw(error: unknown) {
          finish();
          return Promise.reject(error);
        },
        [Symbol.asyncIterator]() {
          return iterator;
        },
      };
      return iterator;
    },
  };
}
