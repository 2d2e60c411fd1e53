import { buildConfiguration } from '../factories/knowledge-base.factory';
import { jsonb } from '../../src/db/json';
import { ConfigurationDocument, ConfigurationsDocument, DeleteConfigurationDocument, SetConfigurationDocument } from './generated';
import { addKey, createTestApp, errorCodes, tenantWithKey, type TestApp } from './harness';

describe('configurations', () => {
  let t: TestApp;
  let tenantId: string;
  let key: string;
  let otherKey: string;

  beforeAll(async () => {
    t = await createTestApp();
    ({ tenantId, key } = await tenantWithKey(t.database));
    ({ key: otherKey } = await tenantWithKey(t.database));
    // An integration secret stored by its own code: the generic API must never show it.
    await buildConfiguration(t.database.db, { tenantId, configType: 'crisp', configData: jsonb({ secret: 'crisp-token' }) });
  });
  afterAll(async () => {
    await t.close();
  });

  it('sets, reads, replaces and deletes a validated configuration', async () => {
    const set = await t.run(key, SetConfigurationDocument, { type: 'AI', data: { temperature: 0.3, model: 'gpt-4o-mini' } });
    expect(set.errors).toBeUndefined();
    expect(set.data?.setConfiguration).toMatchObject({ type: 'AI', data: { temperature: 0.3, model: 'gpt-4o-mini' } });
    await t.run(key, SetConfigurationDocument, { type: 'AI', data: { maxTokens: 500 } });
    const read = await t.run(key, ConfigurationDocument, { type: 'AI' });
    expect(read.data?.configuration?.data).toEqual({ maxTokens: 500 });
    const deleted = await t.run(key, DeleteConfigurationDocument, { type: 'AI' });
    expect(deleted.data?.deleteConfiguration).toBe('AI');
    expect((await t.run(key, ConfigurationDocument, { type: 'AI' })).data?.configuration).toBeNull();
    expect(errorCodes(await t.run(key, DeleteConfigurationDocument, { type: 'AI' }))).toEqual(['NOT_FOUND']);
  });

  it('never lists or serves the integration secrets', async () => {
    await t.run(key, SetConfigurationDocument, { type: 'ASSISTANT', data: { botName: 'Ava' } });
    const all = await t.run(key, ConfigurationsDocument);
    expect(all.data?.configurations.map((row) => row.type)).toEqual(['ASSISTANT']);
    expect(JSON.stringify(all)).not.toContain('crisp-token');
    const named = await t.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      payload: { query: 'mutation { setConfiguration(type: crisp, data: { secret: "x" }) { id } }' },
    });
    expect(named.json().errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it.each([
    ['AI' as const, { temperature: 5 }, 'data.temperature'],
    ['AI' as const, { colour: 'blue' }, 'data: Unrecognized key'],
    ['LEAD_CAPTURE' as const, { intents: [{ name: 'Bad Name', keywords: ['x'] }] }, 'data.intents.0.name'],
    ['LEAD_CAPTURE' as const, { defaultCountry: 'norway' }, 'data.defaultCountry'],
  ])('refuses %s data %j with BAD_USER_INPUT naming the field', async (type, data, message) => {
    const result = await t.run(key, SetConfigurationDocument, { type, data });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors?.[0]?.message).toContain(message);
  });

  it('isolates tenants and refuses writes to a read-only key', async () => {
    await t.run(key, SetConfigurationDocument, { type: 'LEAD_CAPTURE', data: { defaultCountry: 'NO' } });
    expect((await t.run(otherKey, ConfigurationsDocument)).data?.configurations).toEqual([]);
    expect((await t.run(otherKey, ConfigurationDocument, { type: 'LEAD_CAPTURE' })).data?.configuration).toBeNull();
    expect(errorCodes(await t.run(otherKey, DeleteConfigurationDocument, { type: 'LEAD_CAPTURE' }))).toEqual(['NOT_FOUND']);
    const { key: readOnly } = await addKey(t.database, tenantId);
    expect(errorCodes(await t.run(readOnly, SetConfigurationDocument, { type: 'AI', data: {} }))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await t.run(readOnly, DeleteConfigurationDocument, { type: 'LEAD_CAPTURE' }))).toEqual(['FORBIDDEN']);
    expect((await t.run(readOnly, ConfigurationDocument, { type: 'LEAD_CAPTURE' })).data?.configuration?.data).toEqual({ defaultCountry: 'NO' });
  });
});
