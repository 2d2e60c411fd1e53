import { sql } from 'kysely';
import { ALL_SCOPES } from '../../src/modules/api-keys/api-key.scopes';
import { buildTenant } from '../factories/tenant.factory';
import { addKey } from '../graphql/harness';
import { createTestDatabase, type TestDatabase } from '../setup/database';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { waitFor } from '../support/wait-for';
import { liveClient, subscriptionsActive, type LiveClient } from './live-client';

jest.setTimeout(240_000);

const METRICS_TOKEN = 'live-metrics-token-0123456789abcdefghij';
// Several server processes need one database they all reach: PostgreSQL only (an embedded PGlite belongs to one process).
const describeOnPostgres = process.env.TEST_DATABASE_URL ? describe : describe.skip;

describeOnPostgres('live events across server processes (PostgreSQL LISTEN/NOTIFY)', () => {
  let database: TestDatabase;
  let servers: ServerProcess[] = [];
  const clients: LiveClient[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = { DATABASE_URL: database.url!, METRICS_TOKEN, LOG_LEVEL: 'warn', NETIA_ALLOW_SUPERUSER: 'true' };
    // Started at the same moment on a fresh database, as two instances of a deployment would be.
    const started = await Promise.allSettled([startServerProcess(env), startServerProcess(env)]);
    servers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
  });
  // Each test starts with no subscription on any server, so "active ≥ 1" below means its own.
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.dispose()));
    for (const server of servers) await waitFor(async () => (await activeOn(server).catch(() => 0)) === 0, 15_000, 'the subscriptions to end');
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await Promise.all(servers.map((s) => s.stop()));
    await database.destroy();
  });

  const LEADS = 'subscription { leadCaptured { id intent } }';

  async function createLead(server: ServerProcess, key: string, intent: string) {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: 'mutation ($i: CreateLeadInput!) { createLead(input: $i) { lead { id } errors { code } } }', variables: { i: { intent } } }),
    });
    const body = (await response.json()) as { data?: { createLead: { lead: { id: string } | null } } };
    if (!body.data?.createLead.lead) throw new Error(`createLead failed: ${JSON.stringify(body)}`);
    return body.data.createLead.lead.id;
  }

  it('delivers each event once to each subscriber, whichever process raised it and whichever holds the socket', async () => {
    const tenant = await buildTenant(database.db, { subscriptionStatus: 'active' });
    const { key } = await addKey(database, tenant.id, ALL_SCOPES);
    const other = await buildTenant(database.db, { subscriptionStatus: 'active' });
    const { key: otherKey } = await addKey(database, other.id, ALL_SCOPES);
    const [one, two] = servers as [ServerProcess, ServerProcess];
    const subscribers = [one, two, one, two].map((server) => {
      const client = liveClient(server.url, `Bearer ${key}`);
      clients.push(client);
      return client.subscribe<{ leadCaptured: { id: string; intent: string } }>(LEADS);
    });
    const outsider = liveClient(two.url, `Bearer ${otherKey}`);
    clients.push(outsider);
    const outsiderSub = outsider.subscribe(LEADS);
    await subscriptionsActive(one.url, METRICS_TOKEN, 2);
    await subscriptionsActive(two.url, METRICS_TOKEN, 3);

    const first = await createLead(one, key, 'pricing');
    const second = await createLead(two, key, 'demo');
    const third = await createLead(one, key, 'support');
    for (const sub of subscribers) await waitFor(() => sub.results.length >= 3, 20_000, 'three leads');
    // One more lead on the other tenant: once it reached the outsider, anything duplicated would have arrived too.
    await createLead(one, otherKey, 'other');
    await waitFor(() => outsiderSub.results.length === 1, 20_000, "the other tenant's own lead");
    for (const sub of subscribers) {
      expect(sub.results.map((r) => r.data?.leadCaptured.id)).toEqual([first, second, third]);
    }
    expect(JSON.stringify(outsiderSub.results)).not.toContain(first);
  });

  it("tells subscribers to resync (close 1012) when the server's LISTEN connection is lost, and serves again once it is back", async () => {
    const tenant = await buildTenant(database.db, { subscriptionStatus: 'active' });
    const { key } = await addKey(database, tenant.id, ALL_SCOPES);
    // The earlier tests' subscribers are still open: wait for this one's own subscription, not for any.
    const earlier = await activeOn(servers[0]!);
    const client = liveClient(servers[0]!.url, `Bearer ${key}`);
    clients.push(client);
    client.subscribe(LEADS);
    await waitFor(async () => client.closes.length === 0 && (await activeOn(servers[0]!)) > earlier, 15_000, 'the subscription');
    await sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'netia-live' and datname = current_database()`.execute(database.db);
    await waitFor(() => client.closes.length > 0, 15_000, 'the resync close');
    expect(client.closes[0]).toMatchObject({ code: 1012, reason: expect.stringContaining('refetch') });

    // Both servers reconnect their LISTEN; a new subscriber then hears new events again.
    const again = liveClient(servers[0]!.url, `Bearer ${key}`);
    clients.push(again);
    let sub = again.subscribe<{ leadCaptured: { id: string } }>(LEADS);
    await waitFor(async () => {
      if (again.closes.length > 0 || sub.completed) {
        again.closes.length = 0;
        sub = again.subscribe<{ leadCaptured: { id: string } }>(LEADS);
        return false;
      }
      return (await activeOn(servers[0]!)) >= 1;
    }, 20_000, 'a subscription after the reconnect');
    const id = await createLead(servers[1]!, key, 'after_resync');
    await waitFor(() => sub.results.length === 1, 20_000, 'the event after the reconnect');
    expect(sub.results[0]?.data?.leadCaptured.id).toBe(id);
  });

  it('on SIGTERM closes live sockets with 1001 going away and exits 0', async () => {
    const tenant = await buildTenant(database.db, { subscriptionStatus: 'active' });
    const { key } = await addKey(database, tenant.id, ALL_SCOPES);
    const server = servers[1]!;
    const earlier = await activeOn(server);
    const client = liveClient(server.url, `Bearer ${key}`);
    clients.push(client);
    client.subscribe(LEADS);
    await waitFor(async () => (await activeOn(server)) > earlier, 15_000, 'the subscription');
    const code = await server.stop('SIGTERM');
    await waitFor(() => client.closes.length > 0, 10_000, 'the close');
    expect(client.closes[0]).toMatchObject({ code: 1001, reason: 'Server shutting down' });
    expect(code).toBe(0);
  });

  async function activeOn(server: ServerProcess): Promise<number> {
    const response = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    const line = (await response.text()).split('\n').find((l) => l.startsWith('netia_live_subscriptions '));
    return Number(line?.split(' ')[1] ?? 0);
  }
});
