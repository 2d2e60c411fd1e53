import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { httpCall, lightFetch } from './http-client';

describe('http-client', () => {
  let server: http.Server;
  let base: string;
  const hanging = new Set<http.ServerResponse>();

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        if (req.url === '/moved') return res.writeHead(307, { location: '/echo' }).end();
        if (req.url === '/empty') return res.writeHead(204).end();
        if (req.url === '/hang') return void hanging.add(res);
        if (req.url === '/slow-body') {
          res.writeHead(200, { 'content-type': 'application/json' }).write('{"started":');
          return void hanging.add(res);
        }
        res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2'] });
        res.end(JSON.stringify({ method: req.method, url: req.url, body, auth: req.headers.authorization ?? null }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    for (const res of hanging) res.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends the method, headers and body and reads the whole answer', async () => {
    const answer = await httpCall({ method: 'POST', url: `${base}/echo`, headers: { authorization: 'Bearer k' }, body: 'hello', timeoutMs: 5_000 });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({ method: 'POST', url: '/echo', body: 'hello', auth: 'Bearer k' });
  });

  it('follows a redirect, as fetch does', async () => {
    const answer = await httpCall({ method: 'POST', url: `${base}/moved`, headers: {}, body: 'again', timeoutMs: 5_000 });
    expect(JSON.parse(answer.text)).toMatchObject({ url: '/echo', body: 'again' });
  });

  it('fails with a TimeoutError when the headers, or the body, do not come in time', async () => {
    await expect(httpCall({ method: 'GET', url: `${base}/hang`, headers: {}, timeoutMs: 100 })).rejects.toMatchObject({ name: 'TimeoutError' });
    await expect(httpCall({ method: 'GET', url: `${base}/slow-body`, headers: {}, timeoutMs: 100 })).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it("fails with the caller's signal's reason when it aborts first", async () => {
    const controller = new AbortController();
    const call = httpCall({ method: 'GET', url: `${base}/hang`, headers: {}, timeoutMs: 60_000, signal: controller.signal });
    controller.abort();
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('fails with a network error when nothing listens', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    await expect(httpCall({ method: 'GET', url: `http://127.0.0.1:${port}/`, headers: {}, timeoutMs: 5_000 })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  describe(lightFetch.name, () => {
    it('answers like fetch: status, repeated headers and body', async () => {
      const response = await lightFetch(`${base}/echo`, { method: 'POST', headers: new Headers({ authorization: 'Bearer k' }), body: '{"a":1}' });
      expect(response.status).toBe(200);
      expect(response.ok).toBe(true);
      expect(response.headers.get('content-type')).toBe('application/json');
      expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
      expect(await response.json()).toEqual({ method: 'POST', url: '/echo', body: '{"a":1}', auth: 'Bearer k' });
    });

    it('gives a status without a body a Response without one', async () => {
      const response = await lightFetch(`${base}/empty`);
      expect(response.status).toBe(204);
      expect(response.body).toBeNull();
    });

    it('rejects with an AbortError when its signal aborts, as the OpenAI client expects of fetch', async () => {
      const controller = new AbortController();
      const call = lightFetch(`${base}/hang`, { signal: controller.signal });
      controller.abort();
      await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    });
  });
});
