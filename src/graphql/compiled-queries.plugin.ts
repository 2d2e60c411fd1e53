import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { Metrics } from '../observability/metrics';
import type { RequestContext } from './context';
import { RenderedParts } from './rendered-json';

/** A document is compiled on its second use: one-off queries are not worth the compilation. */
const COMPILE_ON_USE = 2;

/**
 * Tenant queries run as graphql-jit compiled functions instead of graphql-js's per-field path (issue #14:
 * about a third less CPU for the inbox). It answers through Apollo's `responseForOperation` hook, after
 * parsing, validation and every `didResolveOperation` (depth, cost, operation name, tracing) ran as usual;
 * the resolvers, their auth checker and input policy are the schema's own.
 * - Only queries with a tenant transaction: mutations keep graphql-js, whose field hooks the audit
 *   plugin needs; admin, anonymous and transaction-free operations are rare.
 * - A result with any error is dropped and graphql-js executes the operation again, so errors are
 *   formatted, logged and roll the transaction back exactly as before (queries change nothing).
 * - Parts of the answer that PostgreSQL wrote as JSON text (rendered-json.ts) are placed in the result
 *   here and spliced into the body by http.ts; graphql-js runs never have any.
 * Documents are keyed by identity: Apollo's document store hands out the same parsed document for the
 * same query text, and a WeakMap lets evicted documents go.
 */
export function compiledQueriesPlugin(schema: GraphQLSchema, metrics: Metrics): ApolloServerPlugin<RequestContext> {
  const byDocument = new WeakMap<DocumentNode, { uses: number; compiled: Map<string, CompiledQuery | null> }>();

  const compiledFor = (document: DocumentNode, operationName: string | undefined): CompiledQuery | null => {
    let entry = byDocument.get(document);
    if (!entry) byDocument.set(document, (entry = { uses: 0, compiled: new Map() }));
    entry.uses += 1;
    if (entry.uses < COMPILE_ON_USE) return null;
    const key = operationName ?? '';
    if (!entry.compiled.has(key)) {
      const compiled = compileQuery(schema, document, operationName);
      entry.compiled.set(key, isCompiledQuery(compiled) ? compiled : null);
    }
    return entry.compiled.get(key) ?? null;
  };

  return {
    async requestDidStart() {
      return {
        async responseForOperation({ operation, operationName, document, contextValue, request }) {
          if (operation.operation !== 'query' || !contextValue.tenant) return null;
          const compiled = compiledFor(document, operationName ?? undefined);
          if (!compiled) return null;
          const { rendering } = contextValue.tenant;
          const parts = new RenderedParts();
          rendering.parts = parts;
          let placed = false;
          try {
            const result = await compiled.query(undefined, contextValue, request.variables ?? {});
            placed = !result.errors?.length && parts.place(result.data);
            if (!placed) {
              metrics.graphqlCompiled.inc({ outcome: 'fallback' });
              return null;
            }
            metrics.graphqlCompiled.inc({ outcome: 'answered' });
            if (parts.size > 0) metrics.graphqlRenderedParts.inc(parts.size);
            return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single', singleResult: { data: result.data } } };
          } finally {
            // graphql-js runs again without parts; an answer without any needs no splicing (http.ts).
            if (!placed || parts.size === 0) rendering.parts = null;
          }
        },
      };
    },
  };
}
