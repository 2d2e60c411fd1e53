import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServerProcess, type ServerProcess } from '../support/server-process';

jest.setTimeout(300_000);

describe('npm start with no configuration', () => {
  let dataDir: string;
  let server: ServerProcess | undefined;

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'netia-start-'));
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('migrates an embedded database, answers health and readiness, and exits 0 on SIGTERM', async () => {
    server = await startServerProcess({ DATA_DIR: dataDir });
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(fs.existsSync(path.join(dataDir, 'PG_VERSION'))).toBe(true);
    expect(server.output()).toContain('database migrated');
    expect(await server.stop('SIGTERM')).toBe(0);
  });

  it('refuses to start with a clear message naming a malformed variable', async () => {
    await expect(startServerProcess({ DATA_DIR: dataDir, DATABASE_URL: 'mysql://nope' })).rejects.toThrow(
      /DATABASE_URL: must be a postgres/,
    );
  });
});
