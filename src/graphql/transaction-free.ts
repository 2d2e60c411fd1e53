import { Kind, parse, type OperationDefinitionNode } from 'graphql';

/**
 * Root Query fields that do slow outbound work (an LLM call) and therefore must not run inside the
 * request's tenant transaction: holding it open for seconds would pin a pooled connection, and on
 * embedded PGlite (one session) stall every other request and webhook. Such fields open their own
 * short withTenantTransaction for their reads and do the slow part outside it.
 */
export const TRANSACTION_FREE_FIELDS: ReadonlySet<string> = new Set(['askAssistant']);

/** The operation a request runs (by `operationName`, or the only one); null when none or unparsable. */
export function selectedOperation(query: string, operationName: string | null): OperationDefinitionNode | null {
  let definitions;
  try {
    definitions = parse(query).definitions;
  } catch {
    return null;
  }
  const operations = definitions.filter(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  if (operationName) return operations.find((operation) => operation.name?.value === operationName) ?? null;
  return operations.length === 1 ? operations[0]! : null;
}

/** The `query` and `operationName` of a single GET or POST request (not a batch), or null. */
export function requestParams(request: { method: string; body: unknown; search: string }): { query: string; operationName: string | null } | null {
  const params = request.method === 'GET' ? Object.fromEntries(new URLSearchParams(request.search)) : request.body;
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return null;
  const { query, operationName } = params as { query?: unknown; operationName?: unknown };
  if (typeof query !== 'string') return null;
  return { query, operationName: typeof operationName === 'string' ? operationName : null };
}

/**
 * True when the request is a query whose root fields are all transaction-free (plus __typename).
 * Anything unusual (fragments at the root, several operations without a name, unparsable text,
 * persisted queries, batches) answers false and takes the normal transactional path, where Apollo
 * reports the problem. It fails closed: a context built for a transaction-free operation has no
 * tenant transaction, so any other resolver reached through it throws FORBIDDEN.
 */
export function isTransactionFreeOperation(request: { method: string; body: unknown; search: string }): boolean {
  const params = requestParams(request);
  if (!params) return false;
  const { query, operationName } = params;
  // A selected field's name appears verbatim in the text (GraphQL names have no escapes), so a query
  // that names none of them is answered without parsing it a second time (Apollo parses it anyway).
  if (![...TRANSACTION_FREE_FIELDS].some((field) => query.includes(field))) return false;
  const operation = selectedOperation(query, operationName);
  if (!operation || operation.operation !== 'query') return false;
  let freeFields = 0;
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) return false;
    if (selection.name.value === '__typename') continue;
    if (!TRANSACTION_FREE_FIELDS.has(selection.name.value)) return false;
    freeFields += 1;
  }
  return freeFields > 0;
}
