import type { SeededTenant } from './seed-data';

/** One HTTP request of a scenario, built for the n-th request so keys rotate over every tenant. */
export interface RequestSpec {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface Scenario {
  name: string;
  /** anchor: PostGraphile (bench/anchor-scenarios.ts), measured only when NODE22 is given. */
  target: 'app' | 'baseline' | 'anchor';
  description: string;
  build(tenant: SeededTenant): RequestSpec;
}

const INBOX = `query Inbox {
  conversations(first: 20) {
    edges { node {
      id sessionId platform updatedAt
      messages(first: 10) { edges { node { id role content timestamp } } }
      leads { id intent status contactInfo createdAt }
    } }
  }
}`;

const LEADS = `query Leads($after: DateTime!) {
  leads(first: 50, filter: { createdAfter: $after }) {
    totalCount
    edges { node { id conversationId intent status contactInfo createdAt } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const CONVERSATION = `query Conversation($id: ID!) {
  conversation(id: $id) {
    id sessionId platform updatedAt
    messages(first: 100) { edges { node { id role content timestamp } } }
  }
}`;

const TENANT = `query Tenant { tenant { id name subscriptionPlan subscriptionStatus } }`;

function graphql(tenant: SeededTenant, query: string, variables: Record<string, unknown> = {}): RequestSpec {
  return {
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tenant.apiKey}` },
    body: JSON.stringify({ query, variables }),
  };
}

export const SCENARIOS: Scenario[] = [
  {
    name: 'baseline-inbox',
    target: 'baseline',
    description: 'bare node:http + pg, one SQL statement, same tenant binding',
    build: (tenant) => ({ method: 'GET', path: '/inbox', headers: { 'x-tenant-id': tenant.id } }),
  },
  {
    name: 'inbox',
    target: 'app',
    description: '20 most recent conversations, first 10 messages and leads of each',
    build: (tenant) => graphql(tenant, INBOX),
  },
  {
    name: 'leads',
    target: 'app',
    description: 'leads list, createdAfter filter, 50 rows with totalCount',
    build: (tenant) => graphql(tenant, LEADS, { after: '2020-01-01T00:00:00Z' }),
  },
  {
    name: 'conversation',
    target: 'app',
    description: 'one conversation with 100 messages',
    build: (tenant) => graphql(tenant, CONVERSATION, { id: tenant.longConversationId }),
  },
  {
    name: 'tenant',
    target: 'app',
    description: 'single-row lookup: the calling key’s tenant',
    build: (tenant) => graphql(tenant, TENANT),
  },
];

/** A response counts as an error unless it is a 2xx whose body has data and no GraphQL errors. */
export function isGoodBody(body: string): boolean {
  return body.includes('"data"') && !body.includes('"errors"');
}
