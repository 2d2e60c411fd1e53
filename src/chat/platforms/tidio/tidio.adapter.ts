import type { TidioIntegration } from '../../../modules/integrations/integration.schemas';
import { openIntegration } from '../../../modules/integrations/integration.service';
import {
  PlatformSendError,
  MISSING_SECRET,
  payloadError,
  WebhookAuthError,
  type ChatPlatformAdapter,
  type ContactDetails,
  type ParsedWebhook,
} from '../chat-adapter';
import { replyToTidioTicket } from './tidio.client';
import { tidioContactSchema, tidioEnvelopeSchema, tidioTicketReplySchema } from './tidio.payloads';
import { verifyTidioSignature } from './tidio.signature';
import { truncateText } from '../../../lib/storable-text';

/** Tidio's ticket reply body limit. */
export const TIDIO_MAX_MESSAGE_LENGTH = 5_000;
/** Longest visitor text we store and answer. */
export const TIDIO_MAX_INBOUND_TEXT = 5_000;

const CONTACT_TOPICS = new Set(['contact.created', 'contact.updated']);
const TICKET_REPLY_TOPICS = new Set(['ticket.contact_replied', 'ticket.operator_replied', 'ticket.replied']);

export interface TidioAdapterConfig {
  apiUrl: string;
  timeoutMs: number;
  encryptionKey: Buffer | null;
}

/** Tidio conversations are keyed by contact: tickets and Flow messages of one visitor share one. */
export function tidioConversationRef(contactId: string): string {
  return `contact:${contactId}`;
}

/** Tidio webhooks: every tenant signs with its own secret; replies go to tickets via the OpenAPI. */
export function createTidioAdapter(config: TidioAdapterConfig): ChatPlatformAdapter<TidioIntegration> {
  return {
    platform: 'tidio',

    tenantKey(body) {
      const envelope = tidioEnvelopeSchema.safeParse(body);
      return envelope.success ? envelope.data.project_public_key : null;
    },

    openSettings(sealed, tenantId) {
      return openIntegration(config.encryptionKey, tenantId, 'tidio', sealed);
    },

    verify(req, settings, now) {
      // Tidio secrets are per tenant: an unknown project has none, so its deliveries fail here like forgeries.
      const check = verifyTidioSignature({
        rawBody: req.rawBody,
        header: req.headers['x-tidio-signature'],
        secret: settings.webhookSecret ?? MISSING_SECRET,
        now,
      });
      if (!check.ok) throw new WebhookAuthError(`tidio signature ${check.reason}`);
    },

    parse(body, now): ParsedWebhook {
      const envelope = tidioEnvelopeSchema.safeParse(body);
      if (!envelope.success) throw payloadError('not a Tidio webhook envelope', envelope.error);
      const { topic, webhook_id: webhookId, project_public_key: projectKey } = envelope.data;
      const base = {
        platform: 'tidio' as const,
        externalTenantKey: projectKey,
        eventType: topic,
        dedupeKey: `webhook:${webhookId}`,
        receivedAt: envelope.data.created_at ? new Date(envelope.data.created_at * 1000) : now,
      };
      if (CONTACT_TOPICS.has(topic)) {
        const c = tidioContactSchema.safeParse(envelope.data.content);
        if (!c.success) throw payloadError(`malformed ${topic} payload`, c.error, 'content');
        const contact: ContactDetails = {};
        if (c.data.email) contact.email = c.data.email;
        if (c.data.phone) contact.phone = c.data.phone;
        const name = [c.data.first_name, c.data.last_name].filter(Boolean).join(' ');
        if (name) contact.name = name;
        return { kind: 'event', event: { ...base, kind: 'contact_details', conversationRef: tidioConversationRef(c.data.id), contact } };
      }
      if (TICKET_REPLY_TOPICS.has(topic)) {
        const t = tidioTicketReplySchema.safeParse(envelope.data.content);
        if (!t.success) throw payloadError(`malformed ${topic} payload`, t.error, 'content');
        const { message } = t.data;
        const text = truncateText(message.message_content.trim(), TIDIO_MAX_INBOUND_TEXT);
        if (!text) return { kind: 'ignored', reason: 'empty ticket message' };
        const common = {
          ...base,
          conversationRef: tidioConversationRef(t.data.contact_id),
          externalMessageId: message.message_id,
          text,
        };
        if (message.author_type === 'contact') {
          return { kind: 'event', event: { ...common, kind: 'visitor_message', replyRef: { ticketId: String(t.data.id) } } };
        }
        if (message.author_type === 'operator') {
          // Tidio never emits webhooks for OpenAPI writes, so an operator reply is a human's.
          return { kind: 'event', event: { ...common, kind: 'operator_message', automated: false } };
        }
        return { kind: 'ignored', reason: `ticket message from ${message.author_type}` };
      }
      return { kind: 'ignored', reason: `topic ${topic} not handled` };
    },

    async sendReply(target, reply, settings) {
      const ticketId = target.replyRef.ticketId;
      if (ticketId === undefined) {
        throw new PlatformSendError('Tidio can only push replies to tickets; live chat is answered through the Flow endpoint', false);
      }
      const content = reply.text.length > TIDIO_MAX_MESSAGE_LENGTH ? `${truncateText(reply.text, TIDIO_MAX_MESSAGE_LENGTH - 1)}…` : reply.text;
      const externalId = await replyToTidioTicket(config.apiUrl, config.timeoutMs, settings, String(ticketId), content);
      return { externalId };
    },

    echoIdFor() {
      return null;
    },
  };
}
