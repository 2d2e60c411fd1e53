/**
 * Domain errors: what services and repositories throw when a request cannot be done as asked. They
 * know nothing of their caller; each edge maps them: GraphQL error codes (graphql/domain-errors.ts),
 * HTTP statuses (http/error-handler.ts), the CLI's refusals and exit status (cli/local-backend.ts).
 */
export const DOMAIN_ERROR_CODES = [
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'PLAN_LIMIT_REACHED',
  'CONFLICT',
  'NOT_SUPPORTED',
  'RATE_LIMITED',
] as const;
export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

export class DomainError extends Error {
  override name = 'DomainError';
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** The argument or input field at fault, as a path (input.email). */
    readonly field: string | null = null,
    /** Extra facts a client can act on (the plan limit and its value, seconds to wait). */
    readonly details: Readonly<Record<string, string | number>> = {},
  ) {
    super(message);
  }

  /**
   * The code, field and details as one plain record. graphql-js copies an original error's
   * `extensions` into the GraphQLError it wraps a resolver's error in, so this is how a domain error
   * reaches a client with its code (and how graphql/format-error.ts tells it from a bug).
   */
  get extensions(): Readonly<Record<string, string | number>> {
    return { code: this.code, ...(this.field !== null && { field: this.field }), ...this.details };
  }
}

/** HTTP status of a domain error, for plain HTTP routes (http/error-handler.ts). */
export const HTTP_STATUS_OF: Readonly<Record<DomainErrorCode, number>> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  NOT_SUPPORTED: 422,
  PLAN_LIMIT_REACHED: 402,
  RATE_LIMITED: 429,
};

/** Error codes a client may see verbatim; every other error is masked (see graphql/format-error.ts). */
export const PUBLIC_ERROR_CODES = new Set<string>([
  ...DOMAIN_ERROR_CODES,
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/** Invalid input: the message starts with the field's path so a client can show it beside the field. */
export function badUserInput(field: string, message: string): DomainError {
  return new DomainError('BAD_USER_INPUT', `${field}: ${message}`, field);
}

/**
 * A missing row. Rows of other tenants are invisible through RLS, so they end here too. `field` names
 * the argument that pointed at it when that is not simply the mutation's `id`.
 */
export function notFound(what: string, field?: string): DomainError {
  return new DomainError('NOT_FOUND', `${what} not found`, field ?? null);
}

/** Well-formed input that clashes with stored data (a unique value already taken). */
export function conflict(field: string, message: string): DomainError {
  return new DomainError('CONFLICT', `${field}: ${message}`, field);
}

/** Well-formed input the target or this server cannot act on (e.g. a conversation on no chat platform). */
export function notSupported(message: string, field?: string): DomainError {
  return new DomainError('NOT_SUPPORTED', message, field ?? null);
}

export function forbidden(message: string): DomainError {
  return new DomainError('FORBIDDEN', message);
}

export function unauthenticated(message: string): DomainError {
  return new DomainError('UNAUTHENTICATED', message);
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
