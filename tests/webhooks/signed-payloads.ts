import { createHmac } from 'node:crypto';

export const CRISP_SECRET = 'crisp-plugin-signing-secret';

let fingerprint = 170_000_000_012_345;

/** A `message:send` from the visitor, shaped like the reference (§1.4). */
export function crispVisitorMessage(websiteId: string, sessionId: string, content: string, fp = ++fingerprint) {
  const now = Date.now();
  return {
    website_id: websiteId,
    event: 'message:send',
    data: {
      website_id: websiteId,
      session_id: sessionId,
      inbox_id: null,
      type: 'text',
      content,
      from: 'user',
      origin: 'chat',
      stamped: true,
      fingerprint: fp,
      timestamp: now,
      user: { nickname: 'visitor493603', user_id: sessionId },
    },
    timestamp: now,
  };
}

/** A `message:received` from an operator (§1.5); `automated` for bots and our own echoes. */
export function crispOperatorMessage(websiteId: string, sessionId: string, content: string, fp: number | string, automated: boolean) {
  const now = Date.now();
  return {
    website_id: websiteId,
    event: 'message:received',
    data: {
      website_id: websiteId,
      session_id: sessionId,
      type: 'text',
      content,
      from: 'operator',
      origin: 'chat',
      ...(automated && { automated: true }),
      fingerprint: typeof fp === 'string' ? Number(fp) : fp,
      timestamp: now,
      user: { user_id: 'a3c1-operator', nickname: 'Olivia' },
    },
    timestamp: now,
  };
}

export function crispSessionEvent(websiteId: string, sessionId: string, event: string, data: Record<string, string>) {
  return { website_id: websiteId, event, data: { website_id: websiteId, session_id: sessionId, inbox_id: null, ...data }, timestamp: Date.now() };
}

/** Headers of a signed Crisp plugin hook over the exact bytes of `raw`. */
export function crispHeaders(raw: string, secret = CRISP_SECRET): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = createHmac('sha256', secret).update(`[${timestamp};${raw}]`).digest('hex');
  return {
    'content-type': 'application/json',
    'x-crisp-request-timestamp': timestamp,
    'x-crisp-signature': signature,
    'x-crisp-hook-origin': 'plugin/rtm 38b411d9377a6a00 production',
    'x-delivery-attempt-count': '1',
  };
}

/** A Tidio webhook envelope (§3.2). */
export function tidioEnvelope(projectKey: string, topic: string, content: unknown, webhookId = crypto.randomUUID()) {
  return { created_at: Math.floor(Date.now() / 1000), project_public_key: projectKey, topic, version: 1, webhook_id: webhookId, content };
}

export function tidioTicketReply(ticketId: number, contactId: string, text: string, authorType = 'contact') {
  return {
    id: ticketId,
    contact_id: contactId,
    message: {
      message_id: `01HAVMVKF9${crypto.randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase()}`,
      author_type: authorType,
      author_id: contactId,
      message_content: text,
      created_at: new Date().toISOString(),
    },
  };
}

export function tidioHeaders(raw: string, secret: string): Record<string, string> {
  const t = String(Math.floor(Date.now() / 1000));
  const s = createHmac('sha256', secret).update(`${raw}_${t}`).digest('hex');
  return { 'content-type': 'application/json', 'user-agent': 'Tidio Webhook', 'x-tidio-signature': `t=${t},s=${s}` };
}
