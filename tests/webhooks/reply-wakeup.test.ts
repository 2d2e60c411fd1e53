import { buildTenant } from '../factories/tenant.factory';
import { crispHeaders, crispVisitorMessage } from './signed-payloads';
import { startWebhookHarness, waitFor, type WebhookHarness } from './webhook-harness';

jest.setTimeout(60_000);

// Workers poll once a minute here: a reply that came only from polling would miss every deadline below.
let h: WebhookHarness;
beforeAll(async () => {
  h = await startWebhookHarness({ QUEUE_POLL_INTERVAL_SECONDS: '60' });
});
afterAll(() => h.close());

async function deliver(websiteId: string) {
  const sessionId = `session_${crypto.randomUUID()}`;
  const raw = JSON.stringify(crispVisitorMessage(websiteId, sessionId, 'Do you ship to Canada?'));
  expect((await h.post('/webhooks/crisp', raw, crispHeaders(raw))).statusCode).toBe(200);
  return sessionId;
}

describe('reply workers in the receiving process', () => {
  it('are woken by the enqueue instead of waiting for their next poll, also for a burst', async () => {
    const websiteId = crypto.randomUUID();
    await buildTenant(h.db, { crispWebsiteId: websiteId, subscriptionStatus: 'active' });
    const first = await deliver(websiteId);
    await waitFor(() => h.crisp.delivered().some((r) => r.path.includes(first)), 20_000, 'the first reply');
    // More sessions than workers: the ones queued behind a busy worker must not wait for a poll either.
    const burst = await Promise.all(Array.from({ length: 10 }, () => deliver(websiteId)));
    await waitFor(
      () => burst.every((session) => h.crisp.delivered().some((r) => r.path.includes(session))),
      30_000,
      'every reply of the burst',
    );
  });
});
