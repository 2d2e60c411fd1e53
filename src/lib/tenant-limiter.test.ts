import { createTenantLimiter } from './tenant-limiter';

describe(createTenantLimiter.name, () => {
  it('gives each tenant at most max slots, independently of other tenants', () => {
    const limiter = createTenantLimiter(2);
    const a1 = limiter.tryAcquire('a');
    const a2 = limiter.tryAcquire('a');
    expect(a1 && a2).toBeTruthy();
    expect(limiter.tryAcquire('a')).toBeNull();
    expect(limiter.tryAcquire('b')).not.toBeNull();
    a1!();
    a1!();
    expect(limiter.inUse('a')).toBe(1);
    expect(limiter.tryAcquire('a')).not.toBeNull();
    expect(limiter.tryAcquire('a')).toBeNull();
  });

  it('hands a freed slot to the first waiter, and lets an aborted waiter go', async () => {
    const limiter = createTenantLimiter(1);
    const held = limiter.tryAcquire('a')!;
    const order: string[] = [];
    const abort = new AbortController();
    const first = limiter.acquire('a', new AbortController().signal).then((release) => (order.push('first'), release));
    const gaveUp = limiter.acquire('a', abort.signal).catch((reason: unknown) => order.push(`gave up: ${String(reason)}`));
    const third = limiter.acquire('a', new AbortController().signal).then((release) => (order.push('third'), release));
    abort.abort('timeout');
    await gaveUp;
    held();
    (await first)();
    (await third)();
    expect(order).toEqual(['gave up: timeout', 'first', 'third']);
    expect(limiter.inUse('a')).toBe(0);
  });
});
