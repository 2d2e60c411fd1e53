import type { Plan } from '../domain/vocabulary';
import type { Scope } from '../modules/api-keys/api-key.scopes';

/** A tenant as the CLI prints it (plans and statuses in the CLI's lower-case spelling). */
export interface TenantSummary {
  id: string;
  name: string;
  email: string;
  status: string;
  plan: string;
  isActive: boolean;
  createdAt: string;
}

export interface NewTenant {
  name: string;
  email: string;
  plan?: Plan;
  crispWebsiteId?: string | null;
  tidioWebsiteId?: string | null;
}

export type IntegrationChange =
  | { type: 'crisp'; publicKey?: string; secrets: { websiteHookKey?: string } }
  | {
      type: 'tidio';
      publicKey?: string;
      secrets: { webhookSecret?: string; clientId?: string; clientSecret?: string; operatorId?: string; flowToken?: string };
    };

/**
 * The platform operations behind the `netia` commands, done either on the database directly
 * (local-backend.ts) or, while a server holds the embedded database, through that server's admin
 * GraphQL API (remote-backend.ts). Failures the operator can act on throw CommandFailed.
 */
export interface CliBackend {
  /** Where the work happens, for messages: 'database' or the server's pid. */
  readonly where: string;
  migrate(): Promise<{ applied: string[] }>;
  createTenant(input: NewTenant): Promise<{ tenant: TenantSummary; apiKeyId: string; plaintextKey: string }>;
  listTenants(): Promise<TenantSummary[]>;
  exportTenant(tenantId: string, write: (line: string) => Promise<void>): Promise<{ lines: number }>;
  deleteTenant(tenantId: string): Promise<TenantSummary>;
  createApiKey(tenantId: string, input: { name: string; scopes?: Scope[] }): Promise<{ apiKeyId: string; scopes: Scope[]; plaintextKey: string }>;
  setIntegration(tenantId: string, change: IntegrationChange): Promise<{ secretsSet: string[] }>;
  close(): Promise<void>;
}
