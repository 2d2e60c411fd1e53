import { buildTenant } from '../factories/tenant.factory';
import { tenantWithKey } from '../graphql/harness';
import { crispHeaders, crispVisitorMessage } from './signed-payloads';
import { METRICS_TOKEN, setTidioIntegration, startWebhookHarness, waitFor, type WebhookHarness } from './webhook-harness';

jest.setTimeout(60_000);

let h: WebhookHarness;
beforeAll(async () => {
  h = await startWebhookHarness();
});
afterAll(() => h.close());

const scrape = async () => (await h.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).body;

describe('GET /metrics', () => {
  it('counts webhook deliveries, AI replies (reply job and Tidio Flow), GraphQL operations and shows the reply queue depth', async () => {
    const websiteId = crypto.randomUUID();
    await buildTenant(h.db, { crispWebsiteId: websiteId, subscriptionStatus: 'active' });
    const sessionId = `session_${crypto.randomUUID()}`;
    const raw = JSON.stringify(crispVisitorMessage(websiteId, sessionId, 'Do you ship to Canada?'));
    await h.post('/webhooks/crisp', raw, crispHeaders(raw));
    await h.post('/webhooks/crisp', raw, { ...crispHeaders(raw), 'x-crisp-signature': 'bad' });
    await waitFor(() => h.crisp.delivered().some((request) => request.path.includes(sessionId)), 15_000, 'the reply');

    // A Tidio Flow answer is made in the webhook's response, not by the reply job: counted the same.
    const projectKey = `pk${crypto.randomUUID().replace(/-/g, '')}`;
    const tidio = await buildTenant(h.db, { tidioWebsiteId: projectKey, subscriptionStatus: 'active' });
    await setTidioIntegration(h, tidio.id, { webhookSecret: 'tidio-webhook-secret', flowToken: 'flow-token-0123456789abcdef' });
    const flow = await h.post('/webhooks/tidio/flow', JSON.stringify({ project_public_key: projectKey, contact_id: crypto.randomUUID(), message: 'Do you ship to Canada?' }), {
      'content-type': 'application/json',
      authorization: 'Bearer flow-token-0123456789abcdef',
    });
    expect(JSON.parse(flow.body)).toMatchObject({ status: 'ai' });

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
    expect(body).toMatch(/netia_webhook_deliveries_total\{platform="tidio-flow",outcome="200"\} 1/);
    expect(body).toMatch(/netia_ai_replies_total\{kind="ai"\} 2/);
    expect(body).toMatch(/netia_ai_reply_duration_seconds_count\{kind="ai"\} 2/);
    expect(body).toMatch(/netia_graphql_operations_total\{operation="WhoAmI",outcome="ok"\} 1/);
    expect(body).toMatch(/netia_reply_queue_depth \d+/);
    expect(body).toMatch(/netia_db_pool_connections\{state="total"\}|netia_process_resident_memory_bytes/);
  });
});
