import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/db.generated';
import { ALL_SCOPES } from '../../src/modules/api-keys/api-key.scopes';
import { buildKnowledgeBaseEntry } from '../factories/knowledge-base.factory';
import { buildTenant } from '../factories/tenant.factory';
import {
  AddAlternativeQuestionDocument,
  BotPerformanceDocument,
  RateAnswerDocument,
  ResolveUnansweredQuestionDocument,
  UnansweredQuestionsDocument,
} from '../graphql/generated';
import { addKey } from '../graphql/harness';
import { crispHeaders, crispOperatorMessage, crispVisitorMessage } from './signed-payloads';
import { replyQueueDrained, setTidioIntegration, startWebhookHarness, waitFor, type WebhookHarness } from './webhook-harness';

jest.setTimeout(120_000);

let h: WebhookHarness;
let db: Kysely<DB>;

interface Result<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** GraphQL over the real HTTP route, as an operator's app calls it. */
async function gql<T, V>(key: string, document: TypedDocumentNode<T, V>, variables: V): Promise<T> {
  const response = await fetch(`${h.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query: print(document), variables }),
  });
  const result = (await response.json()) as Result<T>;
  expect(result.errors).toBeUndefined();
  return result.data!;
}

interface Shop {
  tenantId: string;
  websiteId: string;
  key: string;
}

async function shop(): Promise<Shop> {
  const websiteId = crypto.randomUUID();
  const tenant = await buildTenant(db, { crispWebsiteId: websiteId, subscriptionStatus: 'active' });
  const { key } = await addKey(h.database, tenant.id, ALL_SCOPES);
  return { tenantId: tenant.id, websiteId, key };
}

/** A visitor asks over a signed Crisp delivery; resolves once the bot's reply reached fake Crisp. */
async function ask(s: Shop, text: string) {
  const sessionId = `session_${crypto.randomUUID()}`;
  const raw = JSON.stringify(crispVisitorMessage(s.websiteId, sessionId, text));
  expect((await h.post('/webhooks/crisp', raw, crispHeaders(raw))).statusCode).toBe(200);
  await waitFor(() => h.crisp.delivered().some((r) => r.path.includes(sessionId)), 15_000, `the reply to "${text}"`);
  const conversation = await db.selectFrom('conversations').select(['id', 'handoffReason']).where('sessionId', '=', sessionId).executeTakeFirstOrThrow();
  const reply = await db
    .selectFrom('messages')
    .select(['id', 'content', 'metadata'])
    .where('conversationId', '=', conversation.id)
    .where('role', '=', 'assistant')
    .executeTakeFirstOrThrow();
  return { sessionId, conversation, reply: reply as { id: string; content: string; metadata: Record<string, any> } };
}

const window = () => ({ from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() });

beforeAll(async () => {
  h = await startWebhookHarness({ OPENAI_API_KEY: '' });
  db = h.db;
});
afterAll(() => h.close());

describe('the knowledge-gap loop through signed Crisp deliveries and GraphQL', () => {
  let a: Shop;
  let ebikesId: string;

  beforeAll(async () => {
    a = await shop();
    await buildKnowledgeBaseEntry(db, { tenantId: a.tenantId, title: 'How long do refunds take?', content: 'Refunds take 5 working days.' });
    await buildKnowledgeBaseEntry(db, { tenantId: a.tenantId, title: 'How long does delivery take?', content: 'Delivery takes 3 days.' });
    await buildKnowledgeBaseEntry(db, { tenantId: a.tenantId, title: 'Which bike size do I need?', content: 'Pick the size from your height.' });
    ebikesId = (await buildKnowledgeBaseEntry(db, { tenantId: a.tenantId, title: 'Which electric bikes do you sell?', content: 'City and mountain e-bikes.' })).id;
  });

  it('counts answers and handoffs exactly, groups the misses, and answers a taught question and its paraphrase afterwards', async () => {
    // Answered by the built-in responder.
    const refunds = await ask(a, 'How long will my refund take?');
    const delivery = await ask(a, 'How long does delivery take?');
    const size = await ask(a, 'Which bike size do I need?');
    for (const answered of [refunds, delivery, size]) expect(answered.reply.metadata.answerKind).toBe('faq');
    // Handed off: the same question twice in other words, another one, and a visitor asking for a person.
    const scooters1 = await ask(a, 'Do you sell electric scooters?');
    const scooters2 = await ask(a, 'Hello, do you sell an electric scooter?');
    const paypal = await ask(a, 'Can I pay with PayPal?');
    const human = await ask(a, 'I want to talk to a human');
    const missed = [scooters1, scooters2, paypal];
    for (const miss of missed) expect(['no_answer', 'low_confidence']).toContain(miss.conversation.handoffReason);
    expect(human.conversation.handoffReason).toBe('visitor_request');

    // An operator steps into the delivery conversation (platform echo of a human's message) …
    const operatorRaw = JSON.stringify(crispOperatorMessage(a.websiteId, delivery.sessionId, 'Let me check your parcel.', 990_000_000_016, false));
    expect((await h.post('/webhooks/crisp', operatorRaw, crispHeaders(operatorRaw))).statusCode).toBe(200);
    await waitFor(
      async () => (await db.selectFrom('conversations').select('handoffReason').where('id', '=', delivery.conversation.id).executeTakeFirstOrThrow()).handoffReason === 'operator_replied',
      10_000,
      'the operator handoff',
    );
    // … and rates the bike-size answer wrong.
    const rated = await gql(a.key, RateAnswerDocument, { messageId: size.reply.id, rating: 'WRONG', note: 'Sizes depend on the model' });
    expect(rated.rateAnswer.errors).toEqual([]);
    expect(rated.rateAnswer.answerRating).toMatchObject({ messageId: size.reply.id, rating: 'WRONG', note: 'Sizes depend on the model' });
    await replyQueueDrained(db);

    const before = (await gql(a.key, BotPerformanceDocument, window())).botPerformance;
    const noAnswer = missed.filter((m) => m.conversation.handoffReason === 'no_answer').length;
    expect(before).toMatchObject({
      conversations: 7,
      visitorMessages: 7,
      botAnswers: 3,
      handoffs: { total: 5, visitorAsked: 1, noAnswer, lowConfidence: 3 - noAnswer, operatorSteppedIn: 1, quotaExceeded: 0, llmError: 0 },
      automatedConversations: 1,
      answersFollowedByHandoff: 1,
      answersRatedWrong: 1,
      llmCalls: 0,
      llmUsage: [],
      estimatedCostUsd: 0,
    });
    expect(before.automationRate).toBeCloseTo(1 / 7, 4);
    expect(before.replyLatencyMs.p50).not.toBeNull();
    expect(before.daily.reduce((sum, day) => sum + day.botAnswers, 0)).toBe(3);
    expect(before.daily.reduce((sum, day) => sum + day.conversations, 0)).toBe(7);
    // The platform filter: every conversation is on Crisp.
    expect((await gql(a.key, BotPerformanceDocument, { ...window(), platform: 'TIDIO' })).botPerformance.conversations).toBe(0);
    expect((await gql(a.key, BotPerformanceDocument, { ...window(), platform: 'CRISP' })).botPerformance.conversations).toBe(7);

    // The misses, grouped: the two scooter questions are one row, most frequent first.
    const page = (await gql(a.key, UnansweredQuestionsDocument, { ...window(), first: 10 })).unansweredQuestions;
    expect(page.edges.map((edge) => edge.node.count)).toEqual([2, 1, 1]);
    const scooters = page.edges[0]!.node;
    expect(scooters.question).toBe('Hello, do you sell an electric scooter?');
    expect(scooters.exampleConversations.map((c) => c.id).sort()).toEqual([scooters1.conversation.id, scooters2.conversation.id].sort());
    expect(scooters.bestCandidate?.entryId).toBe(ebikesId);
    expect(scooters.bestCandidate?.score).toBeGreaterThan(0);
    const others = page.edges.slice(1).map((edge) => edge.node);
    expect(others.map((node) => node.question).sort()).toEqual(['Can I pay with PayPal?', 'Which bike size do I need?']);
    expect(others.find((node) => node.question === 'Which bike size do I need?')?.reasons).toEqual(['RATED_WRONG']);

    // Cursor paging walks the same rows.
    const first = (await gql(a.key, UnansweredQuestionsDocument, { ...window(), first: 2 })).unansweredQuestions;
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = (await gql(a.key, UnansweredQuestionsDocument, { ...window(), first: 2, after: first.pageInfo.endCursor })).unansweredQuestions;
    expect(rest.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect([...first.edges, ...rest.edges].map((edge) => edge.node.key)).toEqual(page.edges.map((edge) => edge.node.key));

    // Teach in one call: the row's question becomes an alternative question of its best candidate.
    const taught = await gql(a.key, AddAlternativeQuestionDocument, { entryId: scooters.bestCandidate!.entryId, question: scooters.question });
    expect(taught.addAlternativeQuestion.errors).toEqual([]);
    const after = (await gql(a.key, UnansweredQuestionsDocument, { ...window(), first: 10 })).unansweredQuestions;
    expect(after.edges.map((edge) => edge.node.key)).not.toContain(scooters.key);
    expect(after.edges).toHaveLength(2);

    // The same question and a paraphrase (another key: "have" instead of "sell") are answered now, from the taught entry.
    for (const text of ['Do you sell electric scooters?', 'Do you have electric scooters?']) {
      const again = await ask(a, text);
      expect(again.reply.metadata).toMatchObject({ answerKind: 'faq', sources: [{ id: taught.addAlternativeQuestion.knowledgeBaseEntry!.id }] });
      expect(again.conversation.handoffReason).toBeNull();
    }
    await replyQueueDrained(db);
    const later = (await gql(a.key, BotPerformanceDocument, window())).botPerformance;
    expect(later).toMatchObject({ conversations: 9, botAnswers: 5, automatedConversations: 3 });
    expect(later.automationRate).toBeCloseTo(3 / 9, 4);
    expect(later.automationRate!).toBeGreaterThan(before.automationRate!);
    // Nothing new was missed: the resolved group stays away.
    expect((await gql(a.key, UnansweredQuestionsDocument, { ...window(), first: 10 })).unansweredQuestions.edges).toHaveLength(2);

    // resolveUnansweredQuestion takes the PayPal row away without teaching anything.
    const paypalKey = after.edges.find((edge) => edge.node.question === 'Can I pay with PayPal?')!.node.key;
    const resolved = await gql(a.key, ResolveUnansweredQuestionDocument, { key: paypalKey, entryId: null });
    expect(resolved.resolveUnansweredQuestion).toMatchObject({ errors: [], resolution: { key: paypalKey } });
    const remaining = (await gql(a.key, UnansweredQuestionsDocument, { ...window(), first: 10 })).unansweredQuestions.edges;
    expect(remaining.map((edge) => edge.node.question)).toEqual(['Which bike size do I need?']);
  });

  it('rating a visitor message or an unknown id is an error in the payload, a long note a BAD_USER_INPUT', async () => {
    const asked = await ask(a, 'How long will my refund take?');
    const question = await db.selectFrom('messages').select('id').where('conversationId', '=', asked.conversation.id).where('role', '=', 'user').executeTakeFirstOrThrow();
    expect((await gql(a.key, RateAnswerDocument, { messageId: question.id, rating: 'WRONG' })).rateAnswer.errors.map((e) => e.code)).toEqual(['NOT_SUPPORTED']);
    expect((await gql(a.key, RateAnswerDocument, { messageId: crypto.randomUUID(), rating: 'WRONG' })).rateAnswer.errors.map((e) => e.code)).toEqual(['NOT_FOUND']);
    const response = await fetch(`${h.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${a.key}` },
      body: JSON.stringify({ query: print(RateAnswerDocument), variables: { messageId: asked.reply.id, rating: 'CORRECT', note: 'x'.repeat(1001) } }),
    });
    const body = (await response.json()) as Result<unknown>;
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const badCursor = await fetch(`${h.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${a.key}` },
      body: JSON.stringify({ query: print(UnansweredQuestionsDocument), variables: { after: 'not-a-cursor' } }),
    });
    expect(((await badCursor.json()) as Result<unknown>).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it("keeps another tenant's figures, questions and answers out of reach", async () => {
    const b = await shop();
    await ask(b, 'Do you deliver to Mars?');
    await replyQueueDrained(db);
    const figures = (await gql(b.key, BotPerformanceDocument, window())).botPerformance;
    expect(figures).toMatchObject({ conversations: 1, visitorMessages: 1, botAnswers: 0, automatedConversations: 0, answersRatedWrong: 0 });
    expect(figures.handoffs.noAnswer + figures.handoffs.lowConfidence).toBe(1);
    const questions = (await gql(b.key, UnansweredQuestionsDocument, { ...window(), first: 100 })).unansweredQuestions.edges;
    expect(questions.map((edge) => edge.node.question)).toEqual(['Do you deliver to Mars?']);
    // A's answer and entry, by id, are not B's to rate or resolve with.
    const aAnswer = await db
      .selectFrom('messages')
      .select('id')
      .where('tenantId', '=', a.tenantId)
      .where('role', '=', 'assistant')
      .executeTakeFirstOrThrow();
    expect((await gql(b.key, RateAnswerDocument, { messageId: aAnswer.id, rating: 'WRONG' })).rateAnswer.errors.map((e) => e.code)).toEqual(['NOT_FOUND']);
    expect((await gql(b.key, ResolveUnansweredQuestionDocument, { key: 'x', entryId: ebikesId })).resolveUnansweredQuestion.errors.map((e) => e.code)).toEqual([
      'NOT_FOUND',
    ]);
    // And A's figures do not move for B's activity.
    expect((await gql(a.key, BotPerformanceDocument, window())).botPerformance.conversations).toBe(10);
  });
});

describe('misses on the Tidio Flow channel (answered in the Flow response, not by the reply job)', () => {
  it('join the group of the same question asked over Crisp, with the Flow question as the example', async () => {
    const websiteId = crypto.randomUUID();
    const projectKey = `pk${crypto.randomUUID().replace(/-/g, '')}`;
    const tenant = await buildTenant(db, { crispWebsiteId: websiteId, tidioWebsiteId: projectKey, subscriptionStatus: 'active' });
    await setTidioIntegration(h, tenant.id, { webhookSecret: 'tidio-webhook-secret', flowToken: 'flow-token-0123456789abcdef' });
    const s = { tenantId: tenant.id, websiteId, key: (await addKey(h.database, tenant.id, ALL_SCOPES)).key };

    const overCrisp = await ask(s, 'Do you sell electric scooters?');
    const response = await h.post(
      '/webhooks/tidio/flow',
      JSON.stringify({ project_public_key: projectKey, contact_id: crypto.randomUUID(), message: 'Hello, do you sell an electric scooter?' }),
      { 'content-type': 'application/json', authorization: 'Bearer flow-token-0123456789abcdef' },
    );
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ status: 'handoff' });
    const flowConversation = await db
      .selectFrom('conversations')
      .select('id')
      .where('tenantId', '=', tenant.id)
      .where('id', '!=', overCrisp.conversation.id)
      .executeTakeFirstOrThrow();

    const page = (await gql(s.key, UnansweredQuestionsDocument, { ...window(), first: 10 })).unansweredQuestions;
    expect(page.edges.map((edge) => edge.node.count)).toEqual([2]);
    const [group] = page.edges.map((edge) => edge.node);
    expect(group!.question).toBe('Hello, do you sell an electric scooter?');
    expect(group!.exampleConversations.map((c) => c.id).sort()).toEqual([overCrisp.conversation.id, flowConversation.id].sort());
  });
});
