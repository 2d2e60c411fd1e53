import type { TenantTx } from '../db/tenant-transaction';

export type ChatPlatform = 'crisp' | 'tidio';

/** A webhook delivery exactly as received: the raw bytes are what signatures cover. */
export interface RawWebhookRequest {
  readonly rawBody: Buffer;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly query: Readonly<Record<string, string | undefined>>;
}

/** Contact details a platform tells us about the visitor. */
export interface ContactDetails {
  email?: string;
  phone?: string;
  name?: string;
}

interface InboundBase {
  readonly platform: ChatPlatform;
  /** Crisp website_id / Tidio project_public_key: how the tenant is found. */
  readonly externalTenantKey: string;
  /** Unique per delivery content: a redelivery carries the same key. */
  readonly dedupeKey: string;
  /** The platform's event name, for the inbox log. */
  readonly eventType: string;
  /** Becomes conversations.session_id. */
  readonly conversationRef: string;
  readonly receivedAt: Date;
}

/** A platform event in Netia's vocabulary; the core never sees a vendor field name. */
export type InboundChatEvent =
  | (InboundBase & {
      readonly kind: 'visitor_message';
      /** The platform's message id (messages.external_id). */
      readonly externalMessageId: string;
      readonly text: string;
      /** Where a reply to this message must go (e.g. a Tidio ticket id); stored in the message metadata. */
      readonly replyRef: Readonly<Record<string, string | number>>;
    })
  | (InboundBase & {
      readonly kind: 'operator_message';
      readonly externalMessageId: string;
      readonly text: string;
      /** Sent by a bot or an automation (possibly our own echo), not by a human. */
      readonly automated: boolean;
    })
  | (InboundBase & { readonly kind: 'contact_details'; readonly contact: ContactDetails });

export type ParsedWebhook = { kind: 'ignored'; reason: string } | { kind: 'event'; event: InboundChatEvent };

/** Everything a platform needs to deliver one reply. */
export interface ReplyTarget {
  readonly tenantKey: string;
  readonly conversationRef: string;
  /** The replyRef of the visitor message being answered (latest one for operator messages). */
  readonly replyRef: Readonly<Record<string, string | number>>;
}

export interface OutboundReply {
  readonly text: string;
  /** Our own id for the message, sent where the platform accepts one so its echo can be recognised. */
  readonly clientMessageId: string;
  readonly author: 'assistant' | 'operator';
}

export interface SendResult {
  /** The platform's id of the delivered message. */
  readonly externalId: string;
}

/** Thrown by verify(): the delivery is not authentic (HTTP 401, nothing stored). */
export class WebhookAuthError extends Error {
  override name = 'WebhookAuthError';
}

/** Thrown by parse(): a known event whose payload does not have the documented shape (HTTP 400). */
export class WebhookPayloadError extends Error {
  override name = 'WebhookPayloadError';
}

/**
 * Thrown by sendReply(). `retryable`: 429, 420, 5xx, timeouts and network errors; the rest are final.
 * `status` is null when no HTTP answer came (timeout, network); `retryAfterMs` is the answer's
 * Retry-After, uncapped.
 */
export class PlatformSendError extends Error {
  override name = 'PlatformSendError';
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status: number | null = null,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }

  /**
   * The platform may have taken the message although we saw no success: no answer came (timeout,
   * connection lost), or a gateway answered for a backend that may have processed it (502, 504).
   */
  get deliveryInDoubt(): boolean {
    return this.retryable && (this.status === null || this.status === 502 || this.status === 504);
  }
}

/**
 * One chat platform behind one narrow interface: a third platform is one new folder implementing it,
 * plus one line in webhooks/adapters.ts.
 *
 * `S` is the tenant's decrypted integration settings (webhook secrets, API credentials).
 */
export interface ChatPlatformAdapter<S = unknown> {
  readonly platform: ChatPlatform;
  /** The tenant key of a parsed (not yet trusted) body; null when there is none. */
  tenantKey(body: unknown): string | null;
  /** Loads the tenant's integration settings inside its tenant transaction. */
  loadSettings(tx: TenantTx, tenantId: string): Promise<S>;
  /**
   * Throws WebhookAuthError unless the delivery is authentic. Works on the RAW body bytes and
   * headers, never on re-serialised JSON. `settings` is null when the tenant key is unknown: the
   * adapter checks what it can without a tenant (a platform-wide signature) and the router then
   * acknowledges and drops the delivery.
   */
  verify(req: RawWebhookRequest, settings: S | null, now: Date): void;
  /** zod-validates and maps to our vocabulary; unknown event types → { kind: 'ignored' }. */
  parse(body: unknown, now: Date): ParsedWebhook;
  /** Sends one reply through the platform REST API. Throws PlatformSendError. */
  sendReply(target: ReplyTarget, reply: OutboundReply, settings: S): Promise<SendResult>;
  /**
   * The external id the platform will echo our reply back with, known before sending (Crisp takes a
   * client-chosen fingerprint); null when the platform does not echo or assigns ids itself.
   */
  echoIdFor(clientMessageId: string): string | null;
  /**
   * Looks on the platform for a reply an earlier attempt may have delivered (one that ended without
   * knowing: a crash, a timeout): its result when found, null when it is not there. Throws
   * PlatformSendError when the platform cannot tell (retryable: ask again later). Absent when the
   * platform offers no way to find our message (Tidio): the reply is sent again then.
   */
  findDelivered?(target: ReplyTarget, clientMessageId: string, settings: S): Promise<SendResult | null>;
}
