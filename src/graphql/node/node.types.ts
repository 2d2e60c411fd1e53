import { GraphQLInterfaceType, type GraphQLSchema } from 'graphql';
import { Field, InterfaceType } from 'type-graphql';
import { IdScalar } from '../id-scalar';

/** The types `node(id)` can return, by GraphQL type name. */
export type NodeTypeName =
  | 'Tenant'
  | 'ApiKey'
  | 'Conversation'
  | 'Message'
  | 'Lead'
  | 'KnowledgeBaseEntry'
  | 'TenantConfiguration'
  | 'AuditEvent';

// Rows are plain objects, not class instances, so node() records each one's type for resolveType.
const nodeTypes = new WeakMap<object, NodeTypeName>();

export function asNode<T extends object>(row: T, type: NodeTypeName): T {
  nodeTypes.set(row, type);
  return row;
}

const nodeTypeOf = (value: object): NodeTypeName | undefined => nodeTypes.get(value);

/**
 * type-graphql wraps resolveType in an async function; graphql-js awaits it, graphql-jit (compiled
 * queries) does not, so every `node(id)` failed there and ran again on graphql-js. The schema's Node
 * gets the plain function back.
 */
export function resolveNodeTypeSynchronously(schema: GraphQLSchema): void {
  const node = schema.getType('Node');
  if (node instanceof GraphQLInterfaceType) node.resolveType = nodeTypeOf;
}

/** Relay's Node: an entity that `node(id)` refetches from its id alone. */
@InterfaceType({
  description: 'An entity with a global id: `node(id)` refetches it (Relay)',
  resolveType: nodeTypeOf,
})
export abstract class Node {
  @Field(() => IdScalar, { description: 'A UUID, unique across all types' })
  id!: string;
}
