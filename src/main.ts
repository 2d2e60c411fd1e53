import 'reflect-metadata';
import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';
import { createDatabase } from './db/database';
import { migrateToLatest } from './db/migrate';
import { startChatRuntime } from './jobs/chat-runtime';
import { createLogger } from './lib/logger';

/**
 * Process entry: config → database (migrated) → job queue and reply workers → HTTP server →
 * graceful shutdown on SIGTERM/SIGINT (stop accepting requests, let running jobs finish, close the database).
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const database = await createDatabase(config.database);
  const applied = await migrateToLatest(database.db);
  logger.info({ applied, database: config.database.kind }, 'database migrated');

  const chat = await startChatRuntime({ config, database, logger });
  const app = await buildApp({ config, database, logger, chat });
  await app.listen({ host: config.http.host, port: config.http.port });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await app.close();
    await chat.stop();
    await database.destroy();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
