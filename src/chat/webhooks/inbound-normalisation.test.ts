import type { InboundChatEvent } from '../platforms/chat-adapter';
import { CONTACT_NAME_MAX, DEDUPE_KEY_MAX, normaliseInboundEvent } from './inbound-normalisation';

const base = { platform: 'crisp' as const, externalTenantKey: 'website', eventType: 'session:set_email', conversationRef: 'session_1', receivedAt: new Date() };

describe(normaliseInboundEvent.name, () => {
  it('leaves a storable event as it is and reports no change', () => {
    const event: InboundChatEvent = { ...base, kind: 'contact_details', dedupeKey: 'k', contact: { email: 'a@example.com', name: 'Ann' } };
    expect(normaliseInboundEvent(event)).toEqual({ event, changes: [] });
  });

  it('hashes a dedupe key longer than its column the same way every time', () => {
    const long = `session:set_email:${'s'.repeat(250)}:${'e'.repeat(300)}@example.com`;
    const event: InboundChatEvent = { ...base, kind: 'contact_details', dedupeKey: long, contact: {} };
    const once = normaliseInboundEvent(event);
    expect(once.event.dedupeKey).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(once.event.dedupeKey.length).toBeLessThanOrEqual(DEDUPE_KEY_MAX);
    expect(normaliseInboundEvent(event).event.dedupeKey).toBe(once.event.dedupeKey);
    expect(once.changes).toEqual(['dedupe_key_hashed']);
  });

  it('replaces unstorable characters, cuts a long name and drops an impossible email', () => {
    const event: InboundChatEvent = {
      ...base,
      kind: 'contact_details',
      dedupeKey: 'k\u0000',
      contact: { name: `N${'\ud800'}${'n'.repeat(400)}`, email: `${'x'.repeat(400)}@example.com`, phone: '+1 415 555 0100' },
    };
    const { event: normalised, changes } = normaliseInboundEvent(event);
    expect(normalised).toMatchObject({ dedupeKey: 'k\ufffd', contact: { name: expect.stringMatching(/^N\ufffdn+$/), phone: '+1 415 555 0100' } });
    expect((normalised as Extract<InboundChatEvent, { kind: 'contact_details' }>).contact.name).toHaveLength(CONTACT_NAME_MAX);
    expect((normalised as Extract<InboundChatEvent, { kind: 'contact_details' }>).contact.email).toBeUndefined();
    expect(changes.sort()).toEqual(['contact_dropped', 'contact_truncated', 'unstorable_characters']);
  });

  it('replaces a timestamp Date cannot hold with the arrival time', () => {
    const event: InboundChatEvent = { ...base, kind: 'visitor_message', dedupeKey: 'k', externalMessageId: '1', text: 'hi', replyRef: {}, receivedAt: new Date(1e300) };
    expect(Number.isNaN(normaliseInboundEvent(event).event.receivedAt.getTime())).toBe(false);
  });
});
