import { buildTenant } from '../factories/tenant.factory';
import { tenantWithKey } from '../graphql/harness';
import { crispHeaders, crispVisitorMessage } from './signed-payloads';
import { METRICS_TOKEN, startWebhookHarness, waitFor, type WebhookHarness } from './webhook-harness';

jest.setTimeout(60_000);

let h: WebhookHarness;
beforeAll(async () => {
  h = await startWebhookHarness();
});
afterAll(() => h.close());

const scrape = async () => (await h.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).body;

describe('GET /metrics', () => {
  it('counts webhook deliveries, AI replies, GraphQL operations and shows the reply queue depth', async () => {
    const websiteId = crypto.randomUUID();
    await buildTenant(h.db, { crispWebsiteId: websiteId, subscriptionStatus: 'active' });
    const sessionId = `session_${crypto.randomUUID()}`;
    const raw = JSON.stringify(crispVisitorMessage(websiteId, sessionId, 'Do you ship to Canada?'));
    await h.post('/webhooks/crisp', raw, crispHeaders(raw));
    await h.post('/webhooks/crisp', raw, { ...crispHeaders(raw), 'x-crisp-signature': 'bad' });
    await waitFor(() => h.crisp.delivered().some((request) => request.path.includes(sessionId)), 15_000, 'the reply');

    const { key } = await tenantWithKey(h.database);
    await h.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      payload: { query: 'query WhoAmI { tenant { id } }', operationName: 'WhoAmI' },
    });

    const body = await scrape();
    expect(body).toMatch(/netia_webhook_deliveries_total\{platform="crisp",outcome="200"\} 1/);
    expect(body).toMatch(/netia_webhook_deliveries_total\{platform="crisp",outcome="401"\} 1/);
    expect(body).toMatch(/netia_ai_replies_total\{kind="ai"\} 1/);
    expect(body).toMatch(/netia_ai_reply_duration_seconds_count\{kind="ai"\} 1/);
    expect(body).toMatch(/netia_graphql_operations_total\{operation="WhoAmI",outcome="ok"\} 1/);
    expect(body).toMatch(/netia_reply_queue_depth \d+/);
    expect(body).toMatch(/netia_db_pool_connections\{state="total"\}|netia_process_resident_memory_bytes/);
  });
});
