import fc from 'fast-check';
import { buildConversation, buildLead, buildMessage } from '../factories/conversation.factory';
import { addKey, ADMIN_TOKEN, tenantWithKey } from '../graphql/harness';
import { startWebhookHarness, type WebhookHarness } from '../webhooks/webhook-harness';
import { INTROSPECTION_QUERY, requestsFor, rootFields, schemaInfoFrom, type FuzzPools, type RootField, type SchemaInfo } from './graphql-fuzz';
import { errorLogLines, FUZZ_RUNS, UNLIMITED_PLANS_ENV } from './fuzz-settings';
import { hostileString } from './hostile.arbitraries';

/**
 * Every Query and Mutation field the server reports through introspection, called with generated
 * hostile arguments (as the tenant's key and as the platform admin): never an HTTP 5xx, never
 * INTERNAL_SERVER_ERROR, never an error log line, and the server stays up.
 */

jest.setTimeout(Math.max(120_000, FUZZ_RUNS * 5_000));

let h: WebhookHarness;
let key: string;
let schema: SchemaInfo;
let pools: FuzzPools;
const logLines: string[] = [];

async function post(credential: string, body: unknown) {
  const response = await h.app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}` },
    payload: JSON.stringify(body),
  });
  return { status: response.statusCode, body: response.body };
}

beforeAll(async () => {
  h = await startWebhookHarness({ NETIA_ADMIN_TOKEN: ADMIN_TOKEN, ...UNLIMITED_PLANS_ENV }, { logLines });
  const tenant = await tenantWithKey(h.database, { tenant: { subscriptionStatus: 'active' } });
  key = tenant.key;
  // A second key the fuzzer may revoke (never the one it calls with).
  const spare = await addKey(h.database, tenant.tenantId);
  const conversation = await buildConversation(h.db, { tenantId: tenant.tenantId, platform: 'crisp' });
  const message = await buildMessage(h.db, { conversationId: conversation.id, content: 'Do you ship to Norway?' });
  const lead = await buildLead(h.db, { tenantId: tenant.tenantId, conversationId: conversation.id, sourceMessageId: message.id });
  const kb = await h.db
    .insertInto('knowledgeBases')
    .values({ tenantId: tenant.tenantId, contentType: 'faq', title: 'Shipping?', content: 'EU-wide.' })
    .returning('id')
    .executeTakeFirstOrThrow();

  const introspection = await post(key, { query: INTROSPECTION_QUERY });
  expect(introspection.status).toBe(200);
  schema = schemaInfoFrom(JSON.parse(introspection.body).data);
  const listed = JSON.parse((await post(key, { query: '{ conversations { edges { cursor } } leads { edges { cursor } } }' })).body);
  pools = {
    ids: [conversation.id, message.id, lead.id, kb.id, spare.apiKeyId],
    cursors: [...listed.data.conversations.edges, ...listed.data.leads.edges].map((edge: { cursor: string }) => edge.cursor),
  };
});
afterAll(() => h?.close());

function fieldsUnderTest(): RootField[] {
  return schema ? rootFields(schema) : [];
}

describe('every GraphQL argument found by introspection, with hostile values', () => {
  it('introspection lists the Query and Mutation fields', () => {
    const names = fieldsUnderTest().map((root) => root.field.name);
    expect(names).toEqual(expect.arrayContaining(['conversations', 'leads', 'auditEvents', 'updateLead', 'setAiConfiguration', 'createTenant']));
  });

  it('answers every generated request without a 5xx or INTERNAL_SERVER_ERROR, and stays up', async () => {
    const failures: string[] = [];
    for (const root of fieldsUnderTest()) {
      await fc.assert(
        fc.asyncProperty(requestsFor(schema, root, pools), fc.boolean(), async (request, asAdmin) => {
          const logged = logLines.length;
          const response = await post(asAdmin ? ADMIN_TOKEN : key, request);
          const internal = response.status >= 500 || response.body.includes('INTERNAL_SERVER_ERROR');
          if (internal) {
            const cause = errorLogLines(logLines.slice(logged)).map((line) => line.slice(0, 300));
            failures.push(`${root.field.name}: ${response.status} ${JSON.stringify(request).slice(0, 500)}\n  logged: ${cause.join(' | ')}`);
          }
          return !internal;
        }),
        { numRuns: FUZZ_RUNS, endOnFailure: true },
      ).catch(() => undefined);
      const health = await h.app.inject({ method: 'GET', url: '/healthz' });
      expect(health.statusCode).toBe(200);
    }
    expect(failures).toEqual([]);
    expect(errorLogLines(logLines)).toEqual([]);
  });

  it('answers documents with several, unnamed, unknown-named or subscription operations without a 5xx', async () => {
    const operation = fc.record({
      keyword: fc.constantFrom('query', 'mutation', 'subscription', ''),
      name: fc.option(fc.constantFrom('A', 'B', 'C'), { nil: undefined }),
      field: fc.constantFrom('tenant { id }', 'usage { plan }', 'deleteLead(id: "00000000-0000-4000-8000-000000000000") { deletedId }'),
    });
    const document = fc.tuple(fc.array(operation, { minLength: 1, maxLength: 3 }), fc.option(fc.oneof(fc.constantFrom('A', 'B', 'C'), hostileString), { nil: undefined }));
    const failures: string[] = [];
    await fc
      .assert(
        fc.asyncProperty(document, async ([operations, operationName]) => {
          const query = operations.map((op) => `${op.keyword} ${op.keyword ? (op.name ?? '') : ''} { ${op.field} }`).join('\n');
          const response = await post(key, { query, operationName });
          const internal = response.status >= 500 || response.body.includes('INTERNAL_SERVER_ERROR');
          if (internal) failures.push(`${response.status} ${JSON.stringify({ query, operationName })}`);
          return !internal;
        }),
        { numRuns: FUZZ_RUNS * 10, endOnFailure: true },
      )
      .catch(() => undefined);
    expect(failures).toEqual([]);
    expect(errorLogLines(logLines)).toEqual([]);
  });
});
