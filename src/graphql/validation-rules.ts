import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './pagination';

/**
 * `maxIntrospectionDepth` bounds the `__schema`/`__type` subtrees on their own: GraphiQL's standard
 * introspection query nests 15 levels (its TypeRef fragment unwraps `ofType` 8 times), which reads the
 * in-memory schema, not rows. graphql-js's MaxIntrospectionDepthRule (in its specified rules, so always
 * on) separately refuses the expensive shape, `fields { type { fields { type { fields … } } } }`.
 */
export const LIMITS = { maxDepth: 10, maxAliases: 30, maxCost: 20_000, maxIntrospectionDepth: 20 } as const;

/** The meta fields whose subtrees describe the schema; they are legal only at the root of a query. */
const INTROSPECTION_ROOTS: ReadonlySet<string> = new Set(['__schema', '__type']);

interface Measure {
  /** Levels of data fields (introspection subtrees excluded). */
  depth: number;
  /** Levels inside `__schema`/`__type` subtrees. */
  introspectionDepth: number;
  aliases: number;
  cost: number;
}

type Variables = Record<string, unknown>;
type Fragments = Record<string, FragmentDefinitionNode>;

interface Walk {
  fragments: Fragments;
  variables: Variables;
  /** Fragment cycles are refused by graphql's own rules; `seen` only guards the walk. */
  seen: Set<string>;
  /** Inside a `__schema`/`__type` subtree. */
  introspection: boolean;
}

/**
 * Walks a selection through its fragments. Cost: each field costs 1, and a field's children are
 * multiplied by the rows it can return, so nested lists are priced as the rows they fetch.
 * Introspection is counted for what it is: its fields cost 1 each with no page multiplier (it reads
 * the schema in memory), and its depth is measured apart from the data fields' depth, so a query
 * that pairs `__schema` with deep data fields is still limited by those.
 */
function measure(selectionSet: SelectionSetNode, walk: Walk): Measure {
  const total: Measure = { depth: 0, introspectionDepth: 0, aliases: 0, cost: 0 };
  for (const selection of selectionSet.selections) {
    let inner: Measure;
    if (selection.kind === Kind.FIELD) {
      inner = measureField(selection, walk);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      inner = measure(selection.selectionSet, walk);
    } else {
      const fragment = walk.fragments[selection.name.value];
      if (!fragment || walk.seen.has(fragment.name.value)) continue;
      inner = measure(fragment.selectionSet, { ...walk, seen: new Set([...walk.seen, fragment.name.value]) });
    }
    total.depth = Math.max(total.depth, inner.depth);
    total.introspectionDepth = Math.max(total.introspectionDepth, inner.introspectionDepth);
    total.aliases += inner.aliases;
    total.cost += inner.cost;
  }
  return total;
}

/** Rows a field can return: its `first`/`last` (literal or variable), a connection's default, or 1. */
function rowsOf(field: FieldNode, variables: Variables): number {
  for (const arg of field.arguments ?? []) {
    if (arg.name.value !== 'first' && arg.name.value !== 'last') continue;
    const value = arg.value.kind === Kind.VARIABLE ? variables[arg.value.name.value] : arg.value.kind === Kind.INT ? Number(arg.value.value) : null;
    // Out-of-range sizes are refused later with BAD_USER_INPUT; here they are priced at the cap.
    if (typeof value === 'number' && Number.isFinite(value)) return Math.min(Math.max(value, 1), MAX_PAGE_SIZE);
  }
  const isConnection = field.selectionSet?.selections.some((s) => s.kind === Kind.FIELD && s.name.value === 'edges');
  return isConnection ? DEFAULT_PAGE_SIZE : 1;
}

function measureField(field: FieldNode, walk: Walk): Measure {
  const alias = field.alias ? 1 : 0;
  const introspection = walk.introspection || INTROSPECTION_ROOTS.has(field.name.value);
  if (!field.selectionSet) {
    return introspection ? { depth: 0, introspectionDepth: 1, aliases: alias, cost: 1 } : { depth: 1, introspectionDepth: 0, aliases: alias, cost: 1 };
  }
  const children = measure(field.selectionSet, { ...walk, introspection });
  if (introspection) {
    return { depth: 0, introspectionDepth: children.introspectionDepth + 1, aliases: children.aliases + alias, cost: 1 + children.cost };
  }
  return {
    depth: children.depth + 1,
    introspectionDepth: 0,
    aliases: children.aliases + alias,
    cost: 1 + rowsOf(field, walk.variables) * children.cost,
  };
}

function fragmentsOf(document: DocumentNode): Fragments {
  const fragments: Fragments = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  return fragments;
}

export function measureOperation(document: DocumentNode, operation: OperationDefinitionNode, variables: Variables = {}): Measure {
  return measure(operation.selectionSet, { fragments: fragmentsOf(document), variables, seen: new Set(), introspection: false });
}

/** Refuses operations that are too deep or too aliased, before anything executes. */
export const limitsRule: ValidationRule = (context: ValidationContext) => ({
  OperationDefinition(operation) {
    const { depth, introspectionDepth, aliases } = measureOperation(context.getDocument(), operation);
    const fail = (message: string) => context.reportError(new GraphQLError(message, { nodes: [operation] }));
    if (depth > LIMITS.maxDepth) fail(`Query depth ${depth} exceeds the limit of ${LIMITS.maxDepth}`);
    if (introspectionDepth > LIMITS.maxIntrospectionDepth) {
      fail(`Introspection depth ${introspectionDepth} exceeds the limit of ${LIMITS.maxIntrospectionDepth}`);
    }
    if (aliases > LIMITS.maxAliases) fail(`Query uses ${aliases} aliases; the limit is ${LIMITS.maxAliases}`);
  },
});

/** There is no Subscription type yet; without this rule graphql-js would fail such a document at execution. */
export const noSubscriptionsRule: ValidationRule = (context: ValidationContext) => ({
  OperationDefinition(operation) {
    if (operation.operation === 'subscription') {
      context.reportError(new GraphQLError('Subscriptions are not supported by this API', { nodes: [operation] }));
    }
  },
});

/**
 * A document whose operation cannot be picked (an unknown operationName, or several operations and
 * none named) is the client's error, answered 400 before anything executes, rather than an execution
 * that no plugin can attribute to an operation.
 */
export const operationRequiredPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, request }) {
        if (operation) return;
        const message = request.operationName
          ? 'The document has no operation of the given operationName'
          : 'The document has several operations: name the one to run with operationName';
        throw new GraphQLError(message, { extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } } });
      },
    };
  },
};

/**
 * Refuses operations whose cost exceeds the limit. The cost depends on page sizes, which are often
 * variables, so it is checked once the operation and its variables are known (validation rules
 * never see variables).
 */
export const costLimitPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ document, operation, request }) {
        if (!operation) return;
        const { cost } = measureOperation(document, operation, request.variables ?? {});
        if (cost > LIMITS.maxCost) {
          throw new GraphQLError(`Query cost ${cost} exceeds the limit of ${LIMITS.maxCost}; ask for smaller pages`, {
            extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } },
          });
        }
      },
    };
  },
};
