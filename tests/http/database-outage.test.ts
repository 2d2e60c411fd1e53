import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createDatabase, type Database } from '../../src/db/database';
import { createLogger } from '../../src/lib/logger';
import { createTestDatabase, type TestDatabase } from '../setup/database';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { waitFor } from '../webhooks/webhook-harness';

// An outage can only be staged on a networked PostgreSQL; the embedded database cannot go away.
const describeOnPostgres = process.env.TEST_DATABASE_URL ? describe : describe.skip;

describeOnPostgres('database outage', () => {
  let testDatabase: TestDatabase;
  let proxy: TcpProxy;
  let database: Database;
  let app: FastifyInstance;

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const target = new URL(testDatabase.url!);
    proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
    const viaProxy = new URL(testDatabase.url!);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    const config = loadConfig({ DATABASE_URL: viaProxy.toString(), PG_CONNECT_TIMEOUT_MS: '500' });
    database = await createDatabase(config.database);
    app = await buildApp({ config, database, logger: createLogger('silent') });
  });
  afterAll(async () => {
    await app.close();
    await database.destroy();
    await proxy.close();
    await testDatabase.destroy();
  });

  it('reports 503 from /readyz while the database is unreachable and recovers by itself', async () => {
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    proxy.cut();
    const down = await app.inject({ method: 'GET', url: '/readyz' });
    expect([down.statusCode, down.json()]).toEqual([503, { status: 'unavailable', reason: 'database unreachable' }]);
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    proxy.restore();
    await waitFor(async () => (await app.inject({ method: 'GET', url: '/readyz' })).statusCode === 200, 10_000, 'readiness after the outage');
  });
});
