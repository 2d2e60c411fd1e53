import { buildTenant } from '../factories/tenant.factory';
import { setTidioIntegration, startWebhookHarness, type WebhookHarness } from './webhook-harness';

/**
 * A Flow deadline too short to ask the LLM at all (below the safety margin plus the shortest LLM
 * budget): the fallback is answered at once, and the transcript shows what the visitor was told.
 */

jest.setTimeout(60_000);

const FLOW_TOKEN = 'flow-token-0123456789abcdef';
let h: WebhookHarness;

beforeAll(async () => {
  h = await startWebhookHarness({ TIDIO_FLOW_DEADLINE_MS: '700' });
});
afterAll(() => h.close());

it('answers the fallback without calling the LLM, stores it as the bot’s message and flags the conversation', async () => {
  const projectKey = `pk${crypto.randomUUID().replace(/-/g, '')}`;
  const tenant = await buildTenant(h.db, { tidioWebsiteId: projectKey, subscriptionStatus: 'active' });
  await setTidioIntegration(h, tenant.id, { webhookSecret: 'tidio-webhook-secret', flowToken: FLOW_TOKEN });
  const llmCalls = h.llm.requests.length;

  const response = await h.post(
    '/webhooks/tidio/flow',
    JSON.stringify({ project_public_key: projectKey, contact_id: crypto.randomUUID(), message: 'Can you tell me about your opening hours?' }),
    { 'content-type': 'application/json', authorization: `Bearer ${FLOW_TOKEN}` },
  );
  expect(response.statusCode).toBe(200);
  const body = JSON.parse(response.body) as { reply: string; status: string };
  expect(body.status).toBe('fallback');
  expect(h.llm.requests.length).toBe(llmCalls);

  const transcript = await h.db.selectFrom('messages').select(['role', 'content', 'metadata']).where('tenantId', '=', tenant.id).orderBy('timestamp').orderBy('role', 'desc').execute();
  expect(transcript.map((m) => [m.role, m.content])).toEqual([
    ['user', 'Can you tell me about your opening hours?'],
    ['assistant', body.reply],
  ]);
  expect(transcript[1]?.metadata).toMatchObject({ answerKind: 'fallback', error: 'flow_deadline', channel: 'flow' });
  const conversation = await h.db.selectFrom('conversations').select('flaggedReason').where('tenantId', '=', tenant.id).executeTakeFirstOrThrow();
  expect(conversation.flaggedReason).toBe('flow_deadline');
});
