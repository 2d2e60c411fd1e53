import { isDatabaseUnavailable } from '../db/database-errors';
import { DomainError, HTTP_STATUS_OF } from '../lib/errors';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/**
 * The one HTTP error policy, for every route:
 * - client errors Fastify raises (400 bad JSON, 413 body too large, …) keep their status and message;
 * - a domain error a service threw (lib/errors.ts) gets its status (HTTP_STATUS_OF), message and field;
 * - the database being unreachable is 503 with Retry-After: callers (and chat platforms) retry, and
 *   nothing was acknowledged, so nothing is lost;
 * - anything else is a bare 500 with the request id; the details go to the log only.
 */
export function handleHttpError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if ((error as unknown) instanceof DomainError) {
    const domain = error as unknown as DomainError;
    return reply.code(HTTP_STATUS_OF[domain.code]).send({ error: domain.message, code: domain.code, ...(domain.field && { field: domain.field }) });
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) return reply.code(status).send({ error: error.message });
  if (isDatabaseUnavailable(error)) {
    request.log.warn({ err: { name: error.name, code: error.code, message: error.message } }, 'database unavailable');
    return reply.code(503).header('retry-after', '5').send({ error: 'service temporarily unavailable, retry later', requestId: request.id });
  }
  request.log.error({ err: { name: error.name, message: error.message, stack: error.stack } }, 'request failed');
  return reply.code(500).send({ error: 'internal error', requestId: request.id });
}
