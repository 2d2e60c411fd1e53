import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCliProcess } from '../support/cli-process';

jest.setTimeout(120_000);

// `npx netia` as an operator runs it: bin/netia.js in its own process. These mistakes are caught
// before any database is opened, so the data directory stays untouched.
describe('npx netia (child process)', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'netia-cli-'));
    env = { DATA_DIR: dataDir };
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('prints the commands with --help, and each command its options', async () => {
    const all = await runCliProcess(['--help'], env);
    expect([all.code, all.stderr]).toEqual([0, '']);
    for (const command of ['migrate', 'tenant create', 'tenant list', 'tenant export', 'tenant delete', 'key create', 'integration set-crisp', 'integration set-tidio']) {
      expect(all.stdout).toContain(`  ${command} `);
    }
    const one = await runCliProcess(['integration', 'set-crisp', '--help'], env);
    expect(one.code).toBe(0);
    expect(one.stdout.split('\n')[0]).toBe('usage: netia integration set-crisp --tenant ID [--website-id ID] [--hook-key S]');
    expect(one.stdout).toContain('--hook-key S');
  });

  it.each([
    [['key', 'create', '--tenant', '00000000-0000-4000-8000-000000000000', '--scopes', ''], 2, 'netia key create: --scopes names no scope'],
    [['integration', 'set-crisp', '--tenant', '00000000-0000-4000-8000-000000000000', '--hook-key', 'short'], 2, 'netia integration set-crisp: --hook-key: Too small'],
    [['tenant', 'create', '--name', 'X'], 2, 'netia tenant create: missing --email'],
    [['tenant', 'delete', '00000000-0000-4000-8000-000000000000'], 2, 'netia tenant delete: deleting a tenant cannot be undone: add --yes'],
    [['frobnicate'], 2, 'netia: unknown command "frobnicate"'],
  ])('%j exits %d with one line on stderr and nothing on stdout', async (args, code, start) => {
    const result = await runCliProcess(args, env);
    expect(result.code).toBe(code);
    expect(result.stdout).toBe('');
    expect(result.stderr.startsWith(start)).toBe(true);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });

  it('creates the embedded database it is the first to open, migrated, so a fresh clone can make its first tenant', async () => {
    const fresh = path.join(dataDir, 'fresh');
    const created = await runCliProcess(['tenant', 'create', '--name', 'First', '--email', 'first@example.com'], { DATA_DIR: fresh });
    expect([created.code, created.stderr]).toEqual([0, '']);
    const listed = await runCliProcess(['tenant', 'list'], { DATA_DIR: fresh });
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ name: 'First', status: 'trial' })]);
    expect(fs.existsSync(path.join(fresh, 'netia.lock'))).toBe(false);
  });
});
