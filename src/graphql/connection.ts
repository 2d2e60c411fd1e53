import { Field, Int, ObjectType } from 'type-graphql';
import { PageInfo, type Edge } from './pagination';

type ClassType<T> = new (...args: any[]) => T;

/** A Relay connection as a resolver returns it: a page of edges plus a lazily run total count. */
export interface ConnectionShape<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  count: () => Promise<number>;
}

/** The `<Name>Edge` type of a node type and the fields every `<Name>Connection` has (edges, pageInfo). */
function edgesAndPageInfo<T extends object>(node: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`, { simpleResolvers: true })
  class EdgeType {
    @Field()
    cursor!: string;

    @Field(() => node)
    node!: T;
  }

  // A parent type for the two Connection classes below; no field returns it, so the schema has none.
  @ObjectType(`${name}ConnectionFields`)
  abstract class ConnectionFields {
    @Field(() => [EdgeType])
    edges!: Edge<T>[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;
  }

  return { EdgeType, ConnectionFields };
}

/**
 * The `<Name>Edge` and `<Name>Connection` object types of a node type, the one definition every list
 * of the API uses. `totalCount` runs its count query only when selected.
 */
export function connectionTypes<T extends object>(node: ClassType<T>, name: string, totalCountDescription?: string) {
  const { EdgeType, ConnectionFields } = edgesAndPageInfo(node, name);

  @ObjectType(`${name}Connection`, { simpleResolvers: true })
  class ConnectionType extends ConnectionFields implements ConnectionShape<T> {
    count!: () => Promise<number>;

    @Field(() => Int, { description: totalCountDescription })
    totalCount(): Promise<number> {
      return this.count();
    }
  }

  return { Edge: EdgeType, Connection: ConnectionType };
}

/**
 * The same types without `totalCount`, for a list whose whole is not counted (unansweredQuestions:
 * question groups ranked by frequency when asked).
 */
export function uncountedConnectionTypes<T extends object>(node: ClassType<T>, name: string) {
  const { EdgeType, ConnectionFields } = edgesAndPageInfo(node, name);

  @ObjectType(`${name}Connection`, { simpleResolvers: true })
  class ConnectionType extends ConnectionFields {}

  return { Edge: EdgeType, Connection: ConnectionType };
}

/**
 * A page's `totalCount`: the count its rows carry when the page's statement selected it (shared/paging.ts
 * countOf), else `count`'s statement of its own (a page without rows carries none).
 */
export function carriedCount(rows: readonly { totalCount?: string }[], count: () => Promise<number>): () => Promise<number> {
  const carried = rows[0]?.totalCount;
  return carried === undefined ? count : async () => Number(carried);
}

/**
 * A connection object of `type` from a page (graphql/pagination.ts toPage) and its count query. The
 * page's nodes are repository rows: the node type's fields are read from them by name.
 */
export function toConnection<C extends ConnectionShape<unknown>>(
  type: ClassType<C>,
  page: { edges: Edge<object>[]; pageInfo: PageInfo },
  count: () => Promise<number>,
): C {
  return Object.assign(new type(), page, { count });
}
