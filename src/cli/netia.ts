import 'reflect-metadata';
import { GraphQLError } from 'graphql';
import { ConfigError, loadConfig } from '../config';
import { createDatabase, type Database } from '../db/database';
import { migrateToLatest } from '../db/migrate';
import { INTEGRATION_USAGE, runIntegrationCommand } from './integration.command';
import { tenantDelete, tenantExport } from './privacy-commands';
import { keyCreate, tenantCreate, tenantList, UsageError } from './tenant-commands';

const USAGE = `usage: netia <command>

commands:
  migrate                                   apply pending migrations to the configured database
  tenant create --name N --email E [--plan basic|pro|enterprise] [--crisp-website-id ID] [--tidio-website-id KEY]
                                            create a tenant; prints its id and first API key (shown once)
  tenant list                               list every tenant
  tenant export ID [--out FILE]             all of a tenant's data as JSON Lines (no secrets), on stdout or into FILE
  tenant delete ID --yes                    delete a tenant and all of its data (cannot be undone)
  key create --tenant ID [--scopes a:read,b:write] [--name N]
                                            a new API key for a tenant (all scopes by default; shown once)
${INTEGRATION_USAGE}`;

type Command = (database: Database, args: string[], env: NodeJS.ProcessEnv) => Promise<unknown>;

const COMMANDS: Record<string, Command> = {
  migrate: async (database) => ({ applied: await migrateToLatest(database.db) }),
  'tenant create': (database, args, env) => tenantCreate(database.db, args, { trialDays: loadConfig(env).trialDays }),
  'tenant list': (database, args) => tenantList(database.db, args),
  'tenant export': (database, args) => tenantExport(database.db, args),
  'tenant delete': (database, args) => tenantDelete(database.db, args),
  'key create': (database, args) => keyCreate(database.db, args),
  'integration set-tidio': (database, args, env) => runIntegrationCommand(database.db, loadConfig(env), ['set-tidio', ...args]),
  'integration set-crisp': (database, args, env) => runIntegrationCommand(database.db, loadConfig(env), ['set-crisp', ...args]),
};

/**
 * The operator CLI. Each command prints JSON on success (a command that streamed its own output
 * returns undefined) and a one-line error on failure.
 * `database` lets tests run commands against their own database; otherwise the env's is opened.
 */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv = process.env, database?: Database): Promise<number> {
  const [first, second] = argv;
  if (!first || first === '--help' || first === 'help') {
    console.log(USAGE);
    return first ? 0 : 2;
  }
  const name = COMMANDS[first] ? first : `${first} ${second ?? ''}`.trim();
  const command = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    console.error(`unknown command: ${name}\n${USAGE}`);
    return 2;
  }
  const args = argv.slice(name.split(' ').length);
  const owned = database ? null : await createDatabase(loadConfig(env).database);
  try {
    const result = await command((database ?? owned)!, args, env);
    if (result !== undefined) console.log(JSON.stringify(result, null, 2));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n${USAGE}`);
      return 2;
    }
    if (error instanceof GraphQLError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  } finally {
    await owned?.destroy();
  }
}

/** Entry used by bin/netia.js: runs the command and exits with its status. */
export function main(): void {
  runCli(process.argv.slice(2))
    .then((code) => process.exit(code))
    .catch((error: unknown) => {
      console.error(error instanceof ConfigError || error instanceof Error ? error.message : String(error));
      process.exit(1);
    });
}
