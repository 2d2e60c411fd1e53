import { buildConfiguration } from '../factories/knowledge-base.factory';
import { jsonb } from '../../src/db/json';
import {
  ConfigurationDocument,
  ConfigurationsDocument,
  DeleteConfigurationDocument,
  SetAiConfigurationDocument,
  SetAssistantConfigurationDocument,
  SetLeadCaptureConfigurationDocument,
} from './generated';
import { addKey, createTestApp, errorCodes, succeeded, tenantWithKey, userErrorCodes, type TestApp } from './harness';

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

  it('sets, reads, replaces and deletes a typed configuration', async () => {
    const set = await t.run(key, SetAiConfigurationDocument, { input: { temperature: 0.3, model: 'gpt-4o-mini' } });
    expect(set.errors).toBeUndefined();
    expect(succeeded(set.data?.setAiConfiguration).configuration).toMatchObject({ type: 'AI', data: { temperature: 0.3, model: 'gpt-4o-mini' } });
    await t.run(key, SetAiConfigurationDocument, { input: { maxTokens: 500, model: null } });
    const read = await t.run(key, ConfigurationDocument, { type: 'AI' });
    expect(read.data?.configuration?.data).toEqual({ maxTokens: 500 });
    const deleted = await t.run(key, DeleteConfigurationDocument, { type: 'AI' });
    expect(succeeded(deleted.data?.deleteConfiguration).type).toBe('AI');
    expect((await t.run(key, ConfigurationDocument, { type: 'AI' })).data?.configuration).toBeNull();
    const again = await t.run(key, DeleteConfigurationDocument, { type: 'AI' });
    expect(again.data?.deleteConfiguration).toEqual({ type: null, errors: [{ code: 'NOT_FOUND', message: 'Configuration not found', field: 'type' }] });
  });

  it('stores lead capture intents and assistant texts with the input field names', async () => {
    const intents = [{ name: 'booking', keywords: ['book', 'reserve'] }];
    const leadCapture = await t.run(key, SetLeadCaptureConfigurationDocument, { input: { intents, defaultCountry: 'NO' } });
    expect(succeeded(leadCapture.data?.setLeadCaptureConfiguration).configuration.data).toEqual({ intents, defaultCountry: 'NO' });
    const assistant = await t.run(key, SetAssistantConfigurationDocument, { input: { botName: 'Ava', handoffMessage: 'A human will answer.' } });
    expect(succeeded(assistant.data?.setAssistantConfiguration).configuration.data).toEqual({ botName: 'Ava', handoffMessage: 'A human will answer.' });
  });

  it('never lists or serves the integration secrets', async () => {
    await t.run(key, SetAssistantConfigurationDocument, { input: { botName: 'Ava' } });
    const all = await t.run(key, ConfigurationsDocument);
    expect(all.data?.configurations.map((row) => row.type)).toEqual(expect.arrayContaining(['ASSISTANT']));
    expect(all.data?.configurations.map((row) => row.type)).not.toContain('crisp');
    expect(JSON.stringify(all)).not.toContain('crisp-token');
    const named = await t.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      payload: { query: 'mutation { deleteConfiguration(type: crisp) { type } }' },
    });
    expect(named.json().errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it.each([
    ['a temperature out of range', SetAiConfigurationDocument, { temperature: 5 }, 'input.temperature'],
    ['an intent name with spaces', SetLeadCaptureConfigurationDocument, { intents: [{ name: 'Bad Name', keywords: ['x'] }] }, 'input.intents.0.name'],
    ['a country that is not ISO alpha-2', SetLeadCaptureConfigurationDocument, { defaultCountry: 'norway' }, 'input.defaultCountry'],
    ['an empty bot name', SetAssistantConfigurationDocument, { botName: '' }, 'input.botName'],
  ] as const)('refuses %s with BAD_USER_INPUT naming the field (the zod rules)', async (_what, document, input, field) => {
    const result = await t.run(key, document as typeof SetAiConfigurationDocument, { input: input as never });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors?.[0]?.message).toMatch(new RegExp(`^${field.replace(/\./g, '\\.')}: `));
  });

  it('refuses a field the input type does not have before it runs', async () => {
    const result = await t.run(key, SetAiConfigurationDocument, { input: { colour: 'blue' } as never });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
  });

  it('isolates tenants and refuses writes to a read-only key', async () => {
    await t.run(key, SetLeadCaptureConfigurationDocument, { input: { defaultCountry: 'NO' } });
    expect((await t.run(otherKey, ConfigurationsDocument)).data?.configurations).toEqual([]);
    expect((await t.run(otherKey, ConfigurationDocument, { type: 'LEAD_CAPTURE' })).data?.configuration).toBeNull();
    expect(userErrorCodes((await t.run(otherKey, DeleteConfigurationDocument, { type: 'LEAD_CAPTURE' })).data?.deleteConfiguration)).toEqual([
      'NOT_FOUND',
    ]);
    const { key: readOnly } = await addKey(t.database, tenantId);
    expect(errorCodes(await t.run(readOnly, SetAiConfigurationDocument, { input: {} }))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await t.run(readOnly, DeleteConfigurationDocument, { type: 'LEAD_CAPTURE' }))).toEqual(['FORBIDDEN']);
    expect((await t.run(readOnly, ConfigurationDocument, { type: 'LEAD_CAPTURE' })).data?.configuration?.data).toEqual({ defaultCountry: 'NO' });
  });
});
