import { jsonb } from '../../src/db/json';
import { buildConfiguration, buildKnowledgeBaseEntry } from '../factories/knowledge-base.factory';
import { AskAssistantDocument, AskAssistantWithLeadsDocument, KnowledgeBaseDocument } from '../graphql/generated';
import { addKey, createTestApp, errorCodes, tenantWithKey, type TestApp } from '../graphql/harness';
import { waitFor } from '../support/wait-for';
import { startFakeOpenAi, type FakeOpenAi } from './fake-openai.server';

async function seedKnowledge(t: TestApp, tenantId: string, faq: { title: string; content: string }, systemPrompt: string) {
  await buildKnowledgeBaseEntry(t.database.db, { tenantId, contentType: 'system_prompt', content: systemPrompt });
  return buildKnowledgeBaseEntry(t.database.db, { tenantId, contentType: 'faq', ...faq });
}

describe('askAssistant with an LLM', () => {
  let t: TestApp;
  let llm: FakeOpenAi;
  let key: string;
  let otherKey: string;
  let faqId: string;
  let otherTenantId: string;

  beforeAll(async () => {
    llm = await startFakeOpenAi({ kind: 'text', text: 'Delivery is free above 40 EUR.' });
    t = await createTestApp({ assistant: { llm: { apiKey: 'sk-test', baseUrl: llm.baseUrl, model: 'fake-model' }, llmTimeoutMs: 3000 } });
    const a = await tenantWithKey(t.database);
    const b = await tenantWithKey(t.database);
    key = a.key;
    otherKey = b.key;
    otherTenantId = b.tenantId;
    faqId = (await seedKnowledge(t, a.tenantId, { title: 'Delivery costs', content: 'Delivery is free above 40 EUR (tenant A).' }, 'Tenant A bakery bot.')).id;
    await seedKnowledge(t, b.tenantId, { title: 'Delivery costs', content: 'Tenant B couriers charge 12 USD.' }, 'Tenant B hardware bot.');
  });
  afterAll(async () => {
    await t.close();
    await llm.close();
  });

  it('answers through the LLM with the tenant’s own sources only', async () => {
    const before = llm.requests.length;
    const result = await t.run(key, AskAssistantDocument, { question: 'What do delivery costs look like?' });
    expect(result.status).toBe(200);
    expect(result.errors).toBeUndefined();
    const preview = result.data!.askAssistant;
    expect(preview).toMatchObject({ text: 'Delivery is free above 40 EUR.', kind: 'AI', model: 'fake-model', promptTokens: 42, completionTokens: 7 });
    expect(preview.sources).toEqual([
      expect.objectContaining({ id: faqId, contentType: 'FAQ', title: 'Delivery costs', content: 'Delivery is free above 40 EUR (tenant A).' }),
    ]);
    expect(preview.sources[0]!.score).toBeGreaterThan(0);
    const prompt = JSON.stringify(llm.requests[before]!.body.messages);
    expect(prompt).toContain('Tenant A bakery bot.');
    expect(prompt).not.toContain('Tenant B');

    const other = await t.run(otherKey, AskAssistantDocument, { question: 'What do delivery costs look like?' });
    expect(other.data!.askAssistant.sources.map((s) => s.content)).toEqual(['Tenant B couriers charge 12 USD.']);
    expect(JSON.stringify(llm.requests.at(-1)!.body.messages)).not.toContain('tenant A');
  });

  it('fills what the ranked entries leave of a small facts budget with the shortest other entries, within the budget', async () => {
    const c = await tenantWithKey(t.database);
    await buildConfiguration(t.database.db, { tenantId: c.tenantId, configType: 'ai', configData: jsonb({ knowledgeBudgetChars: 600 }) });
    const entry = (title: string, content: string) => buildKnowledgeBaseEntry(t.database.db, { tenantId: c.tenantId, contentType: 'faq', title, content });
    await entry('Delivery costs', 'Delivery is free above 40 EUR.');
    for (const topic of ['Gift wrapping', 'Loyalty card', 'Wholesale orders']) await entry(topic, `${topic}: ${'long answer '.repeat(45)}`);
    await entry('Parking', 'Free parking behind the shop.');
    await entry('Dogs', 'Dogs are welcome inside.');
    await buildKnowledgeBaseEntry(t.database.db, { tenantId: otherTenantId, contentType: 'faq', title: 'Cats', content: 'Tenant B has a shop cat.' });

    const before = llm.requests.length;
    expect((await t.run(c.key, AskAssistantDocument, { question: 'What do delivery costs look like?' })).data!.askAssistant.kind).toBe('AI');
    const system = String((llm.requests[before]!.body.messages as { content: string }[])[0]!.content);
    // The matching entry first, then the two short ones; the long ones do not fit what is left, nor does another tenant's.
    expect(system.indexOf('Delivery is free above 40 EUR.')).toBeGreaterThan(-1);
    expect(system.indexOf('Delivery is free above 40 EUR.')).toBeLessThan(system.indexOf('Dogs are welcome inside.'));
    expect(system).toContain('Free parking behind the shop.');
    expect(system).not.toContain('long answer');
    expect(system).not.toContain('shop cat');
  });

  it('returns the fallback with the error code when the LLM fails', async () => {
    llm.enqueue({ kind: 'status', status: 500 });
    const result = await t.run(key, AskAssistantDocument, { question: 'Delivery costs?' });
    expect(result.data!.askAssistant).toMatchObject({ kind: 'FALLBACK', flaggedReason: 'llm_error', error: 'http_500' });
  });

  it('holds no transaction while the LLM thinks', async () => {
    const before = llm.requests.length;
    llm.enqueue({ kind: 'text', text: 'Slow answer.', delayMs: 1500 });
    const order: string[] = [];
    const slow = t.run(key, AskAssistantDocument, { question: 'Delivery costs?' }).then((r) => {
      order.push('askAssistant');
      return r;
    });
    // The slow question is at the LLM: the request is past its reads.
    await waitFor(() => llm.requests.length === before + 1, 15_000, 'the question at the LLM');
    const fast = await t.run(key, KnowledgeBaseDocument, {});
    order.push('knowledgeBase');
    expect(fast.data?.knowledgeBase.length).toBeGreaterThan(0);
    expect((await slow).data!.askAssistant.text).toBe('Slow answer.');
    expect(order).toEqual(['knowledgeBase', 'askAssistant']);
  });
});

