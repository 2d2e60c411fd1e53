import type { Kysely } from 'kysely';
import { print } from 'graphql';
import type { DB } from '../../src/db/db.generated';
import { ALL_SCOPES } from '../../src/modules/api-keys/api-key.scopes';
import { buildTenant } from '../factories/tenant.factory';
import { BotPerformanceDocument, type BotPerformanceQuery } from '../graphql/generated';
import { addKey } from '../graphql/harness';
import { crispHeaders, crispVisitorMessage } from './signed-payloads';
import { replyQueueDrained, startWebhookHarness, waitFor, type WebhookHarness } from './webhook-harness';

jest.setTimeout(120_000);

const PRICES = { 'fake-model': { prompt: 1.5, completion: 6 } };

let h: WebhookHarness;
let db: Kysely<DB>;

beforeAll(async () => {
  h = await startWebhookHarness({ LLM_PRICES: JSON.stringify(PRICES) });
  db = h.db;
});
afterAll(() => h.close());

describe('botPerformance with an LLM answering', () => {
  it('counts LLM calls, failures, tokens and the estimated cost per model from the stored replies', async () => {
    const websiteId = crypto.randomUUID();
    const tenant = await buildTenant(db, { crispWebsiteId: websiteId, subscriptionStatus: 'active' });
    const { key } = await addKey(h.database, tenant.id, ALL_SCOPES);
    // The second question meets an LLM failure (no Retry-After): the fallback goes out.
    h.llm.enqueue({ kind: 'text', text: 'We ship to Canada in 5-7 days.' }, { kind: 'status', status: 500 }, { kind: 'text', text: 'Yes, gift cards exist.' });
    for (const text of ['Do you ship to Canada?', 'Is there a warranty?', 'Do you sell gift cards?']) {
      const sessionId = `session_${crypto.randomUUID()}`;
      const raw = JSON.stringify(crispVisitorMessage(websiteId, sessionId, text));
      expect((await h.post('/webhooks/crisp', raw, crispHeaders(raw))).statusCode).toBe(200);
      await waitFor(() => h.crisp.delivered().some((r) => r.path.includes(sessionId)), 15_000, `the reply to "${text}"`);
    }
    await replyQueueDrained(db);

    const response = await fetch(`${h.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({
        query: print(BotPerformanceDocument),
        variables: { from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() },
      }),
    });
    const { data, errors } = (await response.json()) as { data: BotPerformanceQuery; errors?: unknown };
    expect(errors).toBeUndefined();
    const stored = await db
      .selectFrom('messages')
      .select(['metadata'])
      .where('tenantId', '=', tenant.id)
      .where('role', '=', 'assistant')
      .execute();
    const tokens = (field: 'promptTokens' | 'completionTokens') =>
      stored.reduce((sum, row) => sum + (((row.metadata as Record<string, number | null>)[field] ?? 0) as number), 0);
    const promptTokens = tokens('promptTokens');
    const completionTokens = tokens('completionTokens');
    expect(promptTokens).toBeGreaterThan(0);
    const cost = (promptTokens * 1.5 + completionTokens * 6) / 1_000_000;

    expect(data.botPerformance).toMatchObject({
      conversations: 3,
      botAnswers: 2,
      llmCalls: 3,
      handoffs: { total: 1, llmError: 1 },
      automatedConversations: 2,
      llmUsage: [{ model: 'fake-model', calls: 3, promptTokens, completionTokens }],
    });
    expect(data.botPerformance.llmUsage[0]!.estimatedCostUsd).toBeCloseTo(cost, 6);
    expect(data.botPerformance.estimatedCostUsd).toBeCloseTo(cost, 6);
    expect(data.botPerformance.automationRate).toBeCloseTo(2 / 3, 4);
    expect(data.botPerformance.replyLatencyMs.p95).toBeGreaterThanOrEqual(data.botPerformance.replyLatencyMs.p50!);
  });
});
