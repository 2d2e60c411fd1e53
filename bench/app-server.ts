import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config';
import { createDatabase } from '../src/db/database';
import { checkDatabaseRoles } from '../src/db/startup-checks';
import { startChatRuntime } from '../src/chat/replies/chat-runtime';
import { createLogger } from '../src/lib/logger';
import { countQueries, serveStats, type ServerMessage } from './server-ipc';

/**
 * The real application as src/main.ts builds it (config from the environment, its role check, the
 * chat runtime with its reply workers, buildApp, listen),
 * plus a count of every query any pg client of the process sends — BEGIN and COMMIT, pg-boss and the
 * rate limiter's own pool queries included — so the runner can report SQL round trips per request.
 * Runs as a child process of bench/run-bench.ts.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const counters = { statements: 0, roundTrips: 0, requests: 0 };
  countQueries(Client, counters);
  const database = await createDatabase(config.database);
  const logger = createLogger(config.logLevel);
  await checkDatabaseRoles(database, config, logger);
  // BENCH_REPLY_WORKERS=off: the web tier alone (webhook-ack-only), as when workers run elsewhere.
  const chat = await startChatRuntime({ config, database, logger }, { worker: process.env.BENCH_REPLY_WORKERS !== 'off' });
  const app = await buildApp({ config, database, logger, chat });
  app.server.on('request', () => {
    counters.requests += 1;
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  serveStats(counters);
  const ready: ServerMessage = { type: 'ready', port: (app.server.address() as AddressInfo).port };
  process.send?.(ready);
  process.on('SIGTERM', () => {
    // Load generators leave keep-alive sockets behind; do not wait on them for long.
    setTimeout(() => process.exit(0), 2000).unref();
    void app.close().then(() => chat.stop()).then(() => database.destroy()).then(() => process.exit(0));
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
