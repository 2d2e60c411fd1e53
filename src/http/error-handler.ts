import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

// Connection-level failures: the database is away (restart, failover, network), not the request wrong.
const UNAVAILABLE_SQLSTATE = /^(08|57P0[1-3])/;
const UNAVAILABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND']);
const UNAVAILABLE_MESSAGES = [/Connection terminated/i, /timeout exceeded when trying to connect/i, /Client has encountered a connection error/i];

export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_NODE_CODES.has(code))) return true;
  return typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message));
}

/**
 * The one HTTP error policy, for every route:
 * - client errors Fastify raises (400 bad JSON, 413 body too large, …) keep their status and message;
 * - the database being unreachable is 503 with Retry-After: callers (and chat platforms) retry, and
 *   nothing was acknowledged, so nothing is lost;
 * - anything else is a bare 500 with the request id; the details go to the log only.
 */
export function handleHttpError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) return reply.code(status).send({ error: error.message });
  if (isDatabaseUnavailable(error)) {
    request.log.warn({ err: { name: error.name, code: error.code, message: error.message } }, 'database unavailable');
    return reply.code(503).header('retry-after', '5').send({ error: 'service temporarily unavailable, retry later', requestId: request.id });
  }
  request.log.error({ err: { name: error.name, message: error.message, stack: error.stack } }, 'request failed');
  return reply.code(500).send({ error: 'internal error', requestId: request.id });
}
