import {
  GraphQLError,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './pagination';

export const LIMITS = { maxDepth: 10, maxAliases: 30, maxCost: 20_000 } as const;

interface Measure {
  depth: number;
  aliases: number;
  cost: number;
}

/**
 * Walks an operation through its fragments. Cost: each field costs 1, and a field's children are
 * multiplied by its page size (`first`/`last`; a variable counts as the maximum, absent as the default),
 * so nested lists are priced as the rows they can return. Fragment cycles are already refused by
 * graphql's own rules; `seen` only guards the walk.
 */
function measure(selectionSet: SelectionSetNode, fragments: Record<string, FragmentDefinitionNode>, seen: Set<string>): Measure {
  const total: Measure = { depth: 0, aliases: 0, cost: 0 };
  for (const selection of selectionSet.selections) {
    let inner: Measure;
    if (selection.kind === Kind.FIELD) {
      inner = measureField(selection, fragments, seen);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      inner = measure(selection.selectionSet, fragments, seen);
    } else {
      const fragment = fragments[selection.name.value];
      if (!fragment || seen.has(fragment.name.value)) continue;
      inner = measure(fragment.selectionSet, fragments, new Set([...seen, fragment.name.value]));
    }
    total.depth = Math.max(total.depth, inner.depth);
    total.aliases += inner.aliases;
    total.cost += inner.cost;
  }
  return total;
}

/** Rows a field can return: its `first`/`last` (a variable counts as the maximum), a connection's default, or 1. */
function rowsOf(field: FieldNode): number {
  for (const arg of field.arguments ?? []) {
    if (arg.name.value !== 'first' && arg.name.value !== 'last') continue;
    if (arg.value.kind === Kind.INT) return Math.min(Math.max(Number(arg.value.value), 1), MAX_PAGE_SIZE);
    return MAX_PAGE_SIZE;
  }
  const isConnection = field.selectionSet?.selections.some((s) => s.kind === Kind.FIELD && s.name.value === 'edges');
  return isConnection ? DEFAULT_PAGE_SIZE : 1;
}

function measureField(field: FieldNode, fragments: Record<string, FragmentDefinitionNode>, seen: Set<string>): Measure {
  const alias = field.alias ? 1 : 0;
  if (!field.selectionSet) return { depth: 1, aliases: alias, cost: 1 };
  const children = measure(field.selectionSet, fragments, seen);
  return { depth: children.depth + 1, aliases: children.aliases + alias, cost: 1 + rowsOf(field) * children.cost };
}

/** Refuses operations that are too deep, too aliased or too costly before anything executes. */
export const limitsRule: ValidationRule = (context: ValidationContext) => {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of context.getDocument().definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  return {
    OperationDefinition(operation) {
      const { depth, aliases, cost } = measure(operation.selectionSet, fragments, new Set());
      const fail = (message: string) =>
        context.reportError(new GraphQLError(message, { nodes: [operation], extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }));
      if (depth > LIMITS.maxDepth) fail(`Query depth ${depth} exceeds the limit of ${LIMITS.maxDepth}`);
      if (aliases > LIMITS.maxAliases) fail(`Query uses ${aliases} aliases; the limit is ${LIMITS.maxAliases}`);
      if (cost > LIMITS.maxCost) fail(`Query cost ${cost} exceeds the limit of ${LIMITS.maxCost}`);
    },
  };
};
