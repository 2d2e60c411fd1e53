import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config';
import type { Database } from '../db/database';
import { DataDirLockedError, findLockHolder } from '../db/data-dir-lock';
import { readLocalAdminEndpoint } from '../lib/local-admin-endpoint';
import type { CliBackend } from './backend';
import { CommandFailed } from './cli-errors';

/**
 * Where a command runs:
 * 1. PostgreSQL (DATABASE_URL): on the database, which any number of processes may share;
 * 2. the embedded database held by a running server: through that server's admin API (the server
 *    wrote its URL and a token for this start into the data directory);
 * 3. the embedded database held by nobody: opened here, under the directory's lock, so that a server
 *    started meanwhile refuses to open it instead of losing data. A directory this command creates is
 *    migrated first, as `npm start` would, so `npx netia tenant create` works on a fresh clone before
 *    any server ran (an existing one was migrated by the server or `netia migrate` that made it).
 * Each backend's modules are imported only when chosen, so a command sent to a server loads no
 * database driver.
 */
export async function openBackend(env: NodeJS.ProcessEnv, database?: Database): Promise<CliBackend> {
  const config = loadConfig(env);
  if (database) return (await import('./local-backend')).localBackend(database, config, { owned: false });
  const dataDir = config.database.kind === 'pglite' ? config.database.dataDir : null;
  const holder = dataDir ? findLockHolder(dataDir) : null;
  if (dataDir && holder) {
    const endpoint = readLocalAdminEndpoint(dataDir);
    if (!endpoint || endpoint.pid !== holder.pid) {
      throw new CommandFailed(
        `the data directory ${dataDir} is in use by process ${holder.pid}, which takes no commands ` +
          `(another netia command, or a server still starting): retry when it has finished or started`,
      );
    }
    return (await import('./remote-backend')).remoteBackend(endpoint);
  }
  const { createDatabase } = await import('../db/database');
  const fresh = dataDir !== null && !fs.existsSync(path.join(dataDir, 'PG_VERSION'));
  try {
    const opened = await createDatabase(config.database);
    let applied: string[] = [];
    try {
      if (fresh) applied = await (await import('../db/migrate')).migrateToLatest(opened.db);
    } catch (error) {
      await opened.destroy();
      throw error;
    }
    return (await import('./local-backend')).localBackend(opened, config, { owned: true, applied });
  } catch (error) {
    // A server took the directory between the check above and the lock.
    if (error instanceof DataDirLockedError) throw new CommandFailed(error.message);
    throw error;
  }
}
