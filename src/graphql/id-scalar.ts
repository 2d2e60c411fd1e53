import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { isUuid } from '../lib/uuid';

function parseId(value: unknown): string {
  if (typeof value !== 'string' || !isUuid(value)) throw new GraphQLError('an id is a UUID');
  return value.toLowerCase();
}

/**
 * GraphQL's `ID`, as Netia uses it: every id is a UUID, unique across all types, so `node(id)` can
 * find any entity from its id alone (Relay's Node) and clients keep the ids they already store.
 * It replaces graphql-js's built-in ID (same name, so schema.graphql and client tools see the standard
 * scalar) only to refuse a value that is not a UUID where the value is read, as BAD_USER_INPUT or a
 * validation error, instead of letting it reach PostgreSQL.
 */
export const IdScalar = new GraphQLScalarType<string, string>({
  name: 'ID',
  description: 'A UUID; unique across all types (`node(id)` finds any entity by it)',
  serialize: (value) => String(value),
  parseValue: parseId,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('an id is a UUID string');
    return parseId(ast.value);
  },
});
