import { parseLiveEvent } from './live-event';
import { createLiveHub, MAX_PENDING_EVENTS, SlowConsumerError } from './live-hub';

const T1 = '11111111-1111-4111-8111-111111111111';
const T2 = '22222222-2222-4222-8222-222222222222';
const ID = '33333333-3333-4333-8333-333333333333';

describe(parseLiveEvent.name, () => {
  it('reads the ids a trigger sends and refuses anything else', () => {
    expect(parseLiveEvent(JSON.stringify({ t: T1, k: 'conversation', id: ID, c: ID, r: 'handoff' }))).toEqual({
      tenantId: T1,
      kind: 'conversation',
      entityId: ID,
      conversationId: ID,
      change: 'handoff',
    });
    expect(parseLiveEvent(JSON.stringify({ t: T1, k: 'message', id: ID, c: ID, r: null }))?.change).toBeNull();
    for (const bad of ['', 'not json', '[]', JSON.stringify({ t: 'x', k: 'message', id: ID }), JSON.stringify({ t: T1, k: 'drop', id: ID }), JSON.stringify({ t: T1, k: 'message', id: ID, r: 'x' })]) {
      expect(parseLiveEvent(bad)).toBeNull();
    }
  });
});

describe(createLiveHub.name, () => {
  const event = (tenantId: string) => ({ tenantId, kind: 'message' as const, entityId: ID, conversationId: ID, change: null });

  it("routes an event to its own tenant's subscriptions of that kind only", async () => {
    const hub = createLiveHub();
    const mine = hub.subscribe('message', T1)[Symbol.asyncIterator]();
    const other = hub.subscribe('message', T2)[Symbol.asyncIterator]();
    const otherKind = hub.subscribe('reply', T1)[Symbol.asyncIterator]();
    hub.publish('message', event(T1));
    hub.publish('message', event(T2));
    expect((await mine.next()).value.tenantId).toBe(T1);
    expect((await other.next()).value.tenantId).toBe(T2);
    const pending = otherKind.next();
    await otherKind.return!();
    expect(await pending).toEqual({ value: undefined, done: true });
    await mine.return!();
    await other.return!();
    expect(hub.size()).toBe(0);
  });

  it('fails a subscription that falls more than MAX_PENDING_EVENTS behind, instead of buffering without bound', async () => {
    const hub = createLiveHub();
    const slow = hub.subscribe('message', T1)[Symbol.asyncIterator]();
    for (let i = 0; i <= MAX_PENDING_EVENTS; i++) hub.publish('message', event(T1));
    await expect(slow.next()).rejects.toBeInstanceOf(SlowConsumerError);
    expect(hub.size()).toBe(0);
  });
});
