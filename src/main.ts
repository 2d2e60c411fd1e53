import 'reflect-metadata';
import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';
import { createDatabase, type Database } from './db/database';
import { DataDirLockedError } from './db/data-dir-lock';
import { migrateToLatest } from './db/migrate';
import { checkConfigAgainstDatabase, checkDatabaseRoles } from './db/startup-checks';
import { startChatRuntime } from './chat/replies/chat-runtime';
import { localGraphqlUrl, newLocalAdminToken, writeLocalAdminEndpoint } from './lib/local-admin-endpoint';
import { createLogger } from './lib/logger';
import { prepareFirstStartNotice } from './modules/tenants/first-start';
import { startTracing } from './observability/tracing';

/** Extra time after SHUTDOWN_TIMEOUT_MS for closing the queue and the pool before the process gives up. */
const SHUTDOWN_GRACE_MS = 10_000;

/** Resolves true when `work` settles within `ms`, false when the time runs out first. */
function within(work: Promise<unknown>, ms: number): Promise<boolean> {
  return Promise.race([
    work.then(() => true, () => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms).unref()),
  ]);
}

/**
 * Process entry: config → database (migrated, checked against the config) → job queue and reply workers → HTTP server →
 * graceful shutdown on SIGTERM/SIGINT.
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
  // Before anything that makes spans; off unless OTEL_* variables turn it on.
  const tracing = startTracing(config.tracing);
  if (tracing) logger.info({ exporters: config.tracing.exporters, serviceName: config.tracing.serviceName }, 'tracing on');
  let database: Database;
  try {
    database = await createDatabase(config.database);
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  // A ConfigError from a check against the database stops the process with its message, like loadConfig's.
  const refuseOn = async (check: () => Promise<void>) => {
    try {
      await check();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      console.error(error.message);
      await database.destroy();
      process.exit(1);
    }
  };
  // Before migrating: a superuser login is refused before it changes anything.
  await refuseOn(() => checkDatabaseRoles(database, config, logger));
  const applied = await migrateToLatest(database.db);
  logger.info({ applied, database: config.database.kind }, 'database migrated');
  await refuseOn(() => checkConfigAgainstDatabase(database.db, config));

  const notice = await prepareFirstStartNotice(database);

  // While this server holds the embedded database, `netia` commands reach it through its admin API.
  const dataDir = config.database.kind === 'pglite' ? config.database.dataDir : null;
  const localAdminToken = dataDir ? newLocalAdminToken() : null;
  const chat = await startChatRuntime({ config, database, logger });
  const app = await buildApp({ config, database, logger, chat, localAdminToken });
  await app.listen({ host: config.http.host, port: config.http.port });
  const address = app.server.address();
  const graphqlUrl = localGraphqlUrl(config.http.host, typeof address === 'object' && address ? address.port : config.http.port);
  const removeEndpoint = dataDir && localAdminToken ? writeLocalAdminEndpoint(dataDir, { pid: process.pid, url: graphqlUrl, token: localAdminToken }) : () => undefined;
  if (notice) {
    logger.info({ playground: graphqlUrl }, 'first start');
    process.stdout.write(notice(graphqlUrl));
  }

  /*
   * 1. stop listening (new connections are refused) and stop taking reply jobs, at once;
   * 2. let in-flight requests and running reply jobs finish, up to SHUTDOWN_TIMEOUT_MS; webhooks still
   *    being answered may enqueue meanwhile, since the queue stays open;
   * 3. past the deadline, cut the remaining connections (exit code 1: work was interrupted; a reply
   *    job cut off is retried by the next server);
   * 4. close the queue, then the database pool, and exit.
   */
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => {
      logger.error({ signal }, 'shutdown did not complete; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs + SHUTDOWN_GRACE_MS).unref();
    logger.info({ signal, timeoutMs: config.shutdownTimeoutMs }, 'shutting down');
    removeEndpoint();
    const drained = await within(Promise.all([app.close(), chat.stopWorkers()]), config.shutdownTimeoutMs);
    if (!drained) {
      logger.warn({ timeoutMs: config.shutdownTimeoutMs }, 'in-flight work did not finish within SHUTDOWN_TIMEOUT_MS; cutting it off');
      app.server.closeAllConnections();
    }
    await chat.stop(drained ? undefined : 0);
    await database.destroy();
    // The spans of the last requests are exported before the process ends.
    await within(tracing?.shutdown() ?? Promise.resolve(), 5_000);
    logger.info({ signal, drained }, 'shutdown complete');
    process.exit(drained ? 0 : 1);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
