import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/lib/logger';
import { createTestDatabase, type TestDatabase } from '../setup/database';
import { freePort } from '../support/server-process';

// Hooks build an app on a fresh database: on a busy 2-core machine that takes longer than jest's 5 s default.
jest.setTimeout(60_000);

const METRICS_TOKEN = 'metrics-token-0123456789abcdefghijkl';

let database: TestDatabase;
const apps: FastifyInstance[] = [];

async function app(env: NodeJS.ProcessEnv = {}): Promise<FastifyInstance> {
  const built = await buildApp({ config: loadConfig(env), database, logger: createLogger('silent') });
  apps.push(built);
  return built;
}

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  for (const built of apps) await built.close();
  await database.destroy();
});

describe('health and readiness', () => {
  it('answers /healthz and /readyz and echoes a request id', async () => {
    const server = await app();
    const health = await server.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'req-123' } });
    expect(health.json()).toEqual({ status: 'ok' });
    expect(health.headers['x-request-id']).toBe('req-123');
    const ready = await server.inject({ method: 'GET', url: '/readyz' });
    expect([ready.statusCode, ready.json()]).toEqual([200, { status: 'ready' }]);
  });
});

describe('GET /metrics: never open, since it names every tenant’s operations', () => {
  it('is not served at all unless METRICS_TOKEN or METRICS_PORT is set', async () => {
    const server = await app();
    expect((await server.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
  });

  it('with METRICS_TOKEN: 401 without the token or with a wrong one, Prometheus metrics by route pattern with it', async () => {
    const server = await app({ METRICS_TOKEN });
    await server.inject({ method: 'GET', url: '/healthz' });
    for (const authorization of [undefined, 'Bearer wrong-token-wrong-token-wrong-token', METRICS_TOKEN]) {
      const refused = await server.inject({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} });
      expect(refused.statusCode).toBe(401);
      expect(refused.body).not.toContain('netia_');
    }
    const response = await server.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.body).toMatch(/netia_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/);
    expect(response.body).toContain('netia_http_request_duration_seconds_bucket');
  });

  it('with METRICS_PORT: served on its own listener only, which closes with the server', async () => {
    const port = await freePort();
    const server = await app({ METRICS_PORT: String(port), METRICS_HOST: '127.0.0.1' });
    await server.listen({ host: '127.0.0.1', port: 0 });
    const address = server.server.address();
    const main = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    await fetch(`${main}/healthz`);
    expect((await fetch(`${main}/metrics`)).status).toBe(404);
    const scraped = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toMatch(/netia_http_requests_total\{method="GET",route="\/healthz",status="200"\} 1/);
    await server.close();
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
  });

  it('with both, the token guards the separate listener too', async () => {
    const port = await freePort();
    const server = await app({ METRICS_PORT: String(port), METRICS_TOKEN });
    await server.listen({ host: '127.0.0.1', port: 0 });
    expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status).toBe(200);
  });
});
