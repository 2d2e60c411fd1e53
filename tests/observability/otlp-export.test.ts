import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startServerProcess, type ServerProcess } from '../support/server-process';

jest.setTimeout(300_000);

// One server process is enough: the embedded database whatever TEST_DATABASE_URL says.
const describeOnce = process.env.TEST_DATABASE_URL ? describe.skip : describe;

interface OtlpBody {
  resourceSpans: { resource: { attributes: { key: string; value: { stringValue?: string } }[] }; scopeSpans: { spans: { name: string }[] }[] }[];
}

describeOnce('npm start with OTEL_EXPORTER_OTLP_ENDPOINT', () => {
  const received: OtlpBody[] = [];
  let collector: http.Server;
  let dataDir: string;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    collector = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        if (request.url === '/v1/traces') received.push(JSON.parse(body) as OtlpBody);
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'netia-otlp-'));
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
    await new Promise((resolve) => collector.close(resolve));
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('exports the trace of each operation to the collector, at the latest when it shuts down', async () => {
    const endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
    server = await startServerProcess({ DATA_DIR: dataDir, OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_SERVICE_NAME: 'netia-otlp-test' });
    expect(server.output()).toContain('tracing on');
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query Schema { __schema { queryType { name } } }' }),
    });
    expect(response.status).toBe(200);
    expect(await server.stop('SIGTERM')).toBe(0);

    const spans = received.flatMap((body) => body.resourceSpans);
    const names = spans.flatMap((resourceSpans) => resourceSpans.scopeSpans.flatMap((scope) => scope.spans.map((span) => span.name)));
    expect(names).toContain('graphql query Schema');
    const services = spans.map((resourceSpans) => resourceSpans.resource.attributes.find((attribute) => attribute.key === 'service.name')?.value.stringValue);
    expect(new Set(services)).toEqual(new Set(['netia-otlp-test']));
  });
});
