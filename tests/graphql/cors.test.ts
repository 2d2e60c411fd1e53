import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createTestDatabase, type TestDatabase } from '../setup/database';
import { tenantWithKey, testConfig } from './harness';

const ADMIN_SPA = 'https://admin.example.com';

describe('CORS on /graphql (CORS_ORIGINS), over real HTTP', () => {
  let database: TestDatabase;
  const apps: FastifyInstance[] = [];
  let key: string;

  async function serve(corsOrigins: string[]): Promise<string> {
    const app = await buildApp({ config: { ...testConfig(), corsOrigins }, database, logger: pino({ level: 'silent' }) });
    apps.push(app);
    await app.listen({ host: '127.0.0.1', port: 0 });
    return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  }

  const preflight = (base: string, origin: string) =>
    fetch(`${base}/graphql`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
  const query = (base: string, origin: string) =>
    fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { origin, authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ tenant { name } }' }),
    });

  beforeAll(async () => {
    database = await createTestDatabase();
    ({ key } = await tenantWithKey(database, { tenant: { name: 'Cors Shop' } }));
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await database.destroy();
  });

  it('answers the preflight of a configured origin and lets it read the response', async () => {
    const base = await serve([ADMIN_SPA, 'http://localhost:5173']);
    const options = await preflight(base, ADMIN_SPA);
    expect(options.status).toBe(204);
    expect(options.headers.get('access-control-allow-origin')).toBe(ADMIN_SPA);
    expect(options.headers.get('access-control-allow-methods')).toBe('GET, POST');
    expect(options.headers.get('access-control-allow-headers')).toBe('Authorization, X-API-Key, Content-Type');
    expect(options.headers.get('access-control-max-age')).toBe('600');
    expect(options.headers.get('vary')).toContain('Origin');

    const response = await query(base, ADMIN_SPA);
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(ADMIN_SPA);
    expect(response.headers.get('access-control-expose-headers')).toBe('X-Request-Id, Retry-After');
    expect(await response.json()).toEqual({ data: { tenant: { name: 'Cors Shop' } } });
  });

  it('gives a refused origin no CORS headers, and routes other than /graphql none at all', async () => {
    const base = await serve([ADMIN_SPA]);
    const options = await preflight(base, 'https://evil.example.net');
    expect(options.headers.get('access-control-allow-origin')).toBeNull();
    const response = await query(base, 'https://evil.example.net');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    const health = await fetch(`${base}/healthz`, { headers: { origin: ADMIN_SPA } });
    expect(health.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('sends no CORS headers when CORS_ORIGINS is unset, and allows any origin with *', async () => {
    const closed = await serve([]);
    expect((await query(closed, ADMIN_SPA)).headers.get('access-control-allow-origin')).toBeNull();
    expect((await preflight(closed, ADMIN_SPA)).headers.get('access-control-allow-origin')).toBeNull();
    const open = await serve(['*']);
    expect((await preflight(open, 'https://partner.example.org')).headers.get('access-control-allow-origin')).toBe('*');
  });

  it('reads CORS_ORIGINS and refuses what is not an origin', () => {
    expect(loadConfig({}).corsOrigins).toEqual([]);
    expect(loadConfig({ CORS_ORIGINS: ' https://a.example.com , http://localhost:5173 ' }).corsOrigins).toEqual([
      'https://a.example.com',
      'http://localhost:5173',
    ]);
    for (const bad of ['https://a.example.com/', 'https://a.example.com/admin', 'a.example.com', 'ftp://a.example.com']) {
      expect(() => loadConfig({ CORS_ORIGINS: bad })).toThrow(/CORS_ORIGINS/);
    }
  });
});
