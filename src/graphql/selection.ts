import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * Whether the field being resolved selects the field at `path` below it, e.g. `'totalCount'` or
 * `'edges', 'node', 'leads'` (each step directly, or through inline fragments and fragment spreads),
 * so a resolver can fetch what the selection needs in one statement. `@skip`/`@include` are not
 * evaluated: a conditionally selected field counts as selected, which at worst fetches something unused.
 */
export function selectsField(info: GraphQLResolveInfo, ...path: [string, ...string[]]): boolean {
  // A field of every item of a list is resolved with the same field nodes (one document, so one set of
  // fragments): the inbox asks this 40 times per request about the same two nodes.
  let answers = answersByFieldNodes.get(info.fieldNodes);
  if (!answers) answersByFieldNodes.set(info.fieldNodes, (answers = new Map()));
  const key = path.join('.');
  let answer = answers.get(key);
  if (answer === undefined) answers.set(key, (answer = selectedFields(info, info.fieldNodes, path).length > 0));
  return answer;
}

const answersByFieldNodes = new WeakMap<readonly FieldNode[], Map<string, boolean>>();

/** The field nodes at `path` below the nodes `from` (e.g. info.fieldNodes), as selectsField finds them. */
export function selectedFields(info: GraphQLResolveInfo, from: readonly FieldNode[], path: readonly string[]): FieldNode[] {
  let fields = [...from];
  for (const name of path) {
    fields = fields.flatMap((field) => childFieldsNamed(info, field.selectionSet, name));
  }
  return fields;
}

/** The fields called `name` that a selection set selects, looking through fragments. */
function childFieldsNamed(info: GraphQLResolveInfo, selectionSet: SelectionSetNode | undefined, name: string): FieldNode[] {
  const found: FieldNode[] = [];
  const seen = new Set<string>();
  const visit = (set: SelectionSetNode | undefined): void => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value === name) found.push(selection);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet);
      } else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        visit(info.fragments[selection.name.value]?.selectionSet);
      }
    }
  };
  visit(selectionSet);
  return found;
}
