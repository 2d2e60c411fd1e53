import type { LocalAdminEndpoint } from '../lib/local-admin-endpoint';
import type { Scope } from '../modules/api-keys/api-key.scopes';
import type { CliBackend, TenantSummary } from './backend';
import { CommandFailed, domainCode } from './cli-errors';

const REQUEST_TIMEOUT_MS = 60_000;
const ERRORS = 'errors { code message field }';
const TENANT = 'id name email subscriptionStatus subscriptionPlan isActive createdAt';

interface GraphqlTenant {
  id: string;
  name: string;
  email: string;
  subscriptionStatus: string;
  subscriptionPlan: string;
  isActive: boolean;
  createdAt: string;
}

interface Payload {
  errors: { code: string; message: string; field: string | null }[];
}

/** The API spells plans, statuses and scopes as enums (PRO, LEADS_READ); the CLI as pro, leads:read. */
const toScopeEnum = (scope: Scope) => scope.toUpperCase().replace(':', '_');
const fromScopeEnum = (value: string) => value.toLowerCase().replace(/_(read|write)$/, ':$1') as Scope;

function summary(tenant: GraphqlTenant): TenantSummary {
  return {
    id: tenant.id,
    name: tenant.name,
    email: tenant.email,
    status: tenant.subscriptionStatus.toLowerCase(),
    plan: tenant.subscriptionPlan.toLowerCase(),
    isActive: tenant.isActive,
    createdAt: tenant.createdAt,
  };
}

/**
 * The operations through the admin GraphQL API of the server that holds the embedded database,
 * authenticated with the token it wrote for this start (src/lib/local-admin-endpoint.ts).
 */
export function remoteBackend(endpoint: LocalAdminEndpoint): CliBackend {
  async function request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    let response: Response;
    try {
      response = await fetch(endpoint.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${endpoint.token}` },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw new CommandFailed(`the server (pid ${endpoint.pid}) holds the database but ${endpoint.url} did not answer: ${(error as Error).message}`);
    }
    if (response.status === 401) {
      throw new CommandFailed(`the server (pid ${endpoint.pid}) refused the admin token it wrote at its start: it may be restarting; retry`);
    }
    const body = (await response.json().catch(() => ({}))) as {
      data?: T | null;
      errors?: { message: string; extensions?: { code?: string; field?: string } }[];
    };
    const [error] = body.errors ?? [];
    if (error) throw new CommandFailed(error.message, error.extensions?.field ?? null, domainCode(error.extensions?.code));
    if (!body.data) throw new CommandFailed(`the server (pid ${endpoint.pid}) answered HTTP ${response.status} without data`);
    return body.data;
  }

  /** A payload's first expected failure, as the operator sees it. */
  function succeeded<P extends Payload>(payload: P): P {
    const [failure] = payload.errors;
    if (failure) throw new CommandFailed(failure.message, failure.field, domainCode(failure.code));
    return payload;
  }

  return {
    where: `server (pid ${endpoint.pid})`,
    // The server applied every migration when it started, before it wrote the endpoint file.
    migrate: async () => ({ applied: [] }),
    async createTenant(input) {
      const { createTenant } = await request<{ createTenant: Payload & { tenant: GraphqlTenant; apiKey: { id: string }; plaintextKey: string } }>(
        `mutation ($input: CreateTenantInput!) { createTenant(input: $input) { ${ERRORS} tenant { ${TENANT} } apiKey { id } plaintextKey } }`,
        { input: { ...input, plan: input.plan?.toUpperCase() } },
      );
      const { tenant, apiKey, plaintextKey } = succeeded(createTenant);
      return { tenant: summary(tenant), apiKeyId: apiKey.id, plaintextKey };
    },
    async listTenants() {
      const { tenants } = await request<{ tenants: GraphqlTenant[] }>(`{ tenants { ${TENANT} } }`);
      return tenants.map(summary);
    },
    async exportTenant(tenantId, write) {
      const { exportTenant } = await request<{ exportTenant: Payload & { tenantExport: { lineCount: number; jsonLines: string } } }>(
        `mutation ($id: ID!) { exportTenant(id: $id) { ${ERRORS} tenantExport { lineCount jsonLines } } }`,
        { id: tenantId },
      );
      const { tenantExport } = succeeded(exportTenant);
      for (const line of tenantExport.jsonLines.split('\n')) if (line) await write(line);
      return { lines: tenantExport.lineCount };
    },
    async deleteTenant(tenantId) {
      const { deleteTenant } = await request<{ deleteTenant: Payload & { tenant: GraphqlTenant } }>(
        `mutation ($id: ID!) { deleteTenant(id: $id) { ${ERRORS} tenant { ${TENANT} } } }`,
        { id: tenantId },
      );
      return summary(succeeded(deleteTenant).tenant);
    },
    async createApiKey(tenantId, input) {
      const { createTenantApiKey } = await request<{ createTenantApiKey: Payload & { apiKey: { id: string; scopes: string[] }; plaintextKey: string } }>(
        `mutation ($tenantId: ID!, $input: CreateApiKeyInput!) {
          createTenantApiKey(tenantId: $tenantId, input: $input) { ${ERRORS} apiKey { id scopes } plaintextKey } }`,
        { tenantId, input: { name: input.name, scopes: input.scopes?.map(toScopeEnum) } },
      );
      const { apiKey, plaintextKey } = succeeded(createTenantApiKey);
      return { apiKeyId: apiKey.id, scopes: apiKey.scopes.map(fromScopeEnum), plaintextKey };
    },
    async setIntegration(tenantId, change) {
      const mutation = change.type === 'crisp' ? 'setCrispIntegration' : 'setTidioIntegration';
      const inputType = change.type === 'crisp' ? 'CrispIntegrationInput' : 'TidioIntegrationInput';
      const publicKey = change.type === 'crisp' ? { websiteId: change.publicKey } : { projectKey: change.publicKey };
      const result = await request<Record<string, Payload & { secretsSet: string[] }>>(
        `mutation ($tenantId: ID!, $input: ${inputType}!) { ${mutation}(tenantId: $tenantId, input: $input) { ${ERRORS} secretsSet } }`,
        { tenantId, input: { ...publicKey, ...change.secrets } },
      );
      return { secretsSet: succeeded(result[mutation]!).secretsSet };
    },
    close: async () => undefined,
  };
}
