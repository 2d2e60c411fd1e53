import type { Scenario } from './scenarios';

/**
 * Netia's inbox, leads, conversation and tenant operations written for PostGraphile v5's schema over
 * the same tables (bench/postgraphile/anchor-server.mjs): the same rows in the same order, the same
 * nested page sizes and columns. Aliases give the answers Netia's field names; PostGraphile calls the
 * primary key `rowId` (its `id` is the global Node id), and its has-many relations are connections.
 */
export interface AnchorScenario extends Scenario {
  target: 'anchor';
  /** The Netia scenario this one mirrors: it runs right after it, and its answers must match. */
  twin: string;
  /** PostGraphile's `data` in the shape of the twin's: where the two schemas differ in nesting only. */
  asTwinData(data: Record<string, unknown>): Record<string, unknown>;
}

const INBOX = `query Inbox {
  conversations: allConversations(first: 20, orderBy: [UPDATED_AT_DESC, ROW_ID_DESC]) {
    edges { node {
      id: rowId sessionId platform updatedAt
      messages: messagesByTenantIdAndConversationId(first: 10, orderBy: [TIMESTAMP_ASC, ROW_ID_ASC]) {
        edges { node { id: rowId role content timestamp } }
      }
      leads: leadsByConversationId(orderBy: [CREATED_AT_ASC, ROW_ID_ASC]) { nodes { id: rowId intent status contactInfo createdAt } }
    } }
  }
}`;

// createdAfter is the anchor server's one addition (created_at >= value, as Netia's filter).
const LEADS = `query Leads($after: Datetime!) {
  leads: allLeads(first: 50, condition: { createdAfter: $after }, orderBy: [CREATED_AT_DESC, ROW_ID_DESC]) {
    totalCount
    edges { node { id: rowId conversationId intent status contactInfo createdAt } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const CONVERSATION = `query Conversation($id: UUID!) {
  conversation: conversationByRowId(rowId: $id) {
    id: rowId sessionId platform updatedAt
    messages: messagesByTenantIdAndConversationId(first: 100, orderBy: [TIMESTAMP_ASC, ROW_ID_ASC]) {
      edges { node { id: rowId role content timestamp } }
    }
  }
}`;

// As Netia's tenant query: no id given, RLS leaves the caller's one row.
const TENANT = `query Tenant { tenant: allTenants { nodes { id: rowId name subscriptionPlan subscriptionStatus } } }`;

type Json = Record<string, unknown>;

function graphql(tenantId: string, query: string, variables: Json = {}) {
  return {
    method: 'POST' as const,
    path: '/graphql',
    headers: { 'content-type': 'application/json', 'x-tenant-id': tenantId },
    body: JSON.stringify({ query, variables }),
  };
}

const nodesOf = (connection: unknown): unknown => (connection as { nodes?: unknown } | null)?.nodes ?? connection;

export const ANCHOR_SCENARIOS: AnchorScenario[] = [
  {
    name: 'postgraphile-inbox',
    target: 'anchor',
    twin: 'inbox',
    description: 'PostGraphile v5, the inbox operation (20 conversations, first 10 messages and leads of each)',
    build: (tenant) => graphql(tenant.id, INBOX),
    asTwinData: (data) => {
      const edges = (data.conversations as { edges: { node: Json }[] }).edges;
      return { conversations: { edges: edges.map(({ node }) => ({ node: { ...node, leads: nodesOf(node.leads) } })) } };
    },
  },
  {
    name: 'postgraphile-leads',
    target: 'anchor',
    twin: 'leads',
    description: 'PostGraphile v5, the leads operation (50 rows with totalCount)',
    build: (tenant) => graphql(tenant.id, LEADS, { after: '2020-01-01T00:00:00Z' }),
    asTwinData: (data) => data,
  },
  {
    name: 'postgraphile-conversation',
    target: 'anchor',
    twin: 'conversation',
    description: 'PostGraphile v5, the conversation operation (100 messages)',
    build: (tenant) => graphql(tenant.id, CONVERSATION, { id: tenant.longConversationId }),
    asTwinData: (data) => data,
  },
  {
    name: 'postgraphile-tenant',
    target: 'anchor',
    twin: 'tenant',
    description: 'PostGraphile v5, the single-row tenant query',
    build: (tenant) => graphql(tenant.id, TENANT),
    asTwinData: (data) => {
      const nodes = nodesOf(data.tenant) as unknown[];
      return { tenant: nodes.length === 1 ? nodes[0] : nodes };
    },
  },
];

const DATE_KEYS = new Set(['updatedAt', 'createdAt', 'timestamp']);
// Netia's GraphQL enums are the upper-case names of the lower-case values PostGraphile returns as text.
const ENUM_KEYS = new Set(['platform', 'role', 'status', 'intent', 'subscriptionPlan', 'subscriptionStatus']);

/**
 * An answer as compared between the two servers: timestamps as epoch ms (the two print them
 * differently), enum values in lower case, cursors left out (each server encodes its own).
 */
export function comparable(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => comparable(item));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([name]) => name !== 'endCursor')
        .map(([name, item]) => [name, comparable(item, name)]),
    );
  }
  if (typeof value === 'string' && DATE_KEYS.has(key)) return new Date(value).getTime();
  if (typeof value === 'string' && ENUM_KEYS.has(key)) return value.toLowerCase();
  return value;
}

/** Rows in an answer: every object with an `id`, at any depth. */
export function countRows(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + countRows(item), 0);
  if (value === null || typeof value !== 'object') return 0;
  const own = 'id' in value ? 1 : 0;
  return own + Object.values(value).reduce((sum: number, item) => sum + countRows(item), 0);
}
