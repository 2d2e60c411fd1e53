/** A mistake in the command line: printed as one line pointing to the command's --help, exit status 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * The command ran and was refused (a bad value, a tenant that does not exist, a conflict); printed as
 * one line, exit status 1. `field` names the input field at fault (input.email), which the CLI shows
 * as its flag (--email).
 */
export class CommandFailed extends Error {
  override name = 'CommandFailed';
  constructor(
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
  }
}
