import type { ApolloServerPlugin } from '@apollo/server';
import { annotateSpan } from './tracing';

/**
 * Names the request's span (graphql/http.ts) after the operation once Apollo has resolved it:
 * `graphql query TenantOverview`. The name comes from the parsed document (a GraphQL name, written
 * by the client's developer), never from variables.
 */
export const graphqlTracingPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation }) {
        const type = operation?.operation ?? 'unknown';
        const name = operation?.name?.value;
        annotateSpan({ 'graphql.operation.type': type, ...(name && { 'graphql.operation.name': name }) }, `graphql ${type}${name ? ` ${name}` : ''}`);
      },
      async didEncounterErrors({ errors }) {
        annotateSpan({ 'graphql.error.count': errors.length });
      },
    };
  },
};
