/** Gives a slot back; calling it twice releases once. */
export type ReleaseSlot = () => void;

/**
 * At most `max` concurrent uses per tenant in this process. `tryAcquire` never waits (the reply
 * worker defers the job instead); `acquire` queues first come, first served (an LLM call waits
 * for its tenant's slot within its own deadline).
 */
export interface TenantLimiter {
  readonly max: number;
  tryAcquire(tenantId: string): ReleaseSlot | null;
  /** Rejects with the signal's reason when it aborts before a slot frees. */
  acquire(tenantId: string, signal: AbortSignal): Promise<ReleaseSlot>;
  inUse(tenantId: string): number;
}

export function createTenantLimiter(max: number): TenantLimiter {
  const used = new Map<string, number>();
  const waiting = new Map<string, Array<(release: ReleaseSlot) => void>>();

  const slot = (tenantId: string): ReleaseSlot => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = waiting.get(tenantId)?.shift();
      if (waiting.get(tenantId)?.length === 0) waiting.delete(tenantId);
      // The slot passes straight to the next waiter: the count stays as it is.
      if (next) return next(slot(tenantId));
      const count = (used.get(tenantId) ?? 1) - 1;
      if (count > 0) used.set(tenantId, count);
      else used.delete(tenantId);
    };
  };

  const tryAcquire = (tenantId: string): ReleaseSlot | null => {
    const count = used.get(tenantId) ?? 0;
    if (count >= max) return null;
    used.set(tenantId, count + 1);
    return slot(tenantId);
  };

  return {
    max,
    tryAcquire,
    inUse: (tenantId) => used.get(tenantId) ?? 0,
    acquire(tenantId, signal) {
      if (signal.aborted) return Promise.reject(signal.reason);
      const now = tryAcquire(tenantId);
      if (now) return Promise.resolve(now);
      return new Promise<ReleaseSlot>((resolve, reject) => {
        const queue = waiting.get(tenantId) ?? [];
        waiting.set(tenantId, queue);
        const onAbort = () => {
          const index = queue.indexOf(grant);
          if (index >= 0) queue.splice(index, 1);
          if (queue.length === 0) waiting.delete(tenantId);
          reject(signal.reason);
        };
        const grant = (release: ReleaseSlot) => {
          signal.removeEventListener('abort', onAbort);
          resolve(release);
        };
        queue.push(grant);
        signal.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}
