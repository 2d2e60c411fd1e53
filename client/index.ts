/**
 * `netia/client`: the admin SPA's GraphQL operations (operations/*.graphql) as typed documents,
 * generated from schema.graphql by `npm run codegen`. Plain data and types, no server code: pass a
 * document to any GraphQL client that takes a TypedDocumentNode (Apollo Client, urql, graphql-request)
 * and get typed variables and results. The .graphql files are exported too, for an SPA's own codegen.
 */
export * from './generated';
