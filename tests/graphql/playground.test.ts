import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { PLAYGROUND_EXAMPLE_QUERY } from '../../src/graphql/playground-boot';
import { createTestApp, tenantWithKey, type TestApp } from './harness';

describe('GraphQL playground', () => {
  let t: TestApp;

  const assetUrls = async (): Promise<string[]> => {
    const page = await t.app.inject({ method: 'GET', url: '/graphql', headers: { accept: 'text/html,application/xhtml+xml' } });
    return [...page.body.matchAll(/(?:src|href)="(\/[^"]+)"/g)].map((match) => match[1]!);
  };

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves an offline GraphiQL page to a browser, without an API key', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/graphql', headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['cache-control']).toBe('no-cache');
    const urls = await assetUrls();
    expect(urls.length).toBe(5);
    for (const url of urls) {
      expect(url).toMatch(/^\/graphql\/assets\/[\w.-]+\?v=[0-9a-f]{16}$/);
      const asset = await t.app.inject({ method: 'GET', url });
      expect(asset.statusCode).toBe(200);
      expect(asset.body.length).toBeGreaterThan(100);
    }
    const boot = await t.app.inject({ method: 'GET', url: '/graphql/assets/playground.js' });
    expect(boot.body).toContain('isHeadersEditorEnabled: true');
    expect(boot.body).toContain('"{\\n  \\"Authorization\\": \\"Bearer ntk_…\\"\\n}"');
    expect(boot.body).toContain('query TenantOverview');
    // GraphiQL's own header persistence stays off; the visible box decides (tests/graphql/playground.browser.test.ts).
    expect(boot.body).toContain('shouldPersistHeaders: false');
  });

  it('serves its assets compressed, with cache headers', async () => {
    const url = (await assetUrls()).find((u) => u.includes('graphiql.min.js'))!;
    const plain = await t.app.inject({ method: 'GET', url });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.headers.vary).toBe('accept-encoding');

    const br = await t.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 4);
    expect(brotliDecompressSync(br.rawPayload).equals(plain.rawPayload)).toBe(true);

    const gzip = await t.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip, br;q=0' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.rawPayload).equals(plain.rawPayload)).toBe(true);

    const revalidated = await t.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'br', 'if-none-match': String(br.headers.etag) } });
    expect(revalidated.statusCode).toBe(304);
    expect(revalidated.rawPayload.length).toBe(0);

    const unversioned = await t.app.inject({ method: 'GET', url: '/graphql/assets/graphiql.min.js' });
    expect(unversioned.headers['cache-control']).toBe('public, max-age=300');
  });

  it('opens on an example query that runs against the schema', async () => {
    const { key } = await tenantWithKey(t.database, { tenant: { name: 'Example Shop' } });
    const response = await t.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      payload: { query: PLAYGROUND_EXAMPLE_QUERY },
    });
    expect(response.json().errors).toBeUndefined();
    expect(response.json().data.tenant.name).toBe('Example Shop');
  });

  it('serves only its own assets', async () => {
    for (const url of ['/graphql/assets/package.json', '/graphql/assets/..%2F..%2Fpackage.json', '/graphql/assets/constructor']) {
      expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(404);
    }
  });

  it('still answers API clients on GET /graphql with JSON', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/graphql?query=%7B__typename%7D', headers: { accept: 'application/json' } });
    expect(response.statusCode).toBe(401);
    expect(response.json().errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});
