import { PlatformSendError } from '../chat-adapter';
import { requestJson } from '../http-json';
import { tidioReplyResponseSchema } from './tidio.payloads';

export interface TidioCredentials {
  clientId?: string;
  clientSecret?: string;
  operatorId?: string;
}

/** Posts a public operator reply on a ticket (`POST /tickets/{id}/reply`); returns Tidio's message id ('' when absent). */
export async function replyToTidioTicket(
  apiUrl: string,
  timeoutMs: number,
  credentials: TidioCredentials,
  ticketId: string,
  content: string,
): Promise<string> {
  const { clientId, clientSecret, operatorId } = credentials;
  if (!clientId || !clientSecret || !operatorId) {
    throw new PlatformSendError('the tenant has no Tidio OpenAPI client id, secret and operator id', false);
  }
  const body = await requestJson({
    method: 'POST',
    url: `${apiUrl}/tickets/${encodeURIComponent(ticketId)}/reply`,
    headers: {
      accept: 'application/json; version=1',
      'x-tidio-openapi-client-id': clientId,
      'x-tidio-openapi-client-secret': clientSecret,
    },
    body: { author_type: 'operator', operator_id: operatorId, content, message_type: 'public' },
    timeoutMs,
    platform: 'Tidio',
  });
  const parsed = tidioReplyResponseSchema.safeParse(body);
  // A 2xx means the reply is posted, with or without an id in the body: never send it again.
  return parsed.success && parsed.data.id !== undefined ? String(parsed.data.id) : '';
}
