import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServerProcess, type ServerProcess } from '../support/server-process';

jest.setTimeout(300_000);

// The server runs on embedded PGlite whatever TEST_DATABASE_URL says: one run of this slow test is enough.
const describeOnce = process.env.TEST_DATABASE_URL ? describe.skip : describe;

describeOnce('first start on the embedded database', () => {
  let dataDir: string;
  let server: ServerProcess | undefined;

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'netia-first-'));
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates a demo tenant, prints its key and the playground URL, and the key answers queries', async () => {
    server = await startServerProcess({ DATA_DIR: dataDir });
    const key = /Authorization: Bearer (ntk_[\w-]+)/.exec(server.output())?.[1];
    expect(key).toBeDefined();
    expect(server.output()).toContain(`${server.url}/graphql`);
    // The key is printed for the operator, never written into a structured log line.
    const logLines = server.output().split('\n').filter((line) => line.startsWith('{'));
    expect(logLines.some((line) => line.includes(key!))).toBe(false);

    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({
        query: '{ tenant { name } conversations { totalCount } leads { totalCount } knowledgeBase { contentType } }',
      }),
    });
    const { data } = (await response.json()) as { data: Record<string, any> };
    expect(data.tenant.name).toBe('Demo Shop');
    expect(data.conversations.totalCount).toBe(3);
    expect(data.leads.totalCount).toBe(1);
    expect(data.knowledgeBase.map((entry: { contentType: string }) => entry.contentType)).toEqual(expect.arrayContaining(['FAQ', 'SYSTEM_PROMPT']));
    expect(await server.stop('SIGTERM')).toBe(0);
  });
});
