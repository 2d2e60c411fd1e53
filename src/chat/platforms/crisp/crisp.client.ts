import { PlatformSendError } from '../chat-adapter';
import { requestJson } from '../http-json';
import { crispMessageLookupSchema, crispSendResponseSchema } from './crisp.payloads';

export interface CrispClientConfig {
  apiUrl: string;
  identifier: string | null;
  key: string | null;
  timeoutMs: number;
}

export interface CrispTextMessage {
  websiteId: string;
  sessionId: string;
  content: string;
  fingerprint: number;
  nickname: string | null;
}

/** The plugin token's headers (`X-Crisp-Tier: plugin`). */
function authHeaders(config: CrispClientConfig): Record<string, string> {
  if (!config.identifier || !config.key) {
    throw new PlatformSendError('CRISP_IDENTIFIER / CRISP_KEY are not configured', false);
  }
  return {
    authorization: `Basic ${Buffer.from(`${config.identifier}:${config.key}`).toString('base64')}`,
    'x-crisp-tier': 'plugin',
  };
}

function conversationUrl(config: CrispClientConfig, websiteId: string, sessionId: string): string {
  return `${config.apiUrl}/website/${encodeURIComponent(websiteId)}/conversation/${encodeURIComponent(sessionId)}`;
}

/**
 * Sends a text message into a conversation as the operator, marked automated, with the plugin
 * token. Returns the fingerprint Crisp assigned.
 */
export async function sendCrispTextMessage(config: CrispClientConfig, message: CrispTextMessage): Promise<string> {
  const body = await requestJson({
    method: 'POST',
    url: `${conversationUrl(config, message.websiteId, message.sessionId)}/message`,
    headers: authHeaders(config),
    body: {
      type: 'text',
      from: 'operator',
      origin: 'chat',
      content: message.content,
      automated: true,
      fingerprint: message.fingerprint,
      ...(message.nickname ? { user: { nickname: message.nickname } } : {}),
    },
    timeoutMs: config.timeoutMs,
    platform: 'Crisp',
  });
  const parsed = crispSendResponseSchema.safeParse(body);
  const fingerprint = parsed.success ? parsed.data.data?.fingerprint : undefined;
  return String(fingerprint ?? message.fingerprint);
}

/**
 * Whether the conversation holds an operator message with this fingerprint ("Get A Message In
 * Conversation", `GET …/conversation/{session_id}/message/{fingerprint}`): true, or false on 404.
 * Other failures throw PlatformSendError.
 */
export async function hasCrispMessage(config: CrispClientConfig, websiteId: string, sessionId: string, fingerprint: number): Promise<boolean> {
  let body: unknown;
  try {
    body = await requestJson({
      method: 'GET',
      url: `${conversationUrl(config, websiteId, sessionId)}/message/${fingerprint}`,
      headers: authHeaders(config),
      timeoutMs: config.timeoutMs,
      platform: 'Crisp',
    });
  } catch (error) {
    if (error instanceof PlatformSendError && error.status === 404) return false;
    throw error;
  }
  const parsed = crispMessageLookupSchema.safeParse(body);
  return parsed.success && String(parsed.data.data.fingerprint) === String(fingerprint) && parsed.data.data.from === 'operator';
}
