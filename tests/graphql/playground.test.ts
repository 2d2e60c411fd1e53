import { createTestApp, type TestApp } from './harness';

describe('GraphQL playground', () => {
  let t: TestApp;

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
    const scripts = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(scripts.length).toBe(5);
    for (const url of scripts) {
      expect(url.startsWith('/graphql/assets/')).toBe(true);
      const asset = await t.app.inject({ method: 'GET', url });
      expect(asset.statusCode).toBe(200);
      expect(asset.body.length).toBeGreaterThan(100);
    }
    const boot = await t.app.inject({ method: 'GET', url: '/graphql/assets/playground.js' });
    expect(boot.body).toContain('isHeadersEditorEnabled: true');
    expect(boot.body).toContain('Authorization');
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
