import { loadConfig, type Config } from '../../src/config';
import { createDatabase, type Database } from '../../src/db/database';
import { createTestDatabase, type TestDatabase } from '../setup/database';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';

/**
 * A fresh test database, and a second handle on it that goes through a TCP proxy, so a test can cut
 * the application's connections while checking results through the direct one (`owner`).
 */
export interface ProxiedDatabase {
  owner: TestDatabase;
  proxy: TcpProxy;
  /** The application's configuration, pointed at the proxy; connecting gives up after 500 ms. */
  config: Config;
  /** The application's handle, through the proxy; whoever runs the application destroys it. */
  database: Database;
  /** Closes the proxy and drops the test database. */
  close(): Promise<void>;
}

export async function startProxiedDatabase(): Promise<ProxiedDatabase> {
  const owner = await createTestDatabase();
  const target = new URL(owner.url!);
  const proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
  const viaProxy = new URL(owner.url!);
  viaProxy.host = `127.0.0.1:${proxy.port}`;
  const config = loadConfig({ DATABASE_URL: viaProxy.toString(), PG_CONNECT_TIMEOUT_MS: '500' });
  const database = await createDatabase(config.database);
  return {
    owner,
    proxy,
    config,
    database,
    async close() {
      await proxy.close();
      await owner.destroy();
    },
  };
}
