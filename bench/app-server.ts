import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config';
import { createDatabase } from '../src/db/database';
import { startChatRuntime } from '../src/jobs/chat-runtime';
import { createLogger } from '../src/lib/logger';
import { serveStats, type ServerMessage } from './server-ipc';

/**
 * The real application as src/main.ts builds it (config from the environment, the chat runtime with
 * its reply workers, buildApp, listen),
 * plus a Kysely log hook that counts every statement sent — BEGIN and COMMIT included — so the
 * runner can report SQL statements per request. Runs as a child process of bench/run-bench.ts.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const counters = { statements: 0, requests: 0 };
  const database = await createDatabase(config.database, (event) => {
    if (event.level === 'query') counters.statements += 1;
  });
  const logger = createLogger(config.logLevel);
  const chat = await startChatRuntime({ config, database, logger });
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
