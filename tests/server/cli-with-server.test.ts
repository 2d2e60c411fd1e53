import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { LOCK_FILE } from '../../src/db/data-dir-lock';
import { ENDPOINT_FILE } from '../../src/lib/local-admin-endpoint';
import { TEMPLATE_ENV } from '../setup/template';
import { runCliProcess } from '../support/cli-process';
import { startServerProcess, type ServerProcess } from '../support/server-process';

jest.setTimeout(300_000);

// The server runs on embedded PGlite whatever TEST_DATABASE_URL says (the lock and the admin
// endpoint exist only there), and it needs the PGlite template: one run of this slow test is enough.
const describeOnce = process.env.TEST_DATABASE_URL ? describe.skip : describe;

async function graphql(server: ServerProcess, key: string, query: string) {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: (await response.json()) as { data?: Record<string, any>; errors?: unknown[] } };
}

describeOnce('netia commands while the server holds the embedded database', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  const servers: ServerProcess[] = [];
  const start = async () => {
    const server = await startServerProcess(env);
    servers.push(server);
    return server;
  };

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'netia-cli-server-'));
    // A migrated database to start from (initdb alone takes longer than the rest of the test).
    const pglite = await PGlite.create(dataDir, { loadDataDir: new Blob([fs.readFileSync(process.env[TEMPLATE_ENV]!)]) });
    await pglite.close();
    env = { DATA_DIR: dataDir };
  });
  afterAll(async () => {
    for (const server of servers) await server.stop('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates a tenant through the running server, whose key works at once and after a restart', async () => {
    const server = await start();
    const pid = server.child.pid!;
    const endpoint = path.join(dataDir, ENDPOINT_FILE);
    expect(fs.statSync(endpoint).mode & 0o777).toBe(0o600);
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, LOCK_FILE), 'utf8')).pid).toBe(pid);

    const created = await runCliProcess(['tenant', 'create', '--name', 'Fjord Bikes', '--email', 'ops@fjord.example', '--plan', 'pro'], env);
    expect([created.code, created.stderr]).toEqual([0, '']);
    const tenant = JSON.parse(created.stdout) as { tenantId: string; apiKey: string; plan: string };
    expect(tenant.plan).toBe('pro');

    // The key works at once: the server itself stored it.
    const first = await graphql(server, tenant.apiKey, '{ tenant { id name subscriptionPlan } }');
    expect(first.body.data?.tenant).toEqual({ id: tenant.tenantId, name: 'Fjord Bikes', subscriptionPlan: 'PRO' });
    const trail = await graphql(server, tenant.apiKey, '{ auditEvents { edges { node { action actorType actorId } } } }');
    expect(trail.body.data?.auditEvents.edges).toEqual([{ node: { action: 'createTenant', actorType: 'ADMIN', actorId: 'cli' } }]);

    // Refusals through the server keep their kind in the exit status, as on the embedded database.
    const duplicate = await runCliProcess(['tenant', 'create', '--name', 'Again', '--email', 'ops@fjord.example'], env);
    expect([duplicate.code, duplicate.stderr.trim()]).toEqual([5, 'netia tenant create: --email: is already used by another tenant']);

    const key = await runCliProcess(['key', 'create', '--tenant', tenant.tenantId, '--scopes', 'leads:read'], env);
    expect(key.code).toBe(0);
    expect(JSON.parse(key.stdout).scopes).toEqual(['leads:read']);
    const listed = await runCliProcess(['tenant', 'list'], env);
    expect(JSON.parse(listed.stdout)).toEqual(expect.arrayContaining([expect.objectContaining({ id: tenant.tenantId, plan: 'pro', status: 'trial' })]));
    const refused = await runCliProcess(['key', 'create', '--tenant', crypto.randomUUID()], env);
    expect([refused.code, refused.stderr]).toEqual([4, 'netia key create: Tenant not found\n']);

    // A second server on the same directory refuses to start, naming the first.
    const second = startServerProcess(env, 120_000);
    await expect(second).rejects.toThrow(new RegExp(`in use by process ${pid}`));

    expect(await server.stop('SIGTERM')).toBe(0);
    expect(fs.existsSync(endpoint)).toBe(false);
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);

    // With no server, the command opens the database itself (and finds what the server wrote).
    const offline = await runCliProcess(['tenant', 'list'], env);
    expect(offline.code).toBe(0);
    expect(JSON.parse(offline.stdout).map((row: { id: string }) => row.id)).toContain(tenant.tenantId);

    const restarted = await start();
    const again = await graphql(restarted, tenant.apiKey, '{ tenant { id name } }');
    expect(again.body.data?.tenant).toEqual({ id: tenant.tenantId, name: 'Fjord Bikes' });
  });

  it('takes over the lock of a server that was killed', async () => {
    const running = servers[servers.length - 1]!;
    const created = await runCliProcess(['tenant', 'create', '--name', 'Before Kill', '--email', 'kill@example.com'], env);
    const { apiKey } = JSON.parse(created.stdout) as { apiKey: string };
    await running.stop('SIGKILL');
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, LOCK_FILE), 'utf8')).pid).toBe(running.child.pid);
    const next = await start();
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, LOCK_FILE), 'utf8')).pid).toBe(next.child.pid);
    expect((await graphql(next, apiKey, '{ tenant { name } }')).body.data?.tenant).toEqual({ name: 'Before Kill' });
  });
});
