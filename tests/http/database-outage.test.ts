import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app';
import type { Database } from '../../src/db/database';
import { createLogger } from '../../src/lib/logger';
import { startProxiedDatabase, type ProxiedDatabase } from '../support/proxied-database';
import type { TcpProxy } from '../support/tcp-proxy';
import { waitFor } from '../webhooks/webhook-harness';

// An outage can only be staged on a networked PostgreSQL; the embedded database cannot go away.
const describeOnPostgres = process.env.TEST_DATABASE_URL ? describe : describe.skip;

describeOnPostgres('database outage', () => {
  let proxied: ProxiedDatabase;
  let proxy: TcpProxy;
  let database: Database;
  let app: FastifyInstance;

  beforeAll(async () => {
    proxied = await startProxiedDatabase();
    ({ proxy, database } = proxied);
    app = await buildApp({ config: proxied.config, database, logger: createLogger('silent') });
  });
  afterAll(async () => {
    await app.close();
    await database.destroy();
    await proxied.close();
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
