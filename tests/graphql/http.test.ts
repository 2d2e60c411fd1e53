import { Writable } from 'node:stream';
import { sql } from 'kysely';
import pino from 'pino';
import { CreateLeadDocument, LeadsDocument } from './generated';
import { createTestApp, tenantWithKey, type TestApp } from './harness';

describe('GraphQL over HTTP: transport, limits, errors, transactions', () => {
  let t: TestApp;
  let key: string;
  let tenantId: string;
  const logLines: string[] = [];

  const post = (query: string, variables?: Record<string, unknown>) =>
    t.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      payload: { query, variables },
    });

  beforeAll(async () => {
    const logger = pino(
      { level: 'info' },
      new Writable({
        write(chunk, _encoding, done) {
          logLines.push(String(chunk));
          done();
        },
      }),
    );
    t = await createTestApp({ logger });
    ({ key, tenantId } = await tenantWithKey(t.database));
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves queries over GET and refuses mutations over GET', async () => {
    const query = await t.app.inject({
      method: 'GET',
      url: `/graphql?query=${encodeURIComponent('{ tenant { id } }')}`,
      headers: { authorization: `Bearer ${key}` },
    });
    expect(query.statusCode).toBe(200);
    expect(query.json().data.tenant.id).toBe(tenantId);
    const mutation = await t.app.inject({
      method: 'GET',
      url: `/graphql?query=${encodeURIComponent('mutation { updateTenant(input: { name: "x" }) { tenant { id } } }')}`,
      headers: { authorization: `Bearer ${key}` },
    });
    expect(mutation.statusCode).toBe(405);
  });

  it('rolls back the whole request when any field of a mutation fails', async () => {
    const response = await post(`mutation {
      ok: createLead(input: { intent: "rolled_back" }) { lead { id } }
      bad: createLead(input: { intent: "Not Valid" }) { lead { id } }
    }`);
    // Mutation fields run in order: `ok` inserted its lead before `bad` failed (non-null payloads
    // then null the whole data), so an empty table shows the insert was rolled back.
    const body = response.json();
    expect(body.data).toBeNull();
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const stored = await t.database.db.selectFrom('leads').select('id').where('intent', '=', 'rolled_back').execute();
    expect(stored).toEqual([]);
  });

  it('commits a mutation that succeeds', async () => {
    const result = await t.run(key, CreateLeadDocument, { input: { intent: 'kept' } });
    expect(result.errors).toBeUndefined();
    const stored = await t.database.db.selectFrom('leads').select('id').where('intent', '=', 'kept').execute();
    expect(stored).toHaveLength(1);
  });

  it('refuses a query deeper than the limit', async () => {
    const response = await post(
      '{ leads { edges { node { conversation { leads { conversation { leads { conversation { leads { conversation { id } } } } } } } } } } }',
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0]).toMatchObject({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    expect(response.json().errors[0].message).toContain('depth');
  });

  it('refuses too many aliases', async () => {
    const fields = Array.from({ length: 31 }, (_, i) => `a${i}: tenant { id }`).join(' ');
    const response = await post(`{ ${fields} }`);
    expect(response.json().errors[0].message).toContain('aliases');
  });

  it('refuses a query whose page sizes multiply past the cost limit, also through variables', async () => {
    const query = `query ($n: Int) { conversations(first: $n) { edges { node { messages(first: $n) { edges { node { id } } } } } } }`;
    const big = await post(query, { n: 100 });
    expect(big.statusCode).toBe(400);
    expect(big.json().errors[0].message).toContain('cost');
    const small = await post(query, { n: 10 });
    expect(small.json().errors).toBeUndefined();
  });

  it('masks unexpected errors (no SQL, no stack) and logs them with the request id', async () => {
    // Break the app role's access to one table, as a deployment mistake would.
    await sql`revoke select on leads from netia_app`.execute(t.database.db);
    try {
      const response = await t.app.inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'x-request-id': 'req-mask-test' },
        payload: { query: '{ leads { totalCount } }' },
      });
      const body = response.json();
      expect(body.errors).toEqual([{ message: 'Internal server error', locations: expect.any(Array), path: ['leads'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
      expect(response.body).not.toMatch(/permission|select|leads\b.*denied|stack/i);
      expect(response.headers['x-request-id']).toBe('req-mask-test');
      const logged = logLines.find((line) => line.includes('req-mask-test') && line.includes('graphql operation failed'));
      expect(logged).toContain('permission denied');
      expect(logged).not.toContain(key);
      // Every line of the request names its tenant and key, the closing access-log line included.
      const completed = logLines.find((line) => line.includes('req-mask-test') && line.includes('request completed'));
      for (const line of [logged, completed]) expect(JSON.parse(line!)).toMatchObject({ tenantId, apiKeyId: expect.any(String) });
    } finally {
      await sql`grant select on leads to netia_app`.execute(t.database.db);
    }
    expect((await t.run(key, LeadsDocument, {})).errors).toBeUndefined();
  });

  it('keeps parse and validation errors readable', async () => {
    const parse = await post('{ tenant { id ');
    expect(parse.statusCode).toBe(400);
    expect(parse.json().errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    const unknown = await post('{ tenant { keyHash } }');
    expect(unknown.json().errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(unknown.json().errors[0].message).toContain('keyHash');
    // An operationName that names no operation in the text (GraphiQL sends one while its debounce lags).
    const misnamed = await t.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      payload: { query: 'query Mine { tenant { id } }', operationName: 'Other' },
    });
    expect(misnamed.statusCode).toBe(400);
    expect(misnamed.json().errors[0].extensions.code).toBe('OPERATION_RESOLUTION_FAILURE');
  });

  it('turns introspection off when configured', async () => {
    const closed = await createTestApp({ graphql: { introspection: false }, database: t.database });
    try {
      const response = await closed.app.inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        payload: { query: '{ __schema { types { name } } }' },
      });
      expect(response.json().errors[0].message).toMatch(/introspection is not allowed/i);
      expect(response.json().errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    } finally {
      await closed.close();
    }
  });
});
