import { isDeepStrictEqual } from 'node:util';
import { createQueryId, type Compilable, type CompiledQuery, type Kysely, type QueryResult, type RootOperationNode } from 'kysely';

/** Where one compiled parameter comes from. */
type Slot =
  | { kind: 'constant'; value: unknown }
  | { kind: 'value'; key: string }
  | { kind: 'json'; key: string }
  | { kind: 'element'; key: string; index: number };

interface Template {
  sql: string;
  query: RootOperationNode;
  slots: Slot[];
}

// A stand-in's text: mixed case, spaces at both ends and 1,000 characters long, so that a value changed
// in case, trimmed or cut to a length at build time no longer matches it, and is refused.
const text = (name: string) => ` \u0001Netia-Template:${name}\u0001 `.padEnd(999, '.') + ' ';
// What is left of a stand-in's text however it was changed, JSON-escaped or cut.
const TRACE = /netia-template/i;
// A template is compiled once per shape and kind of values; a few dozen per statement at most.
const MAX_TEMPLATES = 200;
// Under jest every run is checked against the statement built the ordinary way (see statementTemplate).
const CHECKED = process.env.NODE_ENV === 'test';

/**
 * A hot statement built and compiled by Kysely once per shape, then run with new values: building a
 * large statement (query builders, the CamelCase plugin's pass, the compiler) cost more of a webhook
 * acknowledgement's CPU than anything else of ours (bench/RESULTS.md).
 *
 * `build` gets `shape` as given (its JSON is part of the cache key: whatever decides the statement's
 * form goes there) and, the first time, stand-ins for `values`: a unique string for a string or null,
 * an object or array (of the same length) that serialises to one; numbers, booleans and undefined are
 * taken as they are, and are part of the key. Each compiled parameter that is a stand-in, or a stand-in's
 * JSON text (jsonb()), is then filled from the values of each run. A value that `build` inspects,
 * slices or inlines into SQL would make a template that differs from the statement: a stand-in found
 * anywhere but as a whole parameter is refused, and under jest every run also builds the statement the
 * ordinary way and fails if the two differ.
 */
export function statementTemplate<D extends Kysely<any>, S, V extends object, R>(
  build: (db: D, shape: S, values: V) => Compilable<R>,
): (db: D, shape: S, values: V) => Promise<QueryResult<R>> {
  const templates = new Map<string, Template>();
  return async (db, shape, values) => {
    const key = templateKey(shape, values);
    let template = templates.get(key);
    if (!template) {
      template = compileTemplate((standIns) => build(db, shape, standIns as V), values as Record<string, unknown>);
      if (templates.size >= MAX_TEMPLATES) templates.clear();
      templates.set(key, template);
    }
    const compiled: CompiledQuery<R> = {
      sql: template.sql,
      query: template.query,
      queryId: createQueryId(),
      parameters: template.slots.map((slot) => fill(slot, values as Record<string, unknown>)),
    };
    if (CHECKED) {
      const direct = build(db, shape, values).compile();
      if (direct.sql !== compiled.sql || !isDeepStrictEqual([...direct.parameters], compiled.parameters)) {
        throw new Error(`statement template differs from its statement:\n${direct.sql}\n${JSON.stringify(direct.parameters)}\nvs ${JSON.stringify(compiled.parameters)}`);
      }
    }
    return db.executeQuery(compiled);
  };
}

function templateKey(shape: unknown, values: object): string {
  let kinds = '';
  for (const [name, value] of Object.entries(values)) {
    kinds += `${name}:${value === null ? 'n' : typeof value === 'string' ? 's' : Array.isArray(value) ? `a${value.length}` : typeof value === 'object' ? 'o' : `=${String(value)}`};`;
  }
  return `${JSON.stringify(shape)}|${kinds}`;
}

function compileTemplate(build: (standIns: Record<string, unknown>) => Compilable<unknown>, values: Record<string, unknown>): Template {
  const slots = new Map<unknown, Slot>();
  const standIns: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    const json = text(key);
    slots.set(JSON.stringify(json), { kind: 'json', key });
    if (value === null || typeof value === 'string') {
      standIns[key] = json;
      slots.set(json, { kind: 'value', key });
    } else if (Array.isArray(value)) {
      const elements = value.map((_, index) => text(`${key}[${index}]`));
      elements.forEach((element, index) => slots.set(element, { kind: 'element', key, index }));
      const standIn = Object.assign(elements, { toJSON: () => json });
      standIns[key] = standIn;
      slots.set(standIn, { kind: 'value', key });
    } else if (value === undefined || typeof value !== 'object') {
      // A number, boolean or undefined is part of the key: the template holds it as it is.
      standIns[key] = value;
    } else {
      const standIn = { toJSON: () => json };
      standIns[key] = standIn;
      slots.set(standIn, { kind: 'value', key });
    }
  }
  const compiled = build(standIns).compile();
  if (TRACE.test(compiled.sql)) throw new Error('statement template: a value was written into the SQL text');
  return {
    sql: compiled.sql,
    query: compiled.query,
    slots: compiled.parameters.map((parameter) => {
      const slot = slots.get(parameter);
      if (slot) return slot;
      if (parameter !== null && typeof parameter === 'object' && TRACE.test(JSON.stringify(parameter))) {
        throw new Error('statement template: a value was put inside another parameter');
      }
      if (typeof parameter === 'string' && TRACE.test(parameter)) throw new Error('statement template: a value was changed before it became a parameter');
      return { kind: 'constant', value: parameter };
    }),
  };
}

function fill(slot: Slot, values: Record<string, unknown>): unknown {
  switch (slot.kind) {
    case 'constant':
      return slot.value;
    case 'value':
      return values[slot.key];
    case 'json':
      return JSON.stringify(values[slot.key]);
    case 'element':
      return (values[slot.key] as readonly unknown[])[slot.index];
  }
}
