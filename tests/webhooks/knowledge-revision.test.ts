import { sql } from 'kysely';
import { startFakeOpenAi, type FakeOpenAi } from '../assistant/fake-openai.server';
import { DeleteKnowledgeBaseEntryDocument, PublishKnowledgeBaseDocument } from '../graphql/generated';
import { createTestApp, succeeded, tenantWithKey, type TestApp } from '../graphql/harness';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { startFakeCrisp, type FakePlatform } from './fake-platform.server';
import { crispHeaders, crispVisitorMessage } from './signed-payloads';
import { fakeChatEnv, FAST_QUEUE_ENV, LLM_TEXT, postRaw, waitFor } from './webhook-harness';

jest.setTimeout(180_000);

/**
 * Issue #14: a server keeps each tenant's knowledge snapshot (term statistics, the prompt's facts) for
 * as long as the tenant's knowledge revision (schema v1.23) stays the same. Two instances on one
 * database: a server process answers the visitors (its snapshots live in that process), and the
 * knowledge base is edited through another instance's GraphQL API. Every answer after an edit sees it.
 */
const describeOnPostgres = process.env.TEST_DATABASE_URL ? describe : describe.skip;

describeOnPostgres('knowledge edited on one instance, answers on another', () => {
  let t: TestApp;
  let key: string;
  let server: ServerProcess;
  let crisp: FakePlatform;
  let llm: FakeOpenAi;
  const websiteId = crypto.randomUUID();

  beforeAll(async () => {
    t = await createTestApp();
    ({ key } = await tenantWithKey(t.database, { tenant: { crispWebsiteId: websiteId, subscriptionStatus: 'active' } }));
    [crisp, llm] = await Promise.all([startFakeCrisp(), startFakeOpenAi({ kind: 'text', text: LLM_TEXT })]);
    server = await startServerProcess({
      DATABASE_URL: t.database.url!,
      ...FAST_QUEUE_ENV,
      ...fakeChatEnv({ crispBaseUrl: crisp.baseUrl, llmBaseUrl: llm.baseUrl }),
      LLM_MODEL: 'fake-model',
      LOG_LEVEL: 'warn',
    });
  });
  afterAll(async () => {
    await server?.stop('SIGTERM');
    await Promise.all([crisp?.close(), llm?.close()]);
    await t?.close();
  });

  async function publish(title: string, content: string): Promise<string> {
    const result = await t.run(key, PublishKnowledgeBaseDocument, { input: { contentType: 'FAQ', title, content } });
    return succeeded(result.data?.publishKnowledgeBase).knowledgeBaseEntry.id;
  }

  /** A visitor's question through the server process: the prompt its LLM call carried and the answer's ranked sources. */
  async function ask(question: string): Promise<{ prompt: string; sources: string[] }> {
    const sessionId = `session_${crypto.randomUUID()}`;
    const raw = JSON.stringify(crispVisitorMessage(websiteId, sessionId, question));
    expect((await postRaw(`${server.url}/webhooks/crisp`, raw, crispHeaders(raw))).statusCode).toBe(200);
    await waitFor(() => crisp.delivered().some((r) => r.path.includes(sessionId)), 60_000, 'the reply at fake Crisp');
    const { rows } = await sql<{ metadata: { sources?: { id: string }[] } }>`
      select m.metadata from messages m join conversations c on c.id = m.conversation_id
       where c.session_id = ${sessionId} and m.role = 'assistant'`.execute(t.database.db);
    // Questions are asked one at a time, each waited for: the latest LLM call is this one's.
    const prompt = llm.requests.length > 0 ? JSON.stringify(llm.requests.at(-1)!.body) : '';
    expect(prompt).toContain(question);
    return { prompt, sources: (rows[0]?.metadata.sources ?? []).map((source) => source.id) };
  }

  it('answers from the knowledge base as it is when the visitor asks: edits, new entries and deletions', async () => {
    const shipping = await publish('Do you ship to Canada?', 'We ship to Canada in 5-7 business days.');
    await publish('What are your opening hours?', 'We are open from 9am to 5pm.');
    const first = await ask('Do you ship to Canada?');
    expect(first.prompt).toContain('5-7 business days');
    expect(first.sources[0]).toBe(shipping);

    // A new version of the same entry: the next answer's facts carry it, not the old text.
    const reshipped = await publish('Do you ship to Canada?', 'Canadian orders now arrive in 3 business days.');
    const second = await ask('Do you ship to Canada?');
    expect(second.prompt).toContain('3 business days');
    expect(second.prompt).not.toContain('5-7 business days');
    expect(second.sources[0]).toBe(reshipped);

    // A word the knowledge base did not have: its term statistics must come from after the edit.
    const snorkels = await publish('Can I rent snorkelling gear?', 'Snorkel rental costs 5 EUR a day.');
    const third = await ask('Can I rent snorkelling gear?');
    expect(third.prompt).toContain('Snorkel rental costs 5 EUR a day.');
    expect(third.sources[0]).toBe(snorkels);

    const deleted = await t.run(key, DeleteKnowledgeBaseEntryDocument, { id: snorkels });
    expect(succeeded(deleted.data?.deleteKnowledgeBaseEntry).deletedId).toBe(snorkels);
    const fourth = await ask('Can I rent snorkelling gear?');
    expect(fourth.prompt).not.toContain('Snorkel rental');
    expect(fourth.sources).not.toContain(snorkels);
  });
});
