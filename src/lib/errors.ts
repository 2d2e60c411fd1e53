import { GraphQLError } from 'graphql';

/** Error codes a client may see verbatim; every other error is masked (see graphql/format-error.ts). */
export const PUBLIC_ERROR_CODES = new Set([
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'PLAN_LIMIT_REACHED',
  'CONFLICT',
  'NOT_SUPPORTED',
  'RATE_LIMITED',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/** Invalid input: the message starts with the field's path so a client can show it beside the field. */
export function badUserInput(field: string, message: string): GraphQLError {
  return new GraphQLError(`${field}: ${message}`, { extensions: { code: 'BAD_USER_INPUT', field } });
}

/**
 * A missing row. Rows of other tenants are invisible through RLS, so they end here too. `field` names
 * the argument that pointed at it when that is not simply the mutation's `id`.
 */
export function notFound(what: string, field?: string): GraphQLError {
  return new GraphQLError(`${what} not found`, { extensions: { code: 'NOT_FOUND', ...(field && { field }) } });
}

/** Well-formed input that clashes with stored data (a unique value already taken). */
export function conflict(field: string, message: string): GraphQLError {
  return new GraphQLError(`${field}: ${message}`, { extensions: { code: 'CONFLICT', field } });
}

/** Well-formed input the target or this server cannot act on (e.g. a conversation on no chat platform). */
export function notSupported(message: string, field?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'NOT_SUPPORTED', ...(field && { field }) } });
}

export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}

export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED' } });
}

/** PostgreSQL's SQLSTATE and constraint of a driver error (pg and PGlite both expose them). */
export function pgErrorInfo(error: unknown): { code?: string; constraint?: string } {
  if (typeof error !== 'object' || error === null) return {};
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  return {
    code: typeof code === 'string' ? code : undefined,
    constraint: typeof constraint === 'string' ? constraint : undefined,
  };
}
