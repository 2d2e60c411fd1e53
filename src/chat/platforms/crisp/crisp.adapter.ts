import { openIntegration } from '../../../modules/integrations/integration.service';
import type { CrispIntegration } from '../../../modules/integrations/integration.schemas';
import {
  PlatformSendError,
  MISSING_SECRET,
  payloadError,
  WebhookAuthError,
  type ChatPlatformAdapter,
  type InboundChatEvent,
  type ParsedWebhook,
  type PayloadSchema,
  type RawWebhookRequest,
} from '../chat-adapter';
import { secretsEqual } from '../../../lib/secrets-equal';
import { hasCrispMessage, sendCrispTextMessage, type CrispClientConfig } from './crisp.client';
import {
  crispEnvelopeSchema,
  crispMessageSchema,
  crispSetEmailSchema,
  crispSetNicknameSchema,
  crispSetPhoneSchema,
} from './crisp.payloads';
import { verifyCrispSignature } from './crisp.signature';
import { truncateText } from '../../../lib/storable-text';

/** Longest text we send in one Crisp message; longer answers are cut at a word boundary. */
export const CRISP_MAX_MESSAGE_LENGTH = 10_000;
/** Longest visitor text we store and answer; Crisp itself allows more. */
export const CRISP_MAX_INBOUND_TEXT = 10_000;

export interface CrispAdapterConfig extends CrispClientConfig {
  /** Plugin-hook signing secret (CRISP_WEBHOOK_SECRET). */
  webhookSecret: string | null;
  botNickname: string | null;
  encryptionKey: Buffer | null;
}

/** Crisp: plugin hooks (signed, one secret for every tenant) or per-tenant website hooks (`?key=`). */
export function createCrispAdapter(config: CrispAdapterConfig): ChatPlatformAdapter<CrispIntegration> {
  return {
    platform: 'crisp',

    tenantKey(body) {
      const envelope = crispEnvelopeSchema.safeParse(body);
      return envelope.success ? envelope.data.website_id : null;
    },

    openSettings(sealed, tenantId) {
      return openIntegration(config.encryptionKey, tenantId, 'crisp', sealed);
    },

    verify(req: RawWebhookRequest, settings, now) {
      const signature = req.headers['x-crisp-signature'];
      if (signature !== undefined || req.query.key === undefined) {
        // A plugin hook. Its secret is platform-wide, so it is checked even for unknown websites.
        const check = verifyCrispSignature({
          rawBody: req.rawBody,
          timestamp: req.headers['x-crisp-request-timestamp'],
          signature,
          secret: config.webhookSecret ?? '',
          now,
        });
        if (!check.ok) throw new WebhookAuthError(`crisp signature ${check.reason}`);
        return;
      }
      // A website hook: unsigned by Crisp, authenticated by the tenant's own URL secret.
      if (!secretsEqual(req.query.key, settings.websiteHookKey ?? MISSING_SECRET)) {
        throw new WebhookAuthError('crisp website hook key mismatch');
      }
    },

    parse(body, now): ParsedWebhook {
      const envelope = crispEnvelopeSchema.safeParse(body);
      if (!envelope.success) throw payloadError('not a Crisp hook envelope', envelope.error);
      const { event, data, website_id: websiteId } = envelope.data;
      const receivedAt = envelope.data.timestamp ? new Date(envelope.data.timestamp) : now;
      const base = { platform: 'crisp' as const, externalTenantKey: websiteId, eventType: event, receivedAt };
      switch (event) {
        case 'message:send':
        case 'message:received':
          return parseMessage(event, data, base);
        case 'session:set_email': {
          const d = validate(crispSetEmailSchema, data, event);
          return contact(base, d.session_id, `${event}:${d.session_id}:${d.email}`, { email: d.email });
        }
        case 'session:set_phone': {
          const d = validate(crispSetPhoneSchema, data, event);
          return contact(base, d.session_id, `${event}:${d.session_id}:${d.phone}`, { phone: d.phone });
        }
        case 'session:set_nickname': {
          const d = validate(crispSetNicknameSchema, data, event);
          return contact(base, d.session_id, `${event}:${d.session_id}:${d.nickname}`, { name: d.nickname });
        }
        default:
          return { kind: 'ignored', reason: `event ${event} not handled` };
      }
    },

    async sendReply(target, reply) {
      const fingerprint = crispFingerprintFor(reply.clientMessageId);
      if (fingerprint === null) throw new PlatformSendError('invalid client message id', false);
      const externalId = await sendCrispTextMessage(config, {
        websiteId: target.tenantKey,
        sessionId: target.conversationRef,
        content: truncate(reply.text, CRISP_MAX_MESSAGE_LENGTH),
        fingerprint,
        nickname: config.botNickname,
      });
      return { externalId };
    },

    echoIdFor(clientMessageId) {
      const fingerprint = crispFingerprintFor(clientMessageId);
      return fingerprint === null ? null : String(fingerprint);
    },

    // Every reply goes out with the fingerprint derived from its id, so an earlier attempt's message
    // can be looked up by it.
    async findDelivered(target, clientMessageId) {
      const fingerprint = crispFingerprintFor(clientMessageId);
      if (fingerprint === null) return null;
      const found = await hasCrispMessage(config, target.tenantKey, target.conversationRef, fingerprint);
      return found ? { externalId: String(fingerprint) } : null;
    },
  };
}

type Base = Pick<InboundChatEvent, 'platform' | 'externalTenantKey' | 'eventType' | 'receivedAt'>;

function parseMessage(event: string, data: unknown, base: Base): ParsedWebhook {
  const d = validate(crispMessageSchema, data, event);
  if (d.type !== 'text' || typeof d.content !== 'string' || d.content.trim() === '') {
    return { kind: 'ignored', reason: `message type ${d.type} not answered` };
  }
  const common = {
    ...base,
    conversationRef: d.session_id,
    externalMessageId: String(d.fingerprint),
    dedupeKey: `message:${d.session_id}:${d.fingerprint}`,
    text: truncateText(d.content, CRISP_MAX_INBOUND_TEXT),
  };
  if (event === 'message:send' && d.from === 'user') {
    return { kind: 'event', event: { ...common, kind: 'visitor_message', replyRef: {} } };
  }
  if (event === 'message:received' && d.from === 'operator') {
    return { kind: 'event', event: { ...common, kind: 'operator_message', automated: d.automated === true } };
  }
  return { kind: 'ignored', reason: `${event} from ${d.from} not handled` };
}

function contact(base: Base, sessionId: string, dedupeKey: string, details: Record<string, string>): ParsedWebhook {
  return { kind: 'event', event: { ...base, kind: 'contact_details', conversationRef: sessionId, dedupeKey, contact: details } };
}

function validate<T>(schema: PayloadSchema<T>, data: unknown, event: string): T {
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw payloadError(`malformed ${event} payload`, parsed.error, 'data');
  return parsed.data;
}

/**
 * Our fingerprint for a reply, derived from its outbox id: a positive integer below 2^52 (safe in
 * JSON). Crisp echoes the message back as `message:received`; the fingerprint lets us recognise it.
 */
export function crispFingerprintFor(clientMessageId: string): number | null {
  const hex = clientMessageId.replace(/-/g, '');
  if (!/^[0-9a-f]{13,}$/i.test(hex)) return null;
  return parseInt(hex.slice(0, 13), 16) || 1;
}

function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = truncateText(text, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.8 ? cut.slice(0, space) : cut}…`;
}
