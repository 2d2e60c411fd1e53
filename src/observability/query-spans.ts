import type { LogEvent } from 'kysely';
import { isTracing, recordFinishedSpan } from './tracing';

const MAX_STATEMENT = 2000;

/** `select`, `insert`, `begin`…: the statement's first word, after a leading comment such as the binding mark. */
function operationOf(sqlText: string): string {
  const match = /^\s*(?:\/\*.*?\*\/\s*)*([a-z]+)/i.exec(sqlText);
  return match?.[1]?.toLowerCase() ?? 'query';
}

/**
 * A Kysely `log` hook that records each statement as a finished span under the traced operation
 * that ran it (statements outside one, e.g. the job queue polling, make none), then calls `next`.
 * The statement text is Kysely's parameterised SQL: values travel as bind parameters, never in it.
 */
export function withQuerySpans(next?: (event: LogEvent) => void): (event: LogEvent) => void {
  return (event) => {
    if (isTracing()) {
      const operation = operationOf(event.query.sql);
      recordFinishedSpan(
        `db ${operation}`,
        event.queryDurationMillis,
        { 'db.system.name': 'postgresql', 'db.operation.name': operation, 'db.query.text': event.query.sql.slice(0, MAX_STATEMENT) },
        event.level === 'error' ? event.error : undefined,
      );
    }
    next?.(event);
  };
}
