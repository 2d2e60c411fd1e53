import { PLANS, type Plan } from '../domain/vocabulary';
import fs from 'node:fs';
import { once } from 'node:events';
import { isUuid } from '../lib/uuid';
import { isScope, type Scope } from '../modules/api-keys/api-key.scopes';
import { INTEGRATION_SCHEMAS } from '../modules/integrations/integration.schemas';
import type { CliBackend, IntegrationChange } from './backend';
import { UsageError } from './cli-errors';

export interface OptionSpec {
  type: 'string' | 'boolean';
  /** Placeholder of the value in the usage line (string options). */
  value?: string;
  description: string;
  required?: boolean;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export interface Command {
  name: string;
  /** Positional arguments, as shown in the usage line. */
  positionals?: { name: string; description: string }[];
  summary: string;
  options: Record<string, OptionSpec>;
  /** Input fields whose flag is not their kebab-case name (websiteHookKey → hook-key). */
  flags?: Record<string, string>;
  /**
   * Checks the arguments (throwing UsageError) before any database is opened, and returns the work;
   * the work returns what to print as JSON, or undefined when the command wrote its own output.
   */
  prepare(args: ParsedArgs): (backend: CliBackend) => Promise<unknown>;
}

/** The flag an input field is given with: its kebab-case name, unless the command says otherwise. */
export function flagOf(command: Pick<Command, 'flags'>, field: string): string {
  const name = field.split('.').pop()!;
  return `--${command.flags?.[name] ?? name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

const string = (args: ParsedArgs, flag: string) => args.values[flag] as string | undefined;

function tenantIdArgument(args: ParsedArgs): string {
  const [tenantId, ...rest] = args.positionals;
  if (!tenantId || rest.length > 0) throw new UsageError('give exactly one tenant id');
  if (!isUuid(tenantId)) throw new UsageError(`the tenant id must be a UUID, not ${JSON.stringify(tenantId)}`);
  return tenantId;
}

function tenantFlag(args: ParsedArgs): string {
  const tenantId = string(args, 'tenant')!;
  if (!isUuid(tenantId)) throw new UsageError(`--tenant must be a tenant id (UUID), not ${JSON.stringify(tenantId)}`);
  return tenantId;
}

function plan(args: ParsedArgs): Plan | undefined {
  const value = string(args, 'plan');
  if (value === undefined) return undefined;
  if (!(PLANS as readonly string[]).includes(value)) throw new UsageError(`--plan must be one of ${PLANS.join(', ')}, not ${JSON.stringify(value)}`);
  return value as Plan;
}

/** `--scopes a:read,b:write`; an empty list is a mistake, never "all scopes" (leave the flag out for those). */
function scopes(args: ParsedArgs): Scope[] | undefined {
  const value = string(args, 'scopes');
  if (value === undefined) return undefined;
  const given = value.split(',').map((scope) => scope.trim()).filter(Boolean);
  if (given.length === 0) throw new UsageError('--scopes names no scope: give e.g. leads:read,conversations:read, or leave the flag out for all scopes');
  const unknown = given.filter((scope) => !isScope(scope));
  if (unknown.length > 0) throw new UsageError(`--scopes: unknown scope ${unknown.join(', ')} (e.g. leads:read, knowledge_base:write)`);
  return given as Scope[];
}

async function writeLine(stream: NodeJS.WritableStream, line: string): Promise<void> {
  if (!stream.write(`${line}\n`)) await once(stream, 'drain');
}

/** `tenant export` into a file created with mode 600, removed again when the export fails. */
async function exportToFile(backend: CliBackend, tenantId: string, file: string): Promise<unknown> {
  const stream = fs.createWriteStream(file, { mode: 0o600 });
  await once(stream, 'open');
  try {
    const { lines } = await backend.exportTenant(tenantId, (line) => writeLine(stream, line));
    stream.end();
    await once(stream, 'finish');
    return { tenantId, file, lines };
  } catch (error) {
    stream.destroy();
    fs.rmSync(file, { force: true });
    throw error;
  }
}

const secret = (description: string): OptionSpec => ({ type: 'string', value: 'S', description });

const INTEGRATION_FLAGS = { websiteHookKey: 'hook-key' };

/** Secrets are checked here with the integration's zod schema (their rules' one home), before any database opens. */
function setIntegration(tenantId: string, change: IntegrationChange, publicKeyName: string) {
  const secrets = Object.fromEntries(Object.entries(change.secrets).filter(([, value]) => value !== undefined));
  const checked = INTEGRATION_SCHEMAS[change.type].safeParse(secrets);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new UsageError(`${flagOf({ flags: INTEGRATION_FLAGS }, String(issue?.path[0] ?? ''))}: ${issue?.message ?? 'is invalid'}`);
  }
  return async (backend: CliBackend) => {
    const { secretsSet } = await backend.setIntegration(tenantId, { ...change, secrets } as IntegrationChange);
    return { tenantId, integration: change.type, [`${publicKeyName}Set`]: change.publicKey !== undefined, secretsSet };
  };
}

export const COMMANDS: Command[] = [
  {
    name: 'migrate',
    summary: 'Apply pending migrations to the configured database (a running server has applied them at its start).',
    options: {},
    prepare: () => (backend) => backend.migrate(),
  },
  {
    name: 'tenant create',
    summary: 'Create a tenant (on a trial of TRIAL_DAYS) and print its id and first API key (shown once).',
    options: {
      name: { type: 'string', value: 'N', description: 'the business name', required: true },
      email: { type: 'string', value: 'E', description: "the tenant's contact address", required: true },
      plan: { type: 'string', value: 'basic|pro|enterprise', description: 'subscription plan (default basic)' },
      'crisp-website-id': { type: 'string', value: 'ID', description: 'map this Crisp website to the tenant' },
      'tidio-website-id': { type: 'string', value: 'KEY', description: 'map this Tidio project public key to the tenant' },
    },
    prepare(args) {
      const input = {
        name: string(args, 'name')!,
        email: string(args, 'email')!,
        plan: plan(args),
        crispWebsiteId: string(args, 'crisp-website-id') ?? null,
        tidioWebsiteId: string(args, 'tidio-website-id') ?? null,
      };
      return async (backend) => {
        const { tenant, apiKeyId, plaintextKey } = await backend.createTenant(input);
        return { tenantId: tenant.id, name: tenant.name, email: tenant.email, plan: tenant.plan, apiKeyId, apiKey: plaintextKey };
      };
    },
  },
  {
    name: 'tenant list',
    summary: 'List every tenant as JSON.',
    options: {},
    prepare: () => (backend) => backend.listTenants(),
  },
  {
    name: 'tenant export',
    positionals: [{ name: 'ID', description: 'the tenant id' }],
    summary: "All of a tenant's data as JSON Lines, without secrets, on stdout or into a file (see README, Privacy requests).",
    options: { out: { type: 'string', value: 'FILE', description: 'write into FILE (mode 600) and print a summary instead' } },
    prepare(args) {
      const tenantId = tenantIdArgument(args);
      const file = string(args, 'out');
      return async (backend) => {
        if (file) return exportToFile(backend, tenantId, file);
        await backend.exportTenant(tenantId, (line) => writeLine(process.stdout, line));
        return undefined;
      };
    },
  },
  {
    name: 'tenant delete',
    positionals: [{ name: 'ID', description: 'the tenant id' }],
    summary: 'Delete a tenant and, by cascade, all of its data. Cannot be undone.',
    options: { yes: { type: 'boolean', description: 'confirm the deletion' } },
    prepare(args) {
      const tenantId = tenantIdArgument(args);
      if (!args.values.yes) throw new UsageError('deleting a tenant cannot be undone: add --yes to confirm');
      return async (backend) => {
        const tenant = await backend.deleteTenant(tenantId);
        return { deleted: tenant.id, name: tenant.name };
      };
    },
  },
  {
    name: 'key create',
    summary: 'A new API key for a tenant, printed once. All scopes unless --scopes names some.',
    options: {
      tenant: { type: 'string', value: 'ID', description: 'the tenant id', required: true },
      scopes: { type: 'string', value: 'a:read,b:write', description: 'scopes of tenant, conversations, leads, knowledge_base, configuration, api_keys' },
      name: { type: 'string', value: 'N', description: 'a label for the key (default "CLI key")' },
    },
    prepare(args) {
      const tenantId = tenantFlag(args);
      const chosen = scopes(args);
      const input = { name: string(args, 'name') ?? 'CLI key', ...(chosen && { scopes: chosen }) };
      return async (backend) => {
        const created = await backend.createApiKey(tenantId, input);
        return { tenantId, apiKeyId: created.apiKeyId, scopes: created.scopes, apiKey: created.plaintextKey };
      };
    },
  },
  {
    name: 'integration set-crisp',
    summary: "Map the tenant's Crisp website and set its website-hook ?key= secret (stored encrypted with NETIA_ENCRYPTION_KEY).",
    options: {
      tenant: { type: 'string', value: 'ID', description: 'the tenant id', required: true },
      'website-id': { type: 'string', value: 'ID', description: 'the Crisp website id' },
      'hook-key': secret('the website hook ?key= secret (16–500 characters)'),
    },
    flags: INTEGRATION_FLAGS,
    prepare: (args) =>
      setIntegration(tenantFlag(args), { type: 'crisp', publicKey: string(args, 'website-id'), secrets: { websiteHookKey: string(args, 'hook-key') } }, 'websiteId'),
  },
  {
    name: 'integration set-tidio',
    summary: "Store the tenant's Tidio settings; secrets encrypted with NETIA_ENCRYPTION_KEY. Absent flags keep their stored value.",
    options: {
      tenant: { type: 'string', value: 'ID', description: 'the tenant id', required: true },
      'project-key': { type: 'string', value: 'KEY', description: 'the Tidio project public key' },
      'webhook-secret': secret('webhook signing secret'),
      'client-id': secret('OpenAPI client id (ci_…)'),
      'client-secret': secret('OpenAPI client secret (cs_…)'),
      'operator-id': { type: 'string', value: 'UUID', description: 'the operator replies are sent as' },
      'flow-token': secret('bearer token of the Flow "API call" step (16–500 characters)'),
    },
    prepare: (args) =>
      setIntegration(
        tenantFlag(args),
        {
          type: 'tidio',
          publicKey: string(args, 'project-key'),
          secrets: {
            webhookSecret: string(args, 'webhook-secret'),
            clientId: string(args, 'client-id'),
            clientSecret: string(args, 'client-secret'),
            operatorId: string(args, 'operator-id'),
            flowToken: string(args, 'flow-token'),
          },
        },
        'projectKey',
      ),
  },
];