describe('askAssistant without an LLM', () => {
  let t: TestApp;
  let key: string;
  let tenantId: string;

  beforeAll(async () => {
    t = await createTestApp();
    ({ key, tenantId } = await tenantWithKey(t.database));
    await seedKnowledge(t, tenantId, { title: 'Opening hours', content: 'We are open 8 to 18, Monday to Saturday.' }, 'Shop bot.');
  });
  afterAll(() => t.close());

  it('answers from the FAQ, hands off when nothing matches or a human is asked for', async () => {
    const faq = await t.run(key, AskAssistantDocument, { question: 'What are your opening hours?' });
    expect(faq.data!.askAssistant).toMatchObject({ kind: 'FAQ', text: 'We are open 8 to 18, Monday to Saturday.', model: 'builtin' });

    const unknown = await t.run(key, AskAssistantDocument, { question: 'Do you repair bicycles?' });
    expect(unknown.data!.askAssistant).toMatchObject({ kind: 'HANDOFF', handoffReason: 'NO_ANSWER', sources: [] });

    const human = await t.run(key, AskAssistantDocument, { question: 'Can I speak to a person?' });
    expect(human.data!.askAssistant).toMatchObject({ kind: 'HANDOFF', handoffReason: 'VISITOR_REQUEST' });
  });

  it('refuses bad input, missing scopes, mixed queries and anonymous callers', async () => {
    expect(errorCodes(await t.run(key, AskAssistantDocument, { question: '   ' }))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await t.run(key, AskAssistantDocument, { question: 'x'.repeat(4001) }))).toEqual(['BAD_USER_INPUT']);
    const { key: leadsOnly } = await addKey(t.database, tenantId, ['leads:read']);
    expect(errorCodes(await t.run(leadsOnly, AskAssistantDocument, { question: 'Opening hours?' }))).toEqual(['FORBIDDEN']);
    const mixed = await t.run(key, AskAssistantWithLeadsDocument, { question: 'Opening hours?' });
    expect(errorCodes(mixed)).toEqual(['BAD_REQUEST']);
    expect(mixed.data).toBeNull();
    expect((await t.run(null, AskAssistantDocument, { question: 'Opening hours?' })).status).toBe(401);
  });
});
