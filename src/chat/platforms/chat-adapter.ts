import { randomBytes } from 'node:crypto';
import type { ChatPlatformName, ContactDetails } from '../../domain/vocabulary';

/**
 * Stands in for a secret a tenant (or an unknown key) does not have: the check then does the same
 * work as a real one and fails, since nobody knows this value. Timing does not tell keys apart.
 */
export const MISSING_SECRET = randomBytes(32).toString('hex');

/**
 * Stands in for the tenant of an unknown platform key: the router runs the same tenant transaction and
 * check for it as for a real tenant, and no row belongs to it, so it has no secrets and fails the check.
 */
export const UNKNOWN_TENANT_ID = '00000000-0000-0000-0000-000000000000';

export type ChatPlatform = ChatPlatformName;

/** A webhook delivery exactly as received: the raw bytes are what signatures cover. */
export interface RawWebhookRequest {
  readonly rawBody: Buffer;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly query: Readonly<Record<string, string | undefined>>;
}

/** Contact details a platform tells us about the visitor. */
export type { ContactDetails };

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

/**
 * Thrown by parse(): a known event whose payload does not have the documented shape. The router
 * acknowledges it as rejected (logged and counted): a retry would bring the same bytes.
 */
export class WebhookPayloadError extends Error {
  override name = 'WebhookPayloadError';
}

/** A zod schema, as parse() uses them. */
export type PayloadSchema<T> = { safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } } };

/** A WebhookPayloadError naming the first offending field (`data.session_id: Too big: …`), never its value. */
export function payloadError(what: string, error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }, prefix?: string): WebhookPayloadError {
  const issue = error.issues[0];
  if (!issue) return new WebhookPayloadError(what);
  const path = [...(prefix ? [prefix] : []), ...issue.path.map(String)].join('.');
  return new WebhookPayloadError(`${what}: ${path ? `${path}: ` : ''}${issue.message}`);
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
 * plus one line in platforms/adapters.ts.
 *
 * `S` is the tenant's decrypted integration settings (webhook secrets, API credentials).
 */
export interface ChatPlatformAdapter<S = unknown> {
  readonly platform: ChatPlatform;
  /** The tenant key of a parsed (not yet trusted) body; null when there is none. */
  tenantKey(body: unknown): string | null;
  /**
   * Decrypts the tenant's integration settings from its sealed tenant_configurations row (null when
   * it has none), which the caller read in its tenant transaction (findChatTenant).
   */
  openSettings(sealed: unknown, tenantId: string): S;
  /**
   * Throws WebhookAuthError unless the delivery is authentic. Works on the RAW body bytes and
   * headers, never on re-serialised JSON. For an unknown tenant key the router passes the settings of
   * a tenant that has none: only a platform-wide signature can pass then, and the router drops it.
   */
  verify(req: RawWebhookRequest, settings: S, now: Date): void;
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
