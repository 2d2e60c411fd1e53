import { CONFIDENCE_THRESHOLDS } from '../../src/assistant/builtin.responder';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/db.generated';
import { buildKnowledgeBaseEntry } from '../factories/knowledge-base.factory';
import { buildTenant } from '../factories/tenant.factory';
import { crispHeaders, crispVisitorMessage } from './signed-payloads';
import { startWebhookHarness, waitFor, type WebhookHarness } from './webhook-harness';

jest.setTimeout(60_000);

let h: WebhookHarness;
let db: Kysely<DB>;
let tenantId: string;
let websiteId: string;
let refundsId: string;

/** The built-in responder (no LLM) answering signed Crisp deliveries. */
beforeAll(async () => {
  h = await startWebhookHarness({ OPENAI_API_KEY: '' });
  db = h.db;
  websiteId = crypto.randomUUID();
  tenantId = (await buildTenant(db, { crispWebsiteId: websiteId, subscriptionStatus: 'active' })).id;
  refundsId = (await buildKnowledgeBaseEntry(db, { tenantId, title: 'How long do refunds take?', content: 'Refunds take 5 working days.' })).id;
  await buildKnowledgeBaseEntry(db, { tenantId, title: 'How long does delivery take?', content: 'Delivery takes 3 days.' });
  await buildKnowledgeBaseEntry(db, { tenantId, title: 'Which bike size do I need?', content: 'Pick the size from your height.' });
});
afterAll(() => h.close());

async function deliver(text: string) {
  const sessionId = `session_${crypto.randomUUID()}`;
  const raw = JSON.stringify(crispVisitorMessage(websiteId, sessionId, text));
  expect((await h.post('/webhooks/crisp', raw, crispHeaders(raw))).statusCode).toBe(200);
  await waitFor(() => h.crisp.delivered().some((r) => r.path.includes(sessionId)), 15_000, 'the reply at fake Crisp');
  const conversation = await db.selectFrom('conversations').select(['id', 'handoffReason']).where('sessionId', '=', sessionId).executeTakeFirstOrThrow();
  const reply = await db
    .selectFrom('messages')
    .select(['content', 'metadata'])
    .where('conversationId', '=', conversation.id)
    .where('role', '=', 'assistant')
    .executeTakeFirstOrThrow();
  return { conversation, reply: reply as { content: string; metadata: Record<string, any> } };
}

describe('the built-in responder behind a signed Crisp delivery', () => {
  it('answers a chatty question with the right FAQ and explains the decision in the stored metadata', async () => {
    const { conversation, reply } = await deliver("Hello! I changed my mind, how long will my refund take? Thanks a lot");
    expect(reply.content).toBe('Refunds take 5 working days.');
    expect(conversation.handoffReason).toBeNull();
    expect(reply.metadata).toMatchObject({ answerKind: 'faq', model: 'builtin', sources: [{ id: refundsId, contentType: 'faq' }] });
    expect(reply.metadata.confidence).toBeGreaterThanOrEqual(CONFIDENCE_THRESHOLDS.minConfidence);
    expect(reply.metadata.sources[0].score).toBeGreaterThan(0);
    expect(reply.metadata.sources[0].coverage).toBeGreaterThanOrEqual(CONFIDENCE_THRESHOLDS.minCoverage);
    expect(JSON.stringify(reply.metadata).length).toBeLessThan(600);
  });

  it('hands off a question the FAQ does not cover, with the reason on the conversation and in the metadata', async () => {
    const { conversation, reply } = await deliver('Do you sell electric scooters?');
    expect(reply.metadata).toMatchObject({ answerKind: 'handoff', handoffReason: conversation.handoffReason });
    expect(['no_answer', 'low_confidence']).toContain(conversation.handoffReason);
    expect(reply.metadata.handoffReason).toBeDefined();
  });

  it('does not store an order number as the visitor’s phone', async () => {
    const { conversation } = await deliver('My order 0612345678 has not arrived, please refund it');
    const leads = await db.selectFrom('leads').select(['intent', 'contactInfo']).where('conversationId', '=', conversation.id).execute();
    expect(leads).toEqual([{ intent: 'support', contactInfo: {} }]);
  });
});
