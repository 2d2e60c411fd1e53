import 'reflect-metadata';
import { ConfigError, loadConfig } from '../config';
import { createDatabase } from '../db/database';
import { migrateToLatest } from '../db/migrate';
import { CliUsageError, INTEGRATION_USAGE, runIntegrationCommand } from './integration.command';

const USAGE = `usage: netia <command>

commands:
  migrate            apply pending migrations to the configured database
${INTEGRATION_USAGE}`;

/** The operator CLI. Each command prints JSON on success and a one-line error on failure. */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [command] = argv;
  if (!command || command === '--help' || command === 'help') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const config = loadConfig(env);
  const database = await createDatabase(config.database);
  try {
    switch (command) {
      case 'migrate': {
        const applied = await migrateToLatest(database.db);
        console.log(JSON.stringify({ applied }));
        return 0;
      }
      case 'integration': {
        try {
          console.log(JSON.stringify(await runIntegrationCommand(database.db, config, argv.slice(1))));
          return 0;
        } catch (error) {
          if (!(error instanceof CliUsageError)) throw error;
          console.error(`${error.message}\n${USAGE}`);
          return 2;
        }
      }
      default:
        console.error(`unknown command: ${command}\n${USAGE}`);
        return 2;
    }
  } finally {
    await database.destroy();
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
