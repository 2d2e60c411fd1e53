import pino from 'pino';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { startChatRuntime } from '../../src/chat/replies/chat-runtime';
import { buildConfiguration, buildKnowledgeBaseEntry } from '../factories/knowledge-base.factory';
import { AskAssistantDocument } from '../graphql/generated';
import { addKey } from '../graphql/harness';
import { buildTenant } from '../factories/tenant.factory';
import { jsonb } from '../../src/db/json';
import { createTestDatabase, type TestDatabase } from '../setup/database';
import { FAST_QUEUE_ENV, waitFor } from '../webhooks/webhook-harness';
import { startFakeOpenAi, type FakeOpenAi } from './fake-openai.server';
import { print } from 'graphql';
import type { FastifyInstance } from 'fastify';
import type { ChatRuntime } from '../../src/chat/replies/chat-runtime';

jest.setTimeout(60_000);

/**
 * Hybrid retrieval with EMBEDDINGS_MODEL set: vectors computed by the embeddings job (pg-boss) on a
 * fake OpenAI-compatible /embeddings endpoint, then fused with the lexical ranking. In the toy
 * embedding "frimble" and "zorblat" are one dimension: a paraphrase that shares no word.
 */
describe('hybrid retrieval', () => {
  let database: TestDatabase;
  let llm: FakeOpenAi;
  let chat: ChatRuntime;
  let app: FastifyInstance;
  let key: string;
  let tenantId: string;
  let zorblatId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    llm = await startFakeOpenAi({ kind: 'text', text: 'We can do that.' }, { sameAs: { frimble: 'zorblat', frimbling: 'zorblat' } });
    const config = loadConfig({
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: llm.baseUrl,
      LLM_MODEL: 'fake-model',
      EMBEDDINGS_MODEL: 'fake-embed',
      LOG_LEVEL: 'silent',
      ...FAST_QUEUE_ENV,
    });
    const logger = pino({ level: 'silent' });
    chat = await startChatRuntime({ config, database, logger });
    app = await buildApp({ config, database, logger, chat });
    tenantId = (await buildTenant(database.db, { subscriptionStatus: 'active' })).id;
    key = (await addKey(database, tenantId, ['knowledge_base:read'])).key;
    // A budget no two entries fit in: the prompt gets only the best-ranked facts (the zorblat entry,
    // the longest, is never the one that fills the budget when nothing matches).
    await buildConfiguration(database.db, { tenantId, configType: 'ai', configData: jsonb({ knowledgeBudgetChars: 500 }) });
    zorblatId = (await buildKnowledgeBaseEntry(database.db, { tenantId, title: 'Zorblat service', content: `We zorblat any item. ${'x'.repeat(400)}` })).id;
    for (const topic of ['thing storage', 'thing delivery', 'thing insurance', 'thing colours']) {
      await buildKnowledgeBaseEntry(database.db, { tenantId, title: `About ${topic}`, content: `All about ${topic} for your thing. ${'y'.repeat(300)}` });
    }
  });
  afterAll(async () => {
    await app.close();
    await chat.stop();
    await llm.close();
    await database.destroy();
  });

  const ask = async (question: string) => {
    const before = llm.requests.length;
    const response = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      payload: { query: print(AskAssistantDocument), variables: { question } },
    });
    expect(response.statusCode).toBe(200);
    const chatRequest = llm.requests.slice(before).find((r) => r.path === '/v1/chat/completions');
    return JSON.stringify(chatRequest?.body.messages ?? []);
  };

  it('computes the vectors in a job and brings a no-shared-word paraphrase into the prompt', async () => {
    // Before any vector exists: lexical only (no word of the question is in the KB), and the job is asked for.
    expect(await ask('Could you frimble it for me?')).not.toContain('We zorblat any item');
    await waitFor(async () => {
      const rows = await database.db.selectFrom('knowledgeBaseEmbeddings').select('entryId').where('tenantId', '=', tenantId).execute();
      return rows.length === 5;
    }, 20_000, 'the embeddings job');
    const embedCalls = llm.requests.filter((r) => r.path === '/v1/embeddings');
    expect(embedCalls.every((r) => r.body.model === 'fake-embed')).toBe(true);

    const prompt = await ask('Could you frimble it for me?');
    expect(prompt).toContain('We zorblat any item');
    const stored = await database.db.selectFrom('knowledgeBaseEmbeddings').select(['entryId', 'vector']).where('entryId', '=', zorblatId).executeTakeFirstOrThrow();
    expect(Math.abs(stored.vector.reduce((sum, x) => sum + x * x, 0) - 1)).toBeLessThan(1e-9);
  });
});
