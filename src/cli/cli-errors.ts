import { DOMAIN_ERROR_CODES, type DomainErrorCode } from '../lib/errors';

/** A mistake in the command line: printed as one line pointing to the command's --help, exit status 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * The command ran and was refused (a bad value, a tenant that does not exist, a conflict); printed as
 * one line, its exit status told by `code` (EXIT_STATUS_OF). `field` names the input field at fault
 * (input.email), which the CLI shows as its flag (--email).
 */
export class CommandFailed extends Error {
  override name = 'CommandFailed';
  constructor(
    message: string,
    readonly field: string | null = null,
    /** The domain error code behind the refusal; null when it is not one (a server that does not answer). */
    readonly code: DomainErrorCode | null = null,
  ) {
    super(message);
  }
}

export const EXIT_OK = 0;
/** Anything else that failed: a server that did not answer, a crash. */
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** A script can tell a refusal's kind from the exit status alone (documented in the README). */
export const EXIT_STATUS_OF: Readonly<Record<DomainErrorCode, number>> = {
  BAD_USER_INPUT: 3,
  NOT_FOUND: 4,
  CONFLICT: 5,
  PLAN_LIMIT_REACHED: 6,
  UNAUTHENTICATED: 7,
  FORBIDDEN: 7,
  NOT_SUPPORTED: 8,
  RATE_LIMITED: 9,
};

/** A code read off the API (a GraphQL error's or a payload's), when it is a domain error code. */
export function domainCode(code: string | null | undefined): DomainErrorCode | null {
  return (DOMAIN_ERROR_CODES as readonly string[]).includes(code ?? '') ? (code as DomainErrorCode) : null;
}

export function exitStatusOf(error: unknown): number {
  if (error instanceof UsageError) return EXIT_USAGE;
  if (error instanceof CommandFailed && error.code) return EXIT_STATUS_OF[error.code];
  return EXIT_FAILED;
}
