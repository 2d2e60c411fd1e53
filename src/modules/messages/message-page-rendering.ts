import { Kind, type FieldNode } from 'graphql';
import { sql, type RawBuilder } from 'kysely';
import { MESSAGE_ROLES } from '../../domain/vocabulary';
import { enumOf } from '../../lib/enum-of';

/** The Message fields PostgreSQL can write exactly as graphql-js would (FIELD_JSON). */
const RENDERABLE = ['id', 'conversationId', 'role', 'content', 'timestamp', 'externalId', '__typename'] as const;
type RenderableField = (typeof RENDERABLE)[number];
/** The connection's fields it can write: the page's edges, the conversation's count of messages. */
const CONNECTION_FIELDS = ['edges', 'totalCount', '__typename'] as const;
type ConnectionField = (typeof CONNECTION_FIELDS)[number];

/**
 * A messages page selection that PostgreSQL writes as the response's JSON text (graphql/rendered-json.ts):
 * `messages(…) { edges { node { <renderable fields> } } totalCount }`, each name possibly aliased. Its
 * response keys are part of the statement's text, so this is part of the statement's shape.
 */
export interface MessagePageRendering {
  /** The connection's fields in selection order: [response key, field]; `edges` once. */
  connection: [string, ConnectionField][];
  /** The response key of each edge's node. */
  node: string;
  /** The node's fields in selection order. */
  fields: [string, RenderableField][];
}

const renderings = new WeakMap<FieldNode, MessagePageRendering | null>();

/**
 * The rendering of a `messages` field, or null when its selection asks for anything else: a cursor,
 * pageInfo, metadata, fragments, directives, or one response key twice. Those keep the ordinary
 * path, as do the selections of fields with more than one node (merged duplicates).
 */
export function messagePageRendering(field: FieldNode): MessagePageRendering | null {
  let rendering = renderings.get(field);
  if (rendering === undefined) renderings.set(field, (rendering = renderingOf(field)));
  return rendering;
}

function renderingOf(messages: FieldNode): MessagePageRendering | null {
  if (messages.directives?.length) return null;
  const connection = plainFields(messages, CONNECTION_FIELDS);
  const edges = connection?.filter(([, , field]) => field.name.value === 'edges') ?? [];
  if (!connection || edges.length !== 1) return null;
  const nodes = plainFields(edges[0]![2], ['node']);
  const node = nodes?.length === 1 ? nodes[0]! : null;
  const fields = node && plainFields(node[2], RENDERABLE);
  if (!node || !fields?.length || fields.some(([, , field]) => field.selectionSet)) return null;
  return {
    connection: connection.map(([key, name]) => [key, name]),
    node: node[0],
    fields: fields.map(([key, name]) => [key, name]),
  };
}

/**
 * The fields `parent` selects, as [response key, name, node], when each is one of `allowed` without
 * arguments or directives, under a response key of its own, and no fragment is used; else null.
 */
function plainFields<N extends string>(parent: FieldNode, allowed: readonly N[]): [string, N, FieldNode][] | null {
  const fields: [string, N, FieldNode][] = [];
  const keys = new Set<string>();
  for (const selection of parent.selectionSet?.selections ?? []) {
    if (selection.kind !== Kind.FIELD || selection.arguments?.length || selection.directives?.length) return null;
    const name = selection.name.value;
    const key = selection.alias?.value ?? name;
    if (!(allowed as readonly string[]).includes(name) || keys.has(key)) return null;
    keys.add(key);
    fields.push([key, name as N, selection]);
  }
  return fields;
}

const ROLES = Object.entries(enumOf(MESSAGE_ROLES));

/** A piece of a row's JSON text: literal text, or an expression over the page's row `p`. */
type Piece = string | RawBuilder<unknown>;

/**
 * Each field's JSON as graphql-js writes it: ids are PostgreSQL's lower-case uuid text, as IdScalar
 * passes them; to_json escapes strings as JSON.stringify does; the role is the MessageRole enum's name
 * (message.types.ts); a timestamp is Date.toISOString's text (milliseconds, the microseconds cut, as pg's
 * Date has them), for years 1900–2099 (see UNWRITABLE).
 */
const FIELD_JSON: Record<RenderableField, Piece[]> = {
  id: ['"', sql`p.id`, '"'],
  conversationId: ['"', sql`p.conversation_id`, '"'],
  role: [sql.raw(`case p.role ${ROLES.map(([name, value]) => `when '${value}' then '"${name}"'`).join(' ')} end`)],
  content: [sql`to_json(p.content)`],
  timestamp: ['"', sql`to_char(p.timestamp at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`, '"'],
  externalId: [sql`coalesce(to_json(p.external_id)::text, 'null')`],
  __typename: ['"Message"'],
};

/** A row whose field has no exact text here: its page is left to the ordinary path. */
const UNWRITABLE: Partial<Record<RenderableField, RawBuilder<boolean>>> = {
  role: sql.raw(`p.role not in (${ROLES.map(([, value]) => `'${value}'`).join(', ')})`),
  timestamp: sql`not (p.timestamp >= timestamptz '1900-01-01 00:00:00+00' and p.timestamp < timestamptz '2100-01-01 00:00:00+00')`,
};

/** One edge's JSON text, as one concat() call (concat writes a null as nothing: UNWRITABLE catches those rows). */
function edgeJson(rendering: MessagePageRendering): RawBuilder<string> {
  const pieces: Piece[] = [`{"${rendering.node}":{`];
  rendering.fields.forEach(([key, field], i) => pieces.push(`${i === 0 ? '' : ','}"${key}":`, ...FIELD_JSON[field]));
  pieces.push('}}');
  return concatenated(pieces);
}

/** The pieces of JSON text concat() joins, adjacent literals merged. */
function concatenated(pieces: Piece[]): RawBuilder<string> {
  const merged: Piece[] = [];
  for (const piece of pieces) {
    const last = merged[merged.length - 1];
    if (typeof piece === 'string' && typeof last === 'string') merged[merged.length - 1] = last + piece;
    else merged.push(piece);
  }
  return sql<string>`concat(${sql.join(merged.map((piece) => (typeof piece === 'string' ? sql.lit(piece) : piece)))})`;
}

/**
 * The page's connection as JSON text (`{"edges":[…],"totalCount":n}`, in the selection's order), the
 * edges in the order toPage gives (oldest first, in both directions), from `page`, a subquery of rows
 * with the message columns, and `count`, the conversation's number of messages; null when a row has a
 * field that cannot be written exactly here. Each edge's text is computed once: a second aggregate
 * over it (say, counting nulls) would compute it again (~ 30 % more statement time for 100 messages).
 */
export function renderedConnectionJson(rendering: MessagePageRendering, page: RawBuilder<unknown>, count: RawBuilder<unknown>): RawBuilder<string | null> {
  const checks = rendering.fields.flatMap(([, field]) => UNWRITABLE[field] ?? []);
  const pieces: Piece[] = ['{'];
  rendering.connection.forEach(([key, field], i) => {
    pieces.push(`${i === 0 ? '' : ','}"${key}":`);
    if (field === 'edges') pieces.push('[', sql`coalesce(string_agg(${edgeJson(rendering)}, ',' order by p.timestamp, p.id), '')`, ']');
    else if (field === 'totalCount') pieces.push(count);
    else pieces.push('"MessageConnection"');
  });
  pieces.push('}');
  const connection = concatenated(pieces);
  const guarded = checks.length === 0 ? connection : sql`case when bool_or(${sql.join(checks, sql` or `)}) then null else ${connection} end`;
  return sql<string | null>`(select ${guarded} from (${page}) p)`;
}
