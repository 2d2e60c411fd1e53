import { getIntrospectionQuery } from 'graphql';
import { createTestApp, tenantWithKey, type TestApp } from './harness';

/** The query GraphiQL 3 sends on load (graphiql's useIntrospectionQuery with its defaults). */
const GRAPHIQL_INTROSPECTION = getIntrospectionQuery({ inputValueDeprecation: undefined, schemaDescription: undefined });

describe('introspection through the limits', () => {
  let t: TestApp;
  let key: string;

  const post = (query: string, credential: string | null = key) =>
    t.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', ...(credential ? { authorization: `Bearer ${credential}` } : {}) },
      payload: { query, operationName: query.startsWith('query IntrospectionQuery') ? 'IntrospectionQuery' : undefined },
    });

  beforeAll(async () => {
    t = await createTestApp();
    ({ key } = await tenantWithKey(t.database));
  });
  afterAll(async () => {
    await t.close();
  });

  it("answers GraphiQL's standard introspection query, with or without a key", async () => {
    for (const credential of [key, null]) {
      const response = await post(GRAPHIQL_INTROSPECTION, credential);
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.errors).toBeUndefined();
      expect(body.data.__schema.types.map((type: { name: string }) => type.name)).toContain('Conversation');
    }
  });

  it('still limits the data fields of a query that also introspects', async () => {
    const deep = `{ __schema { queryType { name } }
      leads { edges { node { conversation { leads { edges { node { conversation { leads { edges { node { id } } } } } } } } } } } }`;
    const response = await post(deep);
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].message).toMatch(/^Query depth \d+ exceeds the limit of 10/);
    const costly = await post('{ __type(name: "Lead") { name } conversations(first: 100) { edges { node { messages(first: 100) { edges { node { id } } } } } } }');
    expect(costly.statusCode).toBe(400);
    expect(costly.json().errors[0].message).toContain('cost');
  });

  it('refuses introspection shaped to multiply work', async () => {
    const circular = '{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }';
    const response = await post(circular);
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].message).toMatch(/maximum introspection depth/i);
    const ofTypes = `{ __type(name: "Lead") { ${'ofType { '.repeat(20)}name${' }'.repeat(20)} } }`;
    const deep = await post(ofTypes);
    expect(deep.statusCode).toBe(400);
    expect(deep.json().errors[0].message).toContain('Introspection depth 22 exceeds the limit of 20');
    const aliased = await post(`{ ${Array.from({ length: 31 }, (_, i) => `a${i}: __schema { queryType { name } }`).join(' ')} }`);
    expect(aliased.json().errors[0].message).toContain('aliases');
  });

  it('wants a key for anything that is not only introspection', async () => {
    for (const query of [
      '{ __schema { queryType { name } } tenant { id } }',
      '{ __typename }',
      'query { ...F } fragment F on Query { __schema { queryType { name } } }',
      'mutation { __typename }',
    ]) {
      const response = await post(query, null);
      expect(response.statusCode).toBe(401);
      expect(response.json().errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
    // A wrong key is refused even for introspection.
    expect((await post(GRAPHIQL_INTROSPECTION, 'ntk_not-a-real-key')).statusCode).toBe(401);
  });

  it('answers no introspection without a key once introspection is off', async () => {
    const closed = await createTestApp({ graphql: { introspection: false }, database: t.database });
    try {
      const response = await closed.app.inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json' },
        payload: { query: '{ __schema { queryType { name } } }' },
      });
      expect(response.statusCode).toBe(401);
    } finally {
      await closed.close();
    }
  });
});
