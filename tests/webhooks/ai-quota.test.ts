import { withTenantTransaction } from '../../src/db/tenant-transaction';
import { DEFAULT_HANDOFF_MESSAGE } from '../../src/assistant/answer.service';
import { findUsage } from '../../src/modules/usage/usage.repository';
import { buildTenant } from '../factories/tenant.factory';
import { crispHeaders, crispVisitorMessage } from './signed-payloads';
import { LLM_TEXT, startWebhookHarness, waitFor, type WebhookHarness } from './webhook-harness';

jest.setTimeout(60_000);

let h: WebhookHarness;
beforeAll(async () => {
  h = await startWebhookHarness({ PLAN_BASIC_AI_REPLIES_PER_MONTH: '1' });
});
afterAll(() => h.close());

async function visitorWrites(websiteId: string, text: string): Promise<string> {
  const sessionId = `session_${crypto.randomUUID()}`;
  const raw = JSON.stringify(crispVisitorMessage(websiteId, sessionId, text));
  expect((await h.post('/webhooks/crisp', raw, crispHeaders(raw))).statusCode).toBe(200);
  return sessionId;
}

const sentTo = (sessionId: string) => h.crisp.delivered().filter((request) => request.path.includes(sessionId));

describe('monthly AI reply quota', () => {
  it('answers with the handoff message once the quota is used up, counts it, and flags the conversation', async () => {
    const websiteId = crypto.randomUUID();
    const tenant = await buildTenant(h.db, { crispWebsiteId: websiteId, subscriptionStatus: 'active', subscriptionPlan: 'basic' });
    const llmCallsBefore = h.llm.requests.length;

    const first = await visitorWrites(websiteId, 'Do you ship to Canada?');
    await waitFor(() => sentTo(first).length === 1, 15_000, 'the first reply');
    expect(sentTo(first)[0]!.body).toMatchObject({ content: LLM_TEXT });

    const second = await visitorWrites(websiteId, 'And to Mexico?');
    await waitFor(() => sentTo(second).length === 1, 15_000, 'the second reply');
    expect(sentTo(second)[0]!.body).toMatchObject({ content: DEFAULT_HANDOFF_MESSAGE });

    expect(h.llm.requests.length - llmCallsBefore).toBe(1);
    const usage = await withTenantTransaction(h.db, tenant.id, (tx) => findUsage(tx, new Date()));
    expect(usage).toMatchObject({ ai_replies: 1, ai_quota_exceeded: 1 });
    const flagged = await h.db
      .selectFrom('conversations')
      .select(['sessionId', 'flaggedReason', 'handoffReason'])
      .where('tenantId', '=', tenant.id)
      .where('sessionId', '=', second)
      .executeTakeFirstOrThrow();
    // Flagged for a person, but not handed off: the next visitor message is answered (not silence).
    expect(flagged).toEqual({ sessionId: second, flaggedReason: 'ai_quota_exceeded', handoffReason: null });
  });

  it("counts each tenant's quota on its own", async () => {
    const websiteId = crypto.randomUUID();
    await buildTenant(h.db, { crispWebsiteId: websiteId, subscriptionStatus: 'active' });
    const session = await visitorWrites(websiteId, 'Hello, what are your prices?');
    await waitFor(() => sentTo(session).length === 1, 15_000, 'the reply');
    expect(sentTo(session)[0]!.body).toMatchObject({ content: LLM_TEXT });
  });
});
