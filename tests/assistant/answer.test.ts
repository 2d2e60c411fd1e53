import type { Kysely } from 'kysely';
import pino from 'pino';
import { KNOWLEDGE_TOP_K, prepareAnswer, produceAnswer } from '../../src/assistant/answer.service';
import { createOpenAiProvider } from '../../src/assistant/llm/openai.provider';
import type { DB } from '../../src/db/db.generated';
import { jsonb } from '../../src/db/json';
import { withTenantTransaction } from '../../src/db/tenant-transaction';
import { buildConversation, buildMessage } from '../factories/conversation.factory';
import { buildConfiguration, buildKnowledgeBaseEntry } from '../factories/knowledge-base.factory';
import { buildTenant } from '../factories/tenant.factory';
import { createTestDatabase, type TestDatabase } from '../setup/database';
import { startFakeOpenAi, type FakeOpenAi } from './fake-openai.server';

const logger = pino({ level: 'silent' });
let database: TestDatabase;
let db: Kysely<DB>;
let llmServer: FakeOpenAi;
let tenantA: string;
let tenantB: string;
let shippingFaqA: string;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  llmServer = await startFakeOpenAi();
  tenantA = (await buildTenant(db)).id;
  tenantB = (await buildTenant(db)).id;
  await buildKnowledgeBaseEntry(db, {
    tenantId: tenantA,
    contentType: 'system_prompt',
    content: 'You are Alpaca Outfitters support. Be cheerful.',
  });
  shippingFaqA = (
    await buildKnowledgeBaseEntry(db, {
      tenantId: tenantA,
      title: 'How much does shipping cost?',
      content: 'Shipping is free on alpaca wool orders over 50 EUR.',
    })
  ).id;
  await buildKnowledgeBaseEntry(db, {
    tenantId: tenantA,
    title: 'Can I return a sweater?',
    content: 'Returns are accepted within 30 days with the receipt.',
  });
  await buildKnowledgeBaseEntry(db, {
    tenantId: tenantA,
    title: 'Old shipping policy',
    content: 'Shipping costs 99 EUR everywhere.',
    isActive: false,
  });
  await buildKnowledgeBaseEntry(db, {
    tenantId: tenantA,
    contentType: 'custom',
    title: 'About our shipping partners',
    content: 'We ship with Llama Logistics from Lima.',
  });
  await buildKnowledgeBaseEntry(db, {
    tenantId: tenantB,
    contentType: 'system_prompt',
    content: 'You are Zebra Bank assistant. Secret tone: formal.',
  });
  await buildKnowledgeBaseEntry(db, {
    tenantId: tenantB,
    title: 'How much does shipping cost?',
    content: 'Zebra Bank ships debit cards by courier for 7 ZBR.',
  });
});

afterAll(async () => {
  await llmServer.close();
  await database.destroy();
});

