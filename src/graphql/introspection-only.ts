import { Kind } from 'graphql';
import { requestParams, selectedOperation } from './transaction-free';

const SCHEMA_ROOTS: ReadonlySet<string> = new Set(['__schema', '__type']);

/**
 * True when the request is a query whose root fields only describe the schema (`__schema`, `__type`,
 * plus `__typename`). While introspection is on, such a query is answered without an API key: the
 * schema is public (schema.graphql ships with the code), and it is what the playground, codegen and
 * API tools load before anyone has pasted a key. Fails closed like isTransactionFreeOperation: root
 * fragments, unparsable text, batches and persisted queries answer false and need a key.
 */
export function isIntrospectionOnlyOperation(request: { method: string; body: unknown; search: string }): boolean {
  const params = requestParams(request);
  if (!params || !params.query.includes('__')) return false;
  const operation = selectedOperation(params.query, params.operationName);
  if (!operation || operation.operation !== 'query') return false;
  let schemaFields = 0;
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) return false;
    if (selection.name.value === '__typename') continue;
    if (!SCHEMA_ROOTS.has(selection.name.value)) return false;
    schemaFields += 1;
  }
  return schemaFields > 0;
}
