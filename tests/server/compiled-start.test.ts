import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServerProcess, type ServerProcess } from '../support/server-process';

jest.setTimeout(300_000);

const ROOT = path.resolve(__dirname, '../..');
// The server runs on embedded PGlite whatever TEST_DATABASE_URL says: one run of this slow test is enough.
const describeOnce = process.env.TEST_DATABASE_URL ? describe.skip : describe;

describeOnce('npm run build && npm run serve (compiled JavaScript, as production runs it)', () => {
  // Inside the checkout, so the compiled files resolve node_modules as dist/ does.
  const outDir = path.join(ROOT, `.build-test-${process.pid}`);
  let dataDir: string;
  let server: ServerProcess | undefined;

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'netia-serve-'));
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', outDir], { cwd: ROOT });
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(outDir, { recursive: true, force: true });
  });

  it('migrates from the compiled migrations, answers GraphQL and exits 0 on SIGTERM', async () => {
    server = await startServerProcess({ DATA_DIR: dataDir }, undefined, [path.join(outDir, 'src/main.js')]);
    expect(server.output()).toContain('database migrated');
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    const unauthenticated = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ tenant { id } }' }),
    });
    expect(unauthenticated.status).toBe(401);
    expect(await server.stop('SIGTERM')).toBe(0);
  });
});
