import fc from 'fast-check';
import {
  hostileCursor,
  hostileDateTime,
  hostileFloat,
  hostileInt,
  hostileJsonObject,
  hostileString,
} from './hostile.arbitraries';

/**
 * Builds GraphQL requests for every root field the server's introspection reports: arguments of
 * every scalar, enum, list and input object type filled with hostile values (as variables, or as
 * literals in the document), and a selection of the result's fields (nested field arguments too).
 */

export interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}

interface InputValue {
  name: string;
  type: TypeRef;
}

interface FieldInfo {
  name: string;
  args: InputValue[];
  type: TypeRef;
}

interface TypeInfo {
  kind: string;
  name: string;
  fields: FieldInfo[] | null;
  inputFields: InputValue[] | null;
  enumValues: { name: string }[] | null;
}

export interface SchemaInfo {
  queryType: string;
  mutationType: string | null;
  types: Map<string, TypeInfo>;
}

const TYPE_REF = 'kind name ofType { kind name ofType { kind name ofType { kind name } } }';

/** An introspection query shallow enough for the server's depth limit. */
export const INTROSPECTION_QUERY = `{
  __schema {
    queryType { name }
    mutationType { name }
    types {
      kind name
      fields { name args { name type { ${TYPE_REF} } } type { ${TYPE_REF} } }
      inputFields { name type { ${TYPE_REF} } }
      enumValues { name }
    }
  }
}`;

export function schemaInfoFrom(data: {
  __schema: { queryType: { name: string }; mutationType: { name: string } | null; types: TypeInfo[] };
}): SchemaInfo {
  const schema = data.__schema;
  return {
    queryType: schema.queryType.name,
    mutationType: schema.mutationType?.name ?? null,
    types: new Map(schema.types.map((type) => [type.name, type])),
  };
}

export interface RootField {
  operation: 'query' | 'mutation';
  field: FieldInfo;
}

export function rootFields(schema: SchemaInfo): RootField[] {
  const list = (typeName: string | null, operation: RootField['operation']) =>
    (typeName ? (schema.types.get(typeName)?.fields ?? []) : []).map((field) => ({ operation, field }));
  return [...list(schema.queryType, 'query'), ...list(schema.mutationType, 'mutation')];
}

function named(ref: TypeRef): TypeRef {
  return ref.ofType ? named(ref.ofType) : ref;
}

function printType(ref: TypeRef): string {
  if (ref.kind === 'NON_NULL') return `${printType(ref.ofType!)}!`;
  if (ref.kind === 'LIST') return `[${printType(ref.ofType!)}]`;
  return ref.name!;
}

/** Values the generators may use as ids: rows that exist, so mutations reach their SQL. */
export interface FuzzPools {
  ids: readonly string[];
  cursors: readonly string[];
}

const ABSENT = Symbol('absent');

function valueFor(schema: SchemaInfo, ref: TypeRef | null | undefined, pools: FuzzPools, argName: string, depth: number): fc.Arbitrary<unknown> {
  // Deeper than TYPE_REF reaches (e.g. [[String!]!]): any hostile string will do.
  if (!ref) return hostileString;
  if (ref.kind === 'NON_NULL') return valueFor(schema, ref.ofType!, pools, argName, depth);
  if (ref.kind === 'LIST') return fc.array(valueFor(schema, { kind: 'NON_NULL', name: null, ofType: ref.ofType }, pools, argName, depth), { maxLength: 3 });
  const type = schema.types.get(ref.name!);
  if (!type) return hostileString;
  if (type.kind === 'ENUM') {
    const values = (type.enumValues ?? []).map((value) => value.name);
    return fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...values) }, { weight: 1, arbitrary: hostileString });
  }
  if (type.kind === 'INPUT_OBJECT') {
    if (depth > 3) return fc.constant({});
    const entries = (type.inputFields ?? []).map((field) => {
      const inner = valueFor(schema, field.type, pools, field.name, depth + 1);
      const arbitrary = field.type.kind === 'NON_NULL' ? inner : fc.oneof(fc.constant(ABSENT), fc.constant(null), inner);
      return [field.name, arbitrary] as const;
    });
    return fc.record(Object.fromEntries(entries)).map((record) => Object.fromEntries(Object.entries(record).filter(([, value]) => value !== ABSENT)));
  }
  if (argName === 'after' || argName === 'before') {
    return pools.cursors.length > 0 ? fc.oneof(hostileCursor, fc.constantFrom(...pools.cursors)) : hostileCursor;
  }
  if (argName === 'first' || argName === 'last') return fc.oneof(fc.integer({ min: 1, max: 5 }), hostileInt);
  switch (type.name) {
    case 'Int':
      return hostileInt;
    case 'Float':
      return hostileFloat;
    case 'Boolean':
      return fc.boolean();
    case 'UUID':
      return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...pools.ids) }, { weight: 1, arbitrary: fc.uuid() }, { weight: 1, arbitrary: hostileString });
    case 'DateTime':
      return hostileDateTime;
    case 'JSONObject':
    case 'JSON':
      return hostileJsonObject;
    case 'EmailAddress':
      return fc.oneof(fc.constant(`fuzz-${Math.random().toString(36).slice(2)}@example.com`), hostileString);
    default:
      return hostileString;
  }
}

