import { requestParams, selectedOperation } from './transaction-free';

// Clients send the same few operation texts over and over: each is parsed here once (up to a
// bounded memory: 1,000 texts of at most 8 KiB; longer ones are parsed every time).
const MAX_REMEMBERED = 1_000;
const MAX_REMEMBERED_LENGTH = 8_192;
const remembered = new Map<string, boolean>();

/**
 * True when the request runs a query (not a mutation or subscription), found the way Apollo picks
 * the operation it executes (by `operationName`, or the only one). Its tenant transaction can then
 * be READ ONLY. Anything else (unparsable text, a batch, several operations without a name) answers
 * false and gets a read-write transaction, as every operation had before; if Apollo ever executed
 * a mutation in a read-only transaction, PostgreSQL would refuse its writes.
 */
export function isReadOnlyOperation(request: { method: string; body: unknown; search: string }): boolean {
  const params = requestParams(request);
  if (!params) return false;
  const key = `${params.operationName ?? ''}\n${params.query}`;
  let readOnly = remembered.get(key);
  if (readOnly !== undefined) return readOnly;
  readOnly = selectedOperation(params.query, params.operationName)?.operation === 'query';
  if (key.length <= MAX_REMEMBERED_LENGTH) {
    if (remembered.size >= MAX_REMEMBERED) remembered.clear();
    remembered.set(key, readOnly);
  }
  return readOnly;
}