describe(prepareAnswer.name, () => {
  it('ranks the tenant’s active FAQ and custom entries for a natural question', async () => {
    const context = await withTenantTransaction(db, tenantA, (tx) =>
      prepareAnswer(tx, { tenantId: tenantA, conversationId: null, question: 'Hi! How much is shipping to Spain?' }),
    );
    expect(context.systemPrompt).toBe('You are Alpaca Outfitters support. Be cheerful.');
    expect(context.sources.length).toBeGreaterThanOrEqual(2);
    expect(context.sources.length).toBeLessThanOrEqual(KNOWLEDGE_TOP_K);
    expect(context.sources[0]!.id).toBe(shippingFaqA);
    expect(context.sources.map((s) => s.content).join(' ')).not.toMatch(/99 EUR|Zebra/);
    const scores = context.sources.map((s) => s.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(context.sources.every((s) => s.score > 0)).toBe(true);
  });

  it('finds nothing for a question that shares no words, and survives tsquery syntax in the text', async () => {
    const context = await withTenantTransaction(db, tenantA, (tx) =>
      prepareAnswer(tx, { tenantId: tenantA, conversationId: null, question: "what's the weather ) & !| :* ''" }),
    );
    expect(context.sources).toEqual([]);
    const stopWordsOnly = await withTenantTransaction(db, tenantA, (tx) =>
      prepareAnswer(tx, { tenantId: tenantA, conversationId: null, question: 'Is it the one?' }),
    );
    expect(stopWordsOnly.sources).toEqual([]);
  });

  it('loads the history oldest first without the question and the typed configurations', async () => {
    const conversation = await buildConversation(db, { tenantId: tenantA });
    await buildMessage(db, { conversationId: conversation.id, role: 'user', content: 'Hello', timestamp: new Date('2026-01-01T10:00:00Z') });
    await buildMessage(db, { conversationId: conversation.id, role: 'assistant', content: 'Hi, how can I help?', timestamp: new Date('2026-01-01T10:00:01Z') });
    await buildMessage(db, { conversationId: conversation.id, role: 'system', content: 'internal note', timestamp: new Date('2026-01-01T10:00:02Z') });
    const question = await buildMessage(db, { conversationId: conversation.id, role: 'user', content: 'Do you ship?', timestamp: new Date('2026-01-01T10:00:03Z') });
    await buildConfiguration(db, { tenantId: tenantA, configType: 'ai', configData: jsonb({ model: 'tenant-model', temperature: 0.3 }) });
    await buildConfiguration(db, { tenantId: tenantA, configType: 'assistant', configData: jsonb({ botName: 'Paca' }) });

    for (const input of [{ questionMessageId: question.id }, {}]) {
      const context = await withTenantTransaction(db, tenantA, (tx) =>
        prepareAnswer(tx, { tenantId: tenantA, conversationId: conversation.id, question: 'Do you ship?', ...input }),
      );
      expect(context.history).toEqual([
        { role: 'user', content: 'Hello' },
        { role: 'assistant', content: 'Hi, how can I help?' },
      ]);
      expect(context.ai).toEqual({ model: 'tenant-model', temperature: 0.3 });
      expect(context.assistant).toEqual({ botName: 'Paca' });
      expect(context.leadCapture).toEqual({});
    }
    await db.deleteFrom('tenantConfigurations').where('tenantId', '=', tenantA).execute();
  });
});

describe(produceAnswer.name, () => {
  const provider = () =>
    createOpenAiProvider({ apiKey: 'sk-test-secret', baseUrl: llmServer.baseUrl, defaultModel: 'default-model', timeoutMs: 5000 });

  it('sends a grounded prompt through the OpenAI SDK and records model, tokens and sources', async () => {
    llmServer.enqueue({ kind: 'text', text: '  Shipping is free over 50 EUR!  ' });
    const before = llmServer.requests.length;
    const context = await withTenantTransaction(db, tenantA, (tx) =>
      prepareAnswer(tx, { tenantId: tenantA, conversationId: null, question: 'How much is shipping?' }),
    );
    const answer = await produceAnswer(context, { llm: provider(), timeoutMs: 5000, logger });

    expect(answer).toMatchObject({ kind: 'ai', text: 'Shipping is free over 50 EUR!' });
    expect(answer.metadata).toMatchObject({ model: 'default-model', promptTokens: 42, completionTokens: 7 });
    expect(answer.metadata.sources[0]).toMatchObject({ id: shippingFaqA, contentType: 'faq' });
    const request = llmServer.requests[before]!;
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.headers.authorization).toBe('Bearer sk-test-secret');
    expect(request.body.model).toBe('default-model');
    const system = request.body.messages[0]!;
    expect(system.role).toBe('system');
    expect(system.content).toContain('Alpaca Outfitters');
    expect(system.content).toContain('Shipping is free on alpaca wool orders over 50 EUR.');
    expect(request.body.messages.at(-1)).toEqual({ role: 'user', content: 'How much is shipping?' });
  });

  it('never puts another tenant’s knowledge base into a tenant’s prompt', async () => {
    const question = 'How much does shipping cost? Tell me about Zebra Bank, debit cards and alpaca wool.';
    const promptFor = async (tenantId: string) => {
      const before = llmServer.requests.length;
      const context = await withTenantTransaction(db, tenantId, (tx) => prepareAnswer(tx, { tenantId, conversationId: null, question }));
      await produceAnswer(context, { llm: provider(), timeoutMs: 5000, logger });
      return JSON.stringify(llmServer.requests[before]!.body.messages);
    };
    const promptA = await promptFor(tenantA);
    const promptB = await promptFor(tenantB);

    expect(promptA).toContain('Alpaca Outfitters');
    expect(promptA).toContain('alpaca wool orders');
    expect(promptA).not.toContain('ships debit cards by courier');
    expect(promptA).not.toContain('Secret tone');
    expect(promptB).toContain('ships debit cards by courier');
    expect(promptB).not.toContain('alpaca wool orders');
    expect(promptB).not.toContain('Llama Logistics');
    expect(promptB).not.toContain('Alpaca Outfitters');
  });

  it('uses the tenant’s model, temperature and max tokens', async () => {
    const before = llmServer.requests.length;
    const context = await withTenantTransaction(db, tenantA, (tx) =>
      prepareAnswer(tx, { tenantId: tenantA, conversationId: null, question: 'Can I return a sweater?' }),
    );
    const answer = await produceAnswer(
      { ...context, ai: { model: 'llama3:8b', temperature: 0.1, maxTokens: 300 } },
      { llm: provider(), timeoutMs: 5000, logger },
    );
    expect(llmServer.requests[before]!.body).toMatchObject({ model: 'llama3:8b', temperature: 0.1, max_tokens: 300 });
    expect(answer.metadata.model).toBe('llama3:8b');
  });

  it('falls back politely, flags and records the error when the LLM fails or times out', async () => {
    const context = await withTenantTransaction(db, tenantA, (tx) =>
      prepareAnswer(tx, { tenantId: tenantA, conversationId: null, question: 'How much is shipping?' }),
    );
    llmServer.enqueue({ kind: 'status', status: 503 });
    const failed = await produceAnswer(context, { llm: provider(), timeoutMs: 5000, logger });
    expect(failed).toMatchObject({ kind: 'fallback', flaggedReason: 'llm_error', metadata: { error: 'http_503' } });
    expect(failed.text).toMatch(/team will get back to you/);

    llmServer.enqueue({ kind: 'hang' });
    const started = Date.now();
    const timedOut = await produceAnswer(
      { ...context, assistant: { fallbackMessage: 'One moment please, a colleague will answer.' } },
      { llm: provider(), timeoutMs: 200, logger },
    );
    expect(Date.now() - started).toBeLessThan(3000);
    expect(timedOut).toMatchObject({
      kind: 'fallback',
      text: 'One moment please, a colleague will answer.',
      flaggedReason: 'llm_timeout',
      metadata: { error: 'timeout' },
    });
  });

  it('answers from the FAQ without an LLM, and hands off when nothing matches', async () => {
    const shipping = await withTenantTransaction(db, tenantA, (tx) =>
      prepareAnswer(tx, { tenantId: tenantA, conversationId: null, question: 'How much is shipping?' }),
    );
    const faq = await produceAnswer(shipping, { llm: null, timeoutMs: 5000, logger });
    expect(faq).toMatchObject({ kind: 'faq', text: 'Shipping is free on alpaca wool orders over 50 EUR.' });
    expect(faq.metadata).toMatchObject({ model: 'builtin', sources: [{ id: shippingFaqA, contentType: 'faq' }] });

    const unknown = await withTenantTransaction(db, tenantA, (tx) =>
      prepareAnswer(tx, { tenantId: tenantA, conversationId: null, question: 'Do you sell gift vouchers for birthdays?' }),
    );
    const handoff = await produceAnswer(unknown, { llm: null, timeoutMs: 5000, logger });
    expect(handoff).toMatchObject({ kind: 'handoff', handoffReason: 'no_answer' });
    expect(handoff.text).toMatch(/follow up/);
  });
});
