import pino from 'pino';
import { buildConversation, buildLead, buildMessage } from '../factories/conversation.factory';
import { ADMIN_TOKEN, createTestApp, tenantWithKey, type TestApp } from '../graphql/harness';
import { errorLogLines } from './fuzz-settings';

/**
 * One test per cause of the outside suite's 500s on the GraphQL route (issue 12: causes 1–6 and 9),
 * each through POST /graphql: the client gets a clear error (BAD_USER_INPUT naming the field, or a
 * 400), nothing is logged as an error, and nothing stored changes.
 */

// Hooks build an app on a fresh database: on a busy 2-core machine that takes longer than jest's 5 s default.
jest.setTimeout(60_000);

let t: TestApp;
let tenantId: string;
let key: string;
const logLines: string[] = [];

interface Answer {
  status: number;
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: { code?: string; field?: string } }[];
}

async function graphql(credential: string, body: Record<string, unknown>): Promise<Answer> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}` },
    payload: JSON.stringify(body),
  });
  return { status: response.statusCode, ...(response.json() as object) };
}

const badInput = (answer: Answer) => answer.errors?.map((error) => [error.extensions?.code, error.message.split(':')[0]]);
const NUL = 'before\u0000after';
const LONE = 'lone \ud800 surrogate';
const cursor = (key: string, id = '00000000-0000-4000-8000-000000000000') => Buffer.from(JSON.stringify([key, id])).toString('base64url');

beforeAll(async () => {
  t = await createTestApp({ logger: pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) }) });
  ({ tenantId, key } = await tenantWithKey(t.database));
});
afterAll(() => t.close());
afterEach(() => {
  const errors = errorLogLines(logLines);
  logLines.length = 0;
  expect(errors).toEqual([]);
});

describe('cause 1: a NUL byte in a stored or searched string', () => {
  it.each([
    ['search', '{ conversations(filter: { search: $v }) { totalCount } }', 'filter.search'],
    ['a lead filter', '{ leads(filter: { intent: $v }) { totalCount } }', 'filter.intent'],
    ['an audit filter', '{ auditEvents(filter: { actorId: $v }) { totalCount } }', 'filter.actorId'],
    ['a tenant name', 'mutation { updateTenant(input: { name: $v }) { __typename } }', 'input.name'],
    ['an API key name', 'mutation { createApiKey(input: { name: $v }) { __typename } }', 'input.name'],
    ['a knowledge base entry', 'mutation { publishKnowledgeBase(input: { contentType: CUSTOM, content: $v }) { __typename } }', 'input.content'],
    ['an operator message', 'mutation { sendMessage(conversationId: "00000000-0000-4000-8000-000000000000", content: $v) { __typename } }', 'content'],
    ['a question to the assistant', '{ askAssistant(question: $v) { text } }', 'question'],
    ['a visitor to erase', 'mutation { eraseVisitor(input: { sessionId: $v }) { leadsDeleted } }', 'input.sessionId'],
  ])('%s is BAD_USER_INPUT naming the field', async (_what, selection, field) => {
    const operation = selection.startsWith('mutation') ? selection.replace('mutation {', 'mutation ($v: String!) {') : `query ($v: String!) ${selection}`;
    const answer = await graphql(key, { query: operation, variables: { v: NUL } });
    expect(answer.status).toBe(200);
    expect(badInput(answer)).toEqual([['BAD_USER_INPUT', field]]);
    expect(answer.errors![0]!.message).toBe(`${field}: must not contain a NUL character (U+0000)`);
  });

  it('in contact info, configuration and an admin createTenant too, also written as a \\u0000 escape in the document', async () => {
    const contact = await graphql(key, { query: 'mutation { createLead(input: { intent: "pricing", contactInfo: { email: "a\\u0000b" } }) { __typename } }' });
    expect(badInput(contact)).toEqual([['BAD_USER_INPUT', 'input.contactInfo.email']]);
    const configuration = await graphql(key, {
      query: 'mutation ($i: AssistantConfigurationInput!) { setAssistantConfiguration(input: $i) { __typename } }',
      variables: { i: { botName: NUL } },
    });
    expect(badInput(configuration)).toEqual([['BAD_USER_INPUT', 'input.botName']]);
    const tenant = await graphql(ADMIN_TOKEN, {
      query: 'mutation ($i: CreateTenantInput!) { createTenant(input: $i) { plaintextKey } }',
      variables: { i: { name: NUL, email: 'nul@example.com' } },
    });
    expect(badInput(tenant)).toEqual([['BAD_USER_INPUT', 'input.name']]);
    expect(await t.database.db.selectFrom('tenants').select('id').where('email', '=', 'nul@example.com').execute()).toEqual([]);
  });
});

describe('cause 2: a lone UTF-16 surrogate in anything stored as JSON', () => {
  it('contact info, configuration and a key in a JSON object are BAD_USER_INPUT; nothing is stored', async () => {
    const lead = await buildLead(t.database.db, { tenantId, contactInfo: { email: 'kept@example.com' } as never });
    const update = await graphql(key, {
      query: 'mutation ($id: ID!, $c: JSONObject) { updateLead(id: $id, input: { contactInfo: $c }) { __typename } }',
      variables: { id: lead.id, c: { name: LONE } },
    });
    expect(badInput(update)).toEqual([['BAD_USER_INPUT', 'input.contactInfo.name']]);
    expect(update.errors![0]!.message).toBe('input.contactInfo.name: must be well-formed Unicode (it contains a lone UTF-16 surrogate)');
    const hostileKey = await graphql(key, {
      query: 'mutation ($c: JSONObject) { createLead(input: { intent: "demo", contactInfo: $c }) { __typename } }',
      variables: { c: { [`\udfff`]: 'x' } },
    });
    expect(badInput(hostileKey)).toEqual([['BAD_USER_INPUT', 'input.contactInfo (a key)']]);
    const configuration = await graphql(key, {
      query: 'mutation ($i: LeadCaptureConfigurationInput!) { setLeadCaptureConfiguration(input: $i) { __typename } }',
      variables: { i: { intents: [{ name: 'refund', keywords: [LONE] }] } },
    });
    expect(badInput(configuration)).toEqual([['BAD_USER_INPUT', 'input.intents.0.keywords.0']]);
    const stored = await t.database.db.selectFrom('leads').select('contactInfo').where('id', '=', lead.id).executeTakeFirstOrThrow();
    expect(stored.contactInfo).toEqual({ email: 'kept@example.com' });
  });
});

describe('cause 3: updateLead with an empty input', () => {
  it('is a no-op that returns the lead unchanged (and NOT_FOUND for a lead that is not there)', async () => {
    const lead = await buildLead(t.database.db, { tenantId, status: 'contacted' });
    const answer = await graphql(key, { query: 'mutation ($id: ID!) { updateLead(id: $id, input: {}) { lead { id status updatedAt } } }', variables: { id: lead.id } });
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.updateLead.lead).toEqual({ id: lead.id, status: 'CONTACTED', updatedAt: lead.updatedAt.toISOString() });
    const missing = await graphql(key, { query: 'mutation { updateLead(id: "00000000-0000-4000-8000-000000000000", input: {}) { errors { code } } }' });
    expect(missing.errors).toBeUndefined();
    expect(missing.data!.updateLead.errors).toEqual([{ code: 'NOT_FOUND' }]);
  });
});

describe('cause 4: a cursor carrying an impossible timestamp', () => {
  it.each(['conversations', 'leads', 'auditEvents'])('%s: BAD_USER_INPUT naming after/before', async (list) => {
    for (const impossible of ['9999-99-99 99:99:99+00', '2026-02-30 10:00:00+00', '2026-01-01 24:00:00+00', '2026-01-01 00:00:00+99', '0000-01-01 00:00:00+00']) {
      const after = await graphql(key, { query: `query ($c: String) { ${list}(after: $c) { totalCount } }`, variables: { c: cursor(impossible) } });
      expect(badInput(after)).toEqual([['BAD_USER_INPUT', 'after']]);
      const before = await graphql(key, { query: `query ($c: String) { ${list}(before: $c) { totalCount } }`, variables: { c: cursor(impossible) } });
      expect(badInput(before)).toEqual([['BAD_USER_INPUT', 'before']]);
    }
    const possible = await graphql(key, { query: `query ($c: String) { ${list}(after: $c) { totalCount } }`, variables: { c: cursor('2024-02-29 23:59:59.999999+05:30') } });
    expect(possible.errors).toBeUndefined();
  });
});

describe('cause 5: an operation Apollo cannot pick', () => {
  it('an unknown operationName is a 400 client error', async () => {
    const answer = await graphql(key, { query: 'query A { tenant { id } }', operationName: 'Nope' });
    expect(answer.status).toBe(400);
    expect(answer.errors?.map((error) => error.extensions?.code)).toEqual(['OPERATION_RESOLUTION_FAILURE']);
  });

  it('several operations with none named is a 400 client error, for queries and mutations alike', async () => {
    for (const query of ['query A { tenant { id } } query B { tenant { name } }', 'mutation A { deleteLead(id: "00000000-0000-4000-8000-000000000000") { deletedId } } query B { tenant { id } }']) {
      const answer = await graphql(key, { query });
      expect(answer.status).toBe(400);
      expect(answer.errors?.map((error) => error.extensions?.code)).toEqual(['OPERATION_RESOLUTION_FAILURE']);
    }
  });
});

describe('cause 6: a subscription document', () => {
  it('is a 400 client error while the API has no subscriptions', async () => {
    for (const query of ['subscription { tenant { id } }', 'subscription S { conversationAdded { id } }']) {
      const answer = await graphql(key, { query });
      expect(answer.status).toBe(400);
      expect(answer.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    }
  });
});

describe('cause 9: a very long search', () => {
  it('is refused at once with BAD_USER_INPUT, however the length is spent', async () => {
    for (const search of ['the '.repeat(50_000), 'a-'.repeat(2_000), 'one two three four five six seven eight nine', `${'x'.repeat(65)} y`]) {
      const answer = await graphql(key, { query: 'query ($s: String) { conversations(filter: { search: $s }) { totalCount } }', variables: { s: search } });
      expect(badInput(answer)).toEqual([['BAD_USER_INPUT', 'filter.search']]);
    }
  });

  it('still finds messages by their words, duplicates and case ignored', async () => {
    const conversation = await buildConversation(t.database.db, { tenantId });
    await buildMessage(t.database.db, { conversationId: conversation.id, content: 'Do you ship to Norway, %_ and all?' });
    const answer = await graphql(key, {
      query: 'query ($s: String) { conversations(filter: { search: $s }) { totalCount edges { node { id } } } }',
      variables: { s: ' NORWAY norway ship  ' },
    });
    expect(answer.data!.conversations).toEqual({ totalCount: 1, edges: [{ node: { id: conversation.id } }] });
    const metacharacters = await graphql(key, { query: 'query ($s: String) { conversations(filter: { search: $s }) { totalCount } }', variables: { s: "%_ ' \\" } });
    expect(metacharacters.errors).toBeUndefined();
  });
});
