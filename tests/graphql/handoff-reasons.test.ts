import { HANDOFF_REASONS } from '../../src/domain/vocabulary';
import { buildConversation } from '../factories/conversation.factory';
import { ConversationDocument } from './generated';
import { createTestApp, tenantWithKey, type TestApp } from './harness';

describe('Conversation.handoffReason', () => {
  let t: TestApp;
  afterAll(() => t?.close());

  it('serialises every reason the database admits, low_confidence included (stored by the assistant since v1.12)', async () => {
    t = await createTestApp();
    const { tenantId, key } = await tenantWithKey(t.database);
    for (const reason of HANDOFF_REASONS) {
      const conversation = await buildConversation(t.database.db, { tenantId, handoffReason: reason, handoffAt: new Date() });
      const result = await t.run(key, ConversationDocument, { id: conversation.id });
      expect(result.errors).toBeUndefined();
      expect(result.data?.conversation?.handoffReason).toBe(reason.toUpperCase());
    }
  });
});
