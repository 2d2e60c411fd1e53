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

/** Relay's Node: an entity that `node(id)` refetches from its id alone. */
@InterfaceType({
  description: 'An entity with a global id: `node(id)` refetches it (Relay)',
  resolveType: (value: object) => nodeTypes.get(value),
})
export abstract class Node {
  @Field(() => IdScalar, { description: 'A UUID, unique across all types' })
  id!: string;
}
