import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/db.generated';
import { buildTenant } from '../factories/tenant.factory';
import { crispHeaders, crispSessionEvent, crispVisitorMessage } from './signed-payloads';
import { countsFor, setCrispIntegration, startWebhookHarness, waitFor, type WebhookHarness } from './webhook-harness';

jest.setTimeout(60_000);

const logLines: string[] = [];
let h: WebhookHarness;
let db: Kysely<DB>;

beforeAll(async () => {
  h = await startWebhookHarness({}, { logLines });
  db = h.db;
});
afterAll(() => h.close());

async function crispTenant() {
  const websiteId = crypto.randomUUID();
  const tenant = await buildTenant(db, { crispWebsiteId: websiteId, subscriptionStatus: 'active' });
  return { tenantId: tenant.id, websiteId, sessionId: `session_${crypto.randomUUID()}` };
}

describe('delivery safety', () => {
  it('loses nothing when enqueueing fails after the commit: the platform retry re-enqueues the owed reply', async () => {
    const { tenantId, websiteId, sessionId } = await crispTenant();
    const queue = h.chat.queue;
    const enqueue = queue.enqueueReply;
    queue.enqueueReply = async () => {
      queue.enqueueReply = enqueue;
      throw new Error('queue unavailable');
    };
    const raw = JSON.stringify(crispVisitorMessage(websiteId, sessionId, 'Is the shop open on Sunday?'));
    const first = await h.post('/webhooks/crisp', raw, crispHeaders(raw));
    expect(first.statusCode).toBe(500);
    expect(first.body).not.toContain('queue unavailable');
    expect(await countsFor(db, tenantId)).toMatchObject({ messages: 1, outboundReplies: 1 });

    expect((await h.post('/webhooks/crisp', raw, crispHeaders(raw))).statusCode).toBe(200);
    await waitFor(() => h.crisp.delivered().filter((r) => r.path.includes(sessionId)).length === 1, 15_000, 'the reply');
    expect(await countsFor(db, tenantId)).toMatchObject({ messages: 2, outboundReplies: 1, inboundEvents: 1 });
  });

  it('never logs message bodies, contact details or the website-hook key', async () => {
    const { tenantId, websiteId, sessionId } = await crispTenant();
    await setCrispIntegration(h, tenantId, { websiteHookKey: 'hook-key-never-logged-123' });
    const raw = JSON.stringify(crispVisitorMessage(websiteId, sessionId, 'My secret question about pricing'));
    await h.post('/webhooks/crisp', raw, crispHeaders(raw));
    await waitFor(() => h.crisp.delivered().some((r) => r.path.includes(sessionId)), 15_000, 'the reply');
    const email = crispSessionEvent(websiteId, sessionId, 'session:set_email', { email: 'private@example.com' });
    await h.post('/webhooks/crisp?key=hook-key-never-logged-123', JSON.stringify(email), { 'content-type': 'application/json' });
    const logs = logLines.join('\n');
    expect(logs).toContain(tenantId);
    expect(logs).not.toContain('My secret question');
    expect(logs).not.toContain('private@example.com');
    expect(logs).not.toContain('hook-key-never-logged-123');
    expect(logs).not.toContain('crisp-key');
    const accessLines = logLines.map((line) => JSON.parse(line)).filter((entry) => entry.msg === 'request completed' && entry.tenantId === tenantId);
    expect(accessLines.length).toBeGreaterThanOrEqual(2);
  });
});
