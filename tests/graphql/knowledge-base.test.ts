import { buildKnowledgeBaseEntry } from '../factories/knowledge-base.factory';
import {
  ActivateKnowledgeBaseVersionDocument,
  DeleteKnowledgeBaseEntryDocument,
  KnowledgeBaseDocument,
  PublishKnowledgeBaseDocument,
} from './generated';
import { addKey, createTestApp, errorCodes, succeeded, userErrorCodes, tenantWithKey, type TestApp } from './harness';

describe('knowledge base', () => {
  let t: TestApp;
  let tenantId: string;
  let key: string;
  let otherKey: string;

  beforeAll(async () => {
    t = await createTestApp();
    ({ tenantId, key } = await tenantWithKey(t.database));
    ({ key: otherKey } = await tenantWithKey(t.database));
  });
  afterAll(async () => {
    await t.close();
  });

  it('publishes system prompt versions, keeps one active with history, and rolls back', async () => {
    const v1 = await t.run(key, PublishKnowledgeBaseDocument, { input: { contentType: 'SYSTEM_PROMPT', content: 'Be brief.' } });
    const v2 = await t.run(key, PublishKnowledgeBaseDocument, { input: { contentType: 'SYSTEM_PROMPT', content: 'Be kind.' } });
    const first = succeeded(v1.data?.publishKnowledgeBase).knowledgeBaseEntry;
    expect(first).toMatchObject({ version: 1, isActive: true });
    expect(succeeded(v2.data?.publishKnowledgeBase).knowledgeBaseEntry).toMatchObject({ version: 2, isActive: true });
    const active = await t.run(key, KnowledgeBaseDocument, { contentType: 'SYSTEM_PROMPT' });
    expect(active.data?.knowledgeBase.map((entry) => entry.content)).toEqual(['Be kind.']);
    const history = await t.run(key, KnowledgeBaseDocument, { contentType: 'SYSTEM_PROMPT', includeInactive: true });
    expect(history.data?.knowledgeBase.map((entry) => [entry.version, entry.isActive])).toEqual([
      [2, true],
      [1, false],
    ]);
    const rolledBack = await t.run(key, ActivateKnowledgeBaseVersionDocument, { id: first.id });
    expect(succeeded(rolledBack.data?.activateKnowledgeBaseVersion).knowledgeBaseEntry).toMatchObject({ version: 1, isActive: true });
    const now = await t.run(key, KnowledgeBaseDocument, { contentType: 'SYSTEM_PROMPT' });
    expect(now.data?.knowledgeBase.map((entry) => entry.version)).toEqual([1]);
  });

  it('keeps every FAQ entry active, each with its own version, and deletes one', async () => {
    const published = await t.run(key, PublishKnowledgeBaseDocument, { input: { contentType: 'FAQ', title: 'Shipping?', content: 'Worldwide.' } });
    const first = succeeded(published.data?.publishKnowledgeBase).knowledgeBaseEntry;
    const second = await t.run(key, PublishKnowledgeBaseDocument, { input: { contentType: 'FAQ', title: 'Returns?', content: '30 days.' } });
    expect(succeeded(second.data?.publishKnowledgeBase).knowledgeBaseEntry.version).toBe(first.version + 1);
    const faqs = await t.run(key, KnowledgeBaseDocument, { contentType: 'FAQ' });
    expect(faqs.data?.knowledgeBase.map((entry) => entry.title)).toEqual(['Returns?', 'Shipping?']);
    const deleted = await t.run(key, DeleteKnowledgeBaseEntryDocument, { id: first.id });
    expect(succeeded(deleted.data?.deleteKnowledgeBaseEntry).deletedId).toBe(first.id);
    const after = await t.run(key, KnowledgeBaseDocument, {});
    expect(after.data?.knowledgeBase.map((entry) => entry.title)).toContain('Returns?');
    expect(after.data?.knowledgeBase.map((entry) => entry.title)).not.toContain('Shipping?');
  });

  it.each([
    [{ contentType: 'FAQ' as const, content: 'No question' }, 'input.title'],
    [{ contentType: 'CUSTOM' as const, content: '   ' }, 'input.content: must not be empty'],
    [{ contentType: 'RECIPES', content: 'x' }, 'KnowledgeBaseContentType'],
  ])('refuses bad input %j with BAD_USER_INPUT', async (input, message) => {
    const result = await t.run(key, PublishKnowledgeBaseDocument, { input: input as never });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors?.[0]?.message).toContain(message);
  });

  it("isolates tenants: another tenant's entries are missing, not forbidden", async () => {
    const entry = await buildKnowledgeBaseEntry(t.database.db, { tenantId, contentType: 'custom', isActive: false });
    expect((await t.run(otherKey, KnowledgeBaseDocument, { includeInactive: true })).data?.knowledgeBase).toEqual([]);
    const activate = await t.run(otherKey, ActivateKnowledgeBaseVersionDocument, { id: entry.id });
    const missing = await t.run(otherKey, ActivateKnowledgeBaseVersionDocument, { id: '00000000-0000-4000-8000-000000000000' });
    expect(activate.data).toEqual(missing.data);
    expect(userErrorCodes(activate.data?.activateKnowledgeBaseVersion)).toEqual(['NOT_FOUND']);
    const del = await t.run(otherKey, DeleteKnowledgeBaseEntryDocument, { id: entry.id });
    expect(userErrorCodes(del.data?.deleteKnowledgeBaseEntry)).toEqual(['NOT_FOUND']);
    const stored = await t.database.db.selectFrom('knowledgeBases').select('isActive').where('id', '=', entry.id).executeTakeFirst();
    expect(stored?.isActive).toBe(false);
  });

  it('refuses knowledge base mutations to a read-only key', async () => {
    const { key: readOnly } = await addKey(t.database, tenantId);
    const result = await t.run(readOnly, PublishKnowledgeBaseDocument, { input: { contentType: 'CUSTOM', content: 'x' } });
    expect(errorCodes(result)).toEqual(['FORBIDDEN']);
    const entry = await buildKnowledgeBaseEntry(t.database.db, { tenantId, contentType: 'custom' });
    expect(errorCodes(await t.run(readOnly, DeleteKnowledgeBaseEntryDocument, { id: entry.id }))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await t.run(readOnly, ActivateKnowledgeBaseVersionDocument, { id: entry.id }))).toEqual(['FORBIDDEN']);
    expect((await t.run(readOnly, KnowledgeBaseDocument, {})).errors).toBeUndefined();
  });
});
