import { createSourceEventStream, execute, print, type ExecutionArgs, type ExecutionResult, type GraphQLError } from 'graphql';
import type { Kysely } from 'kysely';
import type { DB } from '../db/db.generated';
import { withTenantTransaction } from '../db/tenant-transaction';
import { createTenantContext, type ContextBase, type Viewer } from '../graphql/context';
import { SlowConsumerError } from './live-hub';
import { LiveEntityGone } from './live.resolver';

export interface LiveExecutionHooks {
  /** Called before each event is read: false stops the subscription (the socket is being closed). */
  mayContinue(): boolean;
  /** The subscription's queue overflowed (SlowConsumerError). */
  onSlowConsumer(): void;
  onSent(field: string): void;
  /** Runs one event's work: the server counts it, so shutdown can let it finish before closing. */
  around<T>(work: () => Promise<T>): Promise<T>;
  /** An event's payload was read from the database (once per event and group of identical subscriptions). */
  onRead(field: string): void;
  /** The subscription started, and ended (once, however it ends). */
  onStarted(): void;
  onEnded(): void;
}

/**
 * Payloads being read or read, per event and per group of identical subscriptions. The hub hands the
 * same event object to every subscription of its tenant, so an entry lives exactly as long as some
 * subscription still has that event to send (WeakMap: no bookkeeping, nothing kept after).
 */
const sharedReads = new WeakMap<object, Map<string, Promise<ExecutionResult>>>();

/**
 * Subscriptions whose payload for an event is identical by construction: the same API key (so the same
 * tenant, RLS, scopes and plan) and the same document, operation and variables. One tenant transaction
 * then reads the event for all of them, instead of one each: with 20 operators of a tenant watching the
 * same inbox, one read per event instead of 20 (bench/RESULTS.md, live-subscribers).
 */
function groupKey(args: ExecutionArgs, viewer: Extract<Viewer, { kind: 'tenant' }>): string {
  return JSON.stringify([viewer.tenantId, viewer.apiKeyId, print(args.document), args.operationName ?? null, args.variableValues ?? null]);
}

const isGone = (errors: readonly GraphQLError[] | undefined) => !!errors?.length && errors.every((e) => e.originalError instanceof LiveEntityGone);

/**
 * graphql-js's subscribe(), with one change that is the point of it: each event's payload is executed
 * inside a NEW tenant transaction of the SUBSCRIBER (read-only snapshot, fresh loaders), so the
 * subscriber's selection is resolved under its own RLS from the ids the event carries.
 *
 * 1. createSourceEventStream: the @Subscription's auth check (scope) and its filter run once;
 * 2. per event, in order: withTenantTransaction(subscriber's tenant) → execute with the event as root,
 *    once for all subscriptions of the same key, document and variables (groupKey);
 * 3. events whose entity the subscriber cannot see (deleted, RLS) are dropped, not sent.
 * Returned as a plain iterator rather than an async generator: return() must end the subscription at
 * once even while it waits for the next event (a generator's return() would queue behind that await).
 */
export async function subscribeLive(
  args: ExecutionArgs,
  deps: { db: Kysely<DB>; viewer: Extract<Viewer, { kind: 'tenant' }>; base: ContextBase },
  hooks: LiveExecutionHooks,
): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const source = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in source)) return source as ExecutionResult;
  const events = (source as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  const field = fieldOf(args);
  const group = groupKey(args, deps.viewer);
  let ended = false;
  hooks.onStarted();
  const stop = async (): Promise<IteratorResult<ExecutionResult>> => {
    if (!ended) {
      ended = true;
      hooks.onEnded();
    }
    await events.return?.();
    return { done: true, value: undefined };
  };
  const iterator: AsyncIterableIterator<ExecutionResult> = {
    async next() {
      for (;;) {
        let item: IteratorResult<unknown>;
        try {
          item = await events.next();
        } catch (error) {
          if (!(error instanceof SlowConsumerError)) throw error;
          hooks.onSlowConsumer();
          return stop();
        }
        if (item.done || !hooks.mayContinue()) return stop();
        const event = item.value;
        const read = () => {
          hooks.onRead(field);
          return withTenantTransaction(
            deps.db,
            deps.viewer.tenantId,
            async (tx) => execute({ ...args, rootValue: event, contextValue: createTenantContext(deps.base, deps.viewer, tx) }),
            { snapshot: true },
          );
        };
        const result = await hooks.around(() => readOnce(event, group, read));
        if (isGone(result.errors)) continue;
        hooks.onSent(field);
        return { done: false, value: result };
      }
    },
    return: stop,
    async throw(error: unknown) {
      await stop();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}

/** The group's read of this event: started by the first subscription to get there, awaited by the others. */
function readOnce(event: unknown, group: string, read: () => Promise<ExecutionResult>): Promise<ExecutionResult> {
  if (typeof event !== 'object' || event === null) return read();
  let reads = sharedReads.get(event);
  if (!reads) sharedReads.set(event, (reads = new Map()));
  let pending = reads.get(group);
  if (!pending) reads.set(group, (pending = read()));
  return pending;
}

function fieldOf(args: ExecutionArgs): string {
  for (const definition of args.document.definitions) {
    if (definition.kind === 'OperationDefinition' && definition.operation === 'subscription') {
      const first = definition.selectionSet.selections[0];
      if (first?.kind === 'Field') return first.name.value;
    }
  }
  return 'unknown';
}
