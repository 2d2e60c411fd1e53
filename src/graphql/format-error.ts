import type { GraphQLFormattedError } from 'graphql';
import { PUBLIC_ERROR_CODES } from '../lib/errors';

export function isPublicError(formatted: GraphQLFormattedError): boolean {
  const code = formatted.extensions?.code;
  return typeof code === 'string' && PUBLIC_ERROR_CODES.has(code);
}

/**
 * Keeps the errors a client can act on (validation, auth, not found) and masks everything else:
 * no SQL, no stack, no driver message. The original is logged with the request id by the
 * error-logging plugin, and the request id travels in the x-request-id response header.
 */
export function formatError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (isPublicError(formatted)) {
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  return {
    message: 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}
