import { generateApiKey } from '../../src/modules/api-keys/api-key.secret';
import { buildTenant } from '../factories/tenant.factory';
import type { TestDatabase } from '../setup/database';
import { startProxiedDatabase, type ProxiedDatabase } from '../support/proxied-database';
import type { TcpProxy } from '../support/tcp-proxy';
import { crispHeaders, crispVisitorMessage } from './signed-payloads';
import { replyQueueDrained, startWebhookHarness, waitFor, type WebhookHarness } from './webhook-harness';

jest.setTimeout(120_000);

// An outage can only be staged on a networked PostgreSQL; the embedded database cannot go away.
const describeOnPostgres = process.env.TEST_DATABASE_URL ? describe : describe.skip;

describeOnPostgres('the database going away under webhook load', () => {
  let owner: TestDatabase;
  let proxy: TcpProxy;
  let proxied: ProxiedDatabase;
  let h: WebhookHarness;
  const logLines: string[] = [];

  beforeAll(async () => {
    proxied = await startProxiedDatabase();
    ({ owner, proxy } = proxied);
    // The harness owns (and destroys) the proxied handle; the owner handle checks results directly.
    h = await startWebhookHarness({}, { database: proxied.database, logLines });
  });
  afterAll(async () => {
    await h.close();
    await proxied.close();
  });

  it('answers 503 while it is down, loses no acknowledged delivery, and answers each message once after', async () => {
    const websiteId = crypto.randomUUID();
    const tenant = await buildTenant(owner.db, { crispWebsiteId: websiteId, subscriptionStatus: 'active' });
    const deliveries = Array.from({ length: 30 }, (_, i) => {
      const raw = JSON.stringify(crispVisitorMessage(websiteId, `session_${crypto.randomUUID()}`, `Question number ${i}?`));
      return { raw, acknowledged: false, statuses: [] as number[] };
    });

    // Deliver in a loop like a platform that retries every non-2xx; cut the database mid-way.
    const send = async (delivery: (typeof deliveries)[number]) => {
      const { statusCode } = await h.post('/webhooks/crisp', delivery.raw, crispHeaders(delivery.raw));
      delivery.statuses.push(statusCode);
      if (statusCode === 200) delivery.acknowledged = true;
    };
    for (const [index, delivery] of deliveries.entries()) {
      if (index === 10) proxy.cut();
      if (index === 20) proxy.restore();
      await send(delivery);
    }
    const duringOutage = deliveries.slice(10, 20).flatMap((d) => d.statuses);
    expect(duringOutage.every((status) => status === 503)).toBe(true);

    // Redeliver what was refused until everything is acknowledged, as the platform does.
    await waitFor(
      async () => {
        for (const delivery of deliveries.filter((d) => !d.acknowledged)) await send(delivery);
        return deliveries.every((d) => d.acknowledged);
      },
      60_000,
      'every delivery acknowledged',
    );

    const stored = await owner.db.selectFrom('messages').select('content').where('tenantId', '=', tenant.id).where('role', '=', 'user').execute();
    expect(stored.map((m) => m.content).sort()).toEqual(deliveries.map((_, i) => `Question number ${i}?`).sort());
    await waitFor(() => h.crisp.delivered().length >= deliveries.length, 60_000, 'every reply at fake Crisp');
    const perSession = new Map<string, number>();
    for (const request of h.crisp.delivered()) perSession.set(request.path, (perSession.get(request.path) ?? 0) + 1);
    expect([...perSession.values()].every((count) => count === 1)).toBe(true);
    expect(perSession.size).toBe(deliveries.length);
  });

  it('sends a reply once even when the database drops right after the platform accepted it', async () => {
    const websiteId = crypto.randomUUID();
    const tenant = await buildTenant(owner.db, { crispWebsiteId: websiteId, subscriptionStatus: 'active' });
    const sessionId = `session_${crypto.randomUUID()}`;
    // The platform has the reply; the database vanishes before the worker can record "sent".
    // It comes back once the worker has met the outage while recording "sent".
    const outageSeen = () => logLines.some((line) => line.includes('database unreachable while recording a sent reply'));
    h.crisp.onRequest((request) => {
      if (!request.path.includes(sessionId)) return;
      proxy.cut();
      void waitFor(outageSeen, 30_000, 'the worker to meet the outage')
        .catch(() => undefined)
        .finally(() => proxy.restore());
    });
    const raw = JSON.stringify(crispVisitorMessage(websiteId, sessionId, 'Is the shop open on Sunday?'));
    expect((await h.post('/webhooks/crisp', raw, crispHeaders(raw))).statusCode).toBe(200);
    await waitFor(
      async () =>
        (await owner.db.selectFrom('outboundReplies').select('status').where('tenantId', '=', tenant.id).executeTakeFirst())?.status === 'sent',
      30_000,
      'the reply recorded as sent',
    );
    h.crisp.onRequest(null);
    expect(outageSeen()).toBe(true);
    await replyQueueDrained(owner.db);
    expect(h.crisp.delivered().filter((request) => request.path.includes(sessionId))).toHaveLength(1);
  });

  it('serves GraphQL again after the outage without a restart', async () => {
    const unknownKey = { authorization: `Bearer ${generateApiKey().plaintext}` };
    proxy.cut();
    const down = await h.app.inject({ method: 'POST', url: '/graphql', headers: unknownKey, payload: { query: '{ tenant { id } }' } });
    expect(down.statusCode).toBe(503);
    expect(down.body).not.toMatch(/ECONN|terminated|stack/i);
    proxy.restore();
    await waitFor(async () => (await h.app.inject({ method: 'GET', url: '/readyz' })).statusCode === 200, 10_000, 'readiness');
    const up = await h.app.inject({ method: 'POST', url: '/graphql', headers: unknownKey, payload: { query: '{ tenant { id } }' } });
    expect(up.statusCode).toBe(401);
  });
});