/** A GraphQL literal for a value; JSON scalars and strings the lexer cannot take stay variables. */
function literal(schema: SchemaInfo, ref: TypeRef, value: unknown): string | null {
  if (value === null) return 'null';
  if (ref.kind === 'NON_NULL') return literal(schema, ref.ofType!, value);
  if (ref.kind === 'LIST') {
    const items = (value as unknown[]).map((item) => literal(schema, ref.ofType!, item));
    return items.includes(null) ? null : `[${items.join(', ')}]`;
  }
  const type = schema.types.get(ref.name!);
  if (type?.kind === 'ENUM') return typeof value === 'string' && /^[_A-Za-z][_0-9A-Za-z]*$/.test(value) ? value : JSON.stringify(value);
  if (type?.kind === 'INPUT_OBJECT') {
    const fields = Object.entries(value as Record<string, unknown>).map(([name, fieldValue]) => {
      const field = type.inputFields?.find((candidate) => candidate.name === name);
      const printed = field ? literal(schema, field.type, fieldValue) : null;
      return printed === null ? null : `${name}: ${printed}`;
    });
    return fields.includes(null) ? null : `{${fields.join(', ')}}`;
  }
  if (type?.name === 'JSONObject' || type?.name === 'JSON') return null;
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : JSON.stringify(value);
  return JSON.stringify(value);
}

interface ArgsPlan {
  text: string;
  variables: Array<{ name: string; type: TypeRef; value: unknown }>;
}

function argumentsArbitrary(schema: SchemaInfo, args: InputValue[], pools: FuzzPools, prefix: string): fc.Arbitrary<ArgsPlan> {
  if (args.length === 0) return fc.constant({ text: '', variables: [] });
  const perArg = args.map((arg) => {
    const value = valueFor(schema, arg.type, pools, arg.name, 0);
    const given = arg.type.kind === 'NON_NULL' ? value : fc.oneof(fc.constant(ABSENT), value);
    return fc.tuple(given, fc.boolean());
  });
  return fc.tuple(...perArg).map((chosen) => {
    const parts: string[] = [];
    const variables: ArgsPlan['variables'] = [];
    chosen.forEach(([value, inline], index) => {
      if (value === ABSENT) return;
      const arg = args[index]!;
      const printed = inline ? literal(schema, arg.type, value) : null;
      if (printed !== null) {
        parts.push(`${arg.name}: ${printed}`);
        return;
      }
      const name = `${prefix}${arg.name}`;
      variables.push({ name, type: arg.type, value });
      parts.push(`${arg.name}: $${name}`);
    });
    return { text: parts.length > 0 ? `(${parts.join(', ')})` : '', variables };
  });
}

const hasRequiredArg = (field: FieldInfo) => field.args.some((arg) => arg.type.kind === 'NON_NULL');

/** The result's leaf fields, and (one level down) object fields with fuzzed arguments of their own. */
function selectionArbitrary(schema: SchemaInfo, ref: TypeRef, pools: FuzzPools, depth: number, prefix: string): fc.Arbitrary<ArgsPlan> {
  const type = schema.types.get(named(ref).name!);
  if (!type || (type.kind !== 'OBJECT' && type.kind !== 'INTERFACE' && type.kind !== 'UNION')) return fc.constant({ text: '', variables: [] });
  if (type.kind !== 'OBJECT' || depth > 2) return fc.constant({ text: '{ __typename }', variables: [] });
  const parts: fc.Arbitrary<ArgsPlan>[] = [fc.constant({ text: '__typename', variables: [] })];
  for (const field of type.fields ?? []) {
    if (hasRequiredArg(field)) continue;
    const fieldType = schema.types.get(named(field.type).name!);
    const leaf = fieldType?.kind === 'SCALAR' || fieldType?.kind === 'ENUM';
    if (leaf && field.args.length === 0) {
      parts.push(fc.constant({ text: field.name, variables: [] }));
      continue;
    }
    if (leaf) continue;
    const fieldPrefix = `${prefix}${field.name}_`;
    parts.push(
      fc
        .tuple(argumentsArbitrary(schema, field.args, pools, fieldPrefix), selectionArbitrary(schema, field.type, pools, depth + 1, fieldPrefix))
        .map(([args, selection]) => ({ text: `${field.name}${args.text} ${selection.text}`, variables: [...args.variables, ...selection.variables] })),
    );
  }
  return fc.tuple(...parts).map((chosen) => ({
    text: `{ ${chosen.map((part) => part.text).join(' ')} }`,
    variables: chosen.flatMap((part) => part.variables),
  }));
}

export interface FuzzRequest {
  query: string;
  variables: Record<string, unknown>;
}

/** Requests for one root field: hostile arguments, a selection of its result. */
export function requestsFor(schema: SchemaInfo, root: RootField, pools: FuzzPools): fc.Arbitrary<FuzzRequest> {
  return fc
    .tuple(argumentsArbitrary(schema, root.field.args, pools, 'a_'), selectionArbitrary(schema, root.field.type, pools, 1, 's_'))
    .map(([args, selection]) => {
      const all = [...args.variables, ...selection.variables];
      const declarations = all.length > 0 ? `(${all.map((v) => `$${v.name}: ${printType(v.type)}`).join(', ')})` : '';
      return {
        query: `${root.operation} Fuzz${declarations} { ${root.field.name}${args.text} ${selection.text} }`,
        variables: Object.fromEntries(all.map((v) => [v.name, v.value])),
      };
    });
}
