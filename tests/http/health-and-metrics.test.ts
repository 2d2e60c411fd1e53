import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/lib/logger';
import { createTestDatabase, type TestDatabase } from '../setup/database';

let database: TestDatabase;
let app: FastifyInstance;
beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildApp({ config: loadConfig({}), database, logger: createLogger('silent') });
});
afterAll(async () => {
  await app.close();
  await database.destroy();
});

describe('health, readiness and metrics', () => {
  it('answers /healthz and /readyz and echoes a request id', async () => {
    const health = await app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'req-123' } });
    expect(health.json()).toEqual({ status: 'ok' });
    expect(health.headers['x-request-id']).toBe('req-123');
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    expect([ready.statusCode, ready.json()]).toEqual([200, { status: 'ready' }]);
  });

  it('serves Prometheus metrics with request counts by route pattern', async () => {
    await app.inject({ method: 'GET', url: '/healthz' });
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.body).toMatch(/netia_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/);
    expect(response.body).toContain('netia_http_request_duration_seconds_bucket');
  });
});
