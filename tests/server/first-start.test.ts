import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase } from '../setup/database';
import { runCliProcess } from '../support/cli-process';
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
    expect(server.output()).toContain('Pro plan, does not expire');
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

// The hint concerns PostgreSQL only (the embedded database gets the demo tenant instead).
const describePostgres = process.env.TEST_DATABASE_URL ? describe : describe.skip;

describePostgres('first start on PostgreSQL', () => {
  it('tells a newcomer with no tenant the command that makes the first key, and says nothing once one exists', async () => {
    const database = await createTestDatabase();
    const env = { DATABASE_URL: database.url! };
    let server: ServerProcess | undefined;
    try {
      server = await startServerProcess(env);
      expect(server.output()).toContain('with no tenant yet');
      expect(server.output()).toContain('npx netia tenant create --name "Your Company" --email you@example.com');
      expect(await server.stop('SIGTERM')).toBe(0);

      // The command it names works as printed (with the same DATABASE_URL).
      const created = await runCliProcess(['tenant', 'create', '--name', 'Your Company', '--email', 'you@example.com'], env);
      expect([created.code, created.stderr]).toEqual([0, '']);
      const { apiKey } = JSON.parse(created.stdout) as { apiKey: string };

      server = await startServerProcess(env);
      expect(server.output()).not.toContain('no tenant yet');
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
        body: JSON.stringify({ query: '{ tenant { name } }' }),
      });
      expect(((await response.json()) as { data: { tenant: { name: string } } }).data.tenant.name).toBe('Your Company');
      expect(await server.stop('SIGTERM')).toBe(0);
    } finally {
      await server?.stop('SIGKILL');
      await database.destroy();
    }
  });
});
