import type { Kysely } from 'kysely';
import { withTenantTransaction } from '../../src/db/tenant-transaction';
import { buildConversation, buildLead, buildMessage } from '../factories/conversation.factory';
import { buildApiKeyRow, buildConfiguration, buildKnowledgeBaseEntry } from '../factories/knowledge-base.factory';
import { buildTenant } from '../factories/tenant.factory';
import { useTestDatabase } from '../setup/database';
import { sqlErrorCode } from '../support/sql-error';

const testDb = useTestDatabase();

describe('tenant-consistent references', () => {
  it("rejects a message into another tenant's conversation, even with its id known", async () => {
    const tenantA = await buildTenant(testDb.db);
    const conversationB = await buildConversation(testDb.db);
    const code = await sqlErrorCode(() =>
      withTenantTransaction(testDb.db, tenantA.id, (tx) =>
        tx.insertInto('messages').values({ tenantId: tenantA.id, conversationId: conversationB.id, role: 'user', content: 'hi' }).execute(),
      ),
    );
    expect(code).toBe('23503');
    expect(await testDb.db.selectFrom('messages').selectAll().where('conversationId', '=', conversationB.id).execute()).toEqual([]);
  });

  it("rejects a lead on another tenant's conversation", async () => {
    const tenantA = await buildTenant(testDb.db);
    const conversationB = await buildConversation(testDb.db);
    const code = await sqlErrorCode(() =>
      withTenantTransaction(testDb.db, tenantA.id, (tx) =>
        tx.insertInto('leads').values({ tenantId: tenantA.id, conversationId: conversationB.id, intent: 'demo' }).execute(),
      ),
    );
    expect(code).toBe('23503');
  });

  it("rejects pointing an existing lead at another tenant's conversation or message", async () => {
    const lead = await buildLead(testDb.db);
    const messageB = await buildMessage(testDb.db);
    const codes = await Promise.all([
      sqlErrorCode(() =>
        withTenantTransaction(testDb.db, lead.tenantId, (tx) =>
          tx.updateTable('leads').set({ conversationId: messageB.conversationId }).where('id', '=', lead.id).execute(),
        ),
      ),
      sqlErrorCode(() =>
        withTenantTransaction(testDb.db, lead.tenantId, (tx) =>
          tx.updateTable('leads').set({ sourceMessageId: messageB.id }).where('id', '=', lead.id).execute(),
        ),
      ),
    ]);
    expect(codes).toEqual(['23503', '23503']);
  });

  it('accepts references inside one tenant', async () => {
    const conversation = await buildConversation(testDb.db);
    const lead = await withTenantTransaction(testDb.db, conversation.tenantId, async (tx) => {
      const message = await tx
        .insertInto('messages')
        .values({ tenantId: conversation.tenantId, conversationId: conversation.id, role: 'user', content: 'pricing?' })
        .returning('id')
        .executeTakeFirstOrThrow();
      return tx
        .insertInto('leads')
        .values({ tenantId: conversation.tenantId, conversationId: conversation.id, sourceMessageId: message.id, intent: 'pricing' })
        .returningAll()
        .executeTakeFirstOrThrow();
    });
    expect(lead.conversationId).toBe(conversation.id);
  });
});

describe('cascade and set-null rules', () => {
  it('deleting a conversation deletes its messages and detaches its leads, keeping their tenant', async () => {
    const message = await buildMessage(testDb.db);
    const lead = await buildLead(testDb.db, { tenantId: message.tenantId, conversationId: message.conversationId, sourceMessageId: message.id });
    await withTenantTransaction(testDb.db, message.tenantId, (tx) =>
      tx.deleteFrom('conversations').where('id', '=', message.conversationId).execute(),
    );
    expect(await testDb.db.selectFrom('messages').select('id').where('id', '=', message.id).execute()).toEqual([]);
    const after = await testDb.db.selectFrom('leads').selectAll().where('id', '=', lead.id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ conversationId: null, sourceMessageId: null, tenantId: message.tenantId });
  });

  it('deleting a message detaches the lead that points at it', async () => {
    const message = await buildMessage(testDb.db);
    const lead = await buildLead(testDb.db, { tenantId: message.tenantId, conversationId: message.conversationId, sourceMessageId: message.id });
    await withTenantTransaction(testDb.db, message.tenantId, (tx) => tx.deleteFrom('messages').where('id', '=', message.id).execute());
    const after = await testDb.db.selectFrom('leads').selectAll().where('id', '=', lead.id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ conversationId: message.conversationId, sourceMessageId: null });
  });

  it("deleting a tenant removes every row of it and nothing of another tenant's", async () => {
    const counts = async (tenantId: string) =>
      Promise.all(
        (['apiKeys', 'conversations', 'messages', 'leads', 'tenantConfigurations', 'knowledgeBases'] as const).map(async (table) => {
          const row = (await (testDb.db as Kysely<any>)
            .selectFrom(table)
            .select((eb: any) => eb.fn.countAll().as('n'))
            .where('tenantId', '=', tenantId)
            .executeTakeFirstOrThrow()) as { n: number | string };
          return Number(row.n);
        }),
      );
    const seed = async () => {
      const message = await buildMessage(testDb.db);
      await buildLead(testDb.db, { tenantId: message.tenantId, conversationId: message.conversationId });
      await buildConfiguration(testDb.db, { tenantId: message.tenantId });
      await buildKnowledgeBaseEntry(testDb.db, { tenantId: message.tenantId });
      await buildApiKeyRow(testDb.db, { tenantId: message.tenantId });
      return message.tenantId;
    };
    const doomed = await seed();
    const survivor = await seed();
    expect(await counts(doomed)).toEqual([1, 1, 1, 1, 1, 1]);
    await testDb.db.deleteFrom('tenants').where('id', '=', doomed).execute();
    expect(await counts(doomed)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(await counts(survivor)).toEqual([1, 1, 1, 1, 1, 1]);
  });
});
