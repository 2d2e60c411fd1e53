import { createHash } from 'node:crypto';
import { toStorableText, truncateText } from '../../lib/storable-text';
import type { Metrics } from '../../observability/metrics';
import type { ContactDetails, InboundChatEvent } from '../platforms/chat-adapter';

/**
 * An authentic delivery a platform would retry forever if we refused it, made storable instead:
 * - NUL bytes and lone UTF-16 surrogates (PostgreSQL refuses them) become U+FFFD, everywhere;
 * - a dedupe key longer than inbound_events.dedupe_key (VARCHAR(255)) becomes its SHA-256, so a
 *   redelivery still maps to the same key (session id + a long email, Flow email + name);
 * - contact details a visitor typed: a name is cut to CONTACT_NAME_MAX, an email or phone number too
 *   long to be real is dropped (the rest of the delivery is stored).
 * Every change is counted (netia_webhook_normalised_total) and logged, without the values.
 */

export const DEDUPE_KEY_MAX = 255;
export const CONTACT_NAME_MAX = 255;
/** RFC 5321: 64 + 1 + 255. */
export const CONTACT_EMAIL_MAX = 320;
export const CONTACT_PHONE_MAX = 50;

export type NormalisationChange = 'unstorable_characters' | 'dedupe_key_hashed' | 'contact_truncated' | 'contact_dropped';

export interface NormalisedEvent {
  event: InboundChatEvent;
  changes: NormalisationChange[];
}

export function normaliseInboundEvent(event: InboundChatEvent): NormalisedEvent {
  const changes = new Set<NormalisationChange>();
  const text = (value: string): string => {
    const result = toStorableText(value);
    if (result.replaced > 0) changes.add('unstorable_characters');
    return result.text;
  };
  let dedupeKey = text(event.dedupeKey);
  if (dedupeKey.length > DEDUPE_KEY_MAX) {
    dedupeKey = `sha256:${createHash('sha256').update(dedupeKey).digest('hex')}`;
    changes.add('dedupe_key_hashed');
  }
  const base = {
    ...event,
    externalTenantKey: text(event.externalTenantKey),
    dedupeKey,
    eventType: text(event.eventType),
    conversationRef: text(event.conversationRef),
    // A platform timestamp beyond what Date can hold (1e308) is no time at all: the arrival time it is.
    receivedAt: Number.isNaN(event.receivedAt.getTime()) ? new Date() : event.receivedAt,
  };
  let normalised: InboundChatEvent;
  switch (event.kind) {
    case 'visitor_message':
      normalised = {
        ...(base as typeof event),
        externalMessageId: text(event.externalMessageId),
        text: text(event.text),
        replyRef: Object.fromEntries(Object.entries(event.replyRef).map(([key, value]) => [key, typeof value === 'string' ? text(value) : value])),
      };
      break;
    case 'operator_message':
      normalised = { ...(base as typeof event), externalMessageId: text(event.externalMessageId), text: text(event.text) };
      break;
    case 'contact_details':
      normalised = { ...(base as typeof event), contact: normaliseContact(event.contact, text, changes) };
      break;
  }
  return { event: normalised, changes: [...changes] };
}

function normaliseContact(contact: ContactDetails, text: (value: string) => string, changes: Set<NormalisationChange>): ContactDetails {
  const result: ContactDetails = {};
  if (contact.name !== undefined) {
    const name = text(contact.name);
    if (name.length > CONTACT_NAME_MAX) changes.add('contact_truncated');
    result.name = truncateText(name, CONTACT_NAME_MAX);
  }
  for (const [field, max] of [['email', CONTACT_EMAIL_MAX], ['phone', CONTACT_PHONE_MAX]] as const) {
    const value = contact[field];
    if (value === undefined) continue;
    if (value.length > max) changes.add('contact_dropped');
    else result[field] = text(value);
  }
  return result;
}

/** Counts and logs what normalisation changed (field kinds only, never values). */
export function reportNormalisation(
  metrics: Metrics,
  log: { warn(details: object, message: string): void },
  context: { platform: string; tenantId: string; event: string },
  changes: readonly NormalisationChange[],
): void {
  if (changes.length === 0) return;
  for (const change of changes) metrics.webhookNormalised.inc({ platform: context.platform, change });
  log.warn({ ...context, changes }, 'webhook values normalised before storing');
}
