import { PlatformSendError } from '../chat-adapter';
import { postJson } from '../http-json';
import { crispSendResponseSchema } from './crisp.payloads';

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

/**
 * Sends a text message into a conversation as the operator, marked automated, with the plugin
 * token (`X-Crisp-Tier: plugin`). Returns the fingerprint Crisp assigned.
 */
export async function sendCrispTextMessage(config: CrispClientConfig, message: CrispTextMessage): Promise<string> {
  if (!config.identifier || !config.key) {
    throw new PlatformSendError('CRISP_IDENTIFIER / CRISP_KEY are not configured', false);
  }
  const url = `${config.apiUrl}/website/${encodeURIComponent(message.websiteId)}/conversation/${encodeURIComponent(message.sessionId)}/message`;
  const body = await postJson(
    url,
    {
      authorization: `Basic ${Buffer.from(`${config.identifier}:${config.key}`).toString('base64')}`,
      'x-crisp-tier': 'plugin',
    },
    {
      type: 'text',
      from: 'operator',
      origin: 'chat',
      content: message.content,
      automated: true,
      fingerprint: message.fingerprint,
      ...(message.nickname ? { user: { nickname: message.nickname } } : {}),
    },
    config.timeoutMs,
    'Crisp',
  );
  const parsed = crispSendResponseSchema.safeParse(body);
  const fingerprint = parsed.success ? parsed.data.data?.fingerprint : undefined;
  return String(fingerprint ?? message.fingerprint);
}
