import 'reflect-metadata';
import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';
import { createDatabase } from './db/database';
import { migrateToLatest } from './db/migrate';
import { checkConfigAgainstDatabase } from './db/startup-checks';
import { startChatRuntime } from './jobs/chat-runtime';
import { createLogger } from './lib/logger';
import { seedDemoTenantIfEmpty } from './modules/tenants/demo-tenant';
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
  const database = await createDatabase(config.database);
  const applied = await migrateToLatest(database.db);
  logger.info({ applied, database: config.database.kind }, 'database migrated');
  try {
    await checkConfigAgainstDatabase(database.db, config);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    await database.destroy();
    process.exit(1);
  }

  const demo = database.kind === 'pglite' ? await seedDemoTenantIfEmpty(database.db, { trialDays: config.trialDays }) : null;

  const chat = await startChatRuntime({ config, database, logger });
  const app = await buildApp({ config, database, logger, chat });
  await app.listen({ host: config.http.host, port: config.http.port });
  if (demo) {
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.http.port;
    const playground = `http://${config.http.host}:${port}/graphql`;
    logger.info({ tenantId: demo.tenantId, playground }, 'demo tenant created');
    // The key goes to the terminal once, never into the structured log.
    process.stdout.write(
      `\nNetia demo tenant ready. Open ${playground} and send the header\n` +
        `  Authorization: Bearer ${demo.apiKey}\n` +
        `then try: { conversations(first: 5) { edges { node { platform messages { edges { node { role content } } } } } } }\n\n`,
    );
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
