import type { Kysely } from 'kysely';
import { recordAnswerOutcome } from '../../src/chat/store/answer-outcome.repository';
import type { DB } from '../../src/db/db.generated';
import { withTenantTransaction } from '../../src/db/tenant-transaction';
import { buildConversation } from '../factories/conversation.factory';
import { buildTenant } from '../factories/tenant.factory';
import { createTestDatabase, type TestDatabase } from '../setup/database';

let database: TestDatabase;
let db: Kysely<DB>;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(() => database.destroy());

const stateOf = (id: string) =>
  db
    .selectFrom('conversations')
    .select(['handoffReason', 'handoffAt', 'flaggedReason', 'flaggedAt'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

const META = { model: 'builtin', latencyMs: 1, promptTokens: null, completionTokens: null, sources: [] };

describe(recordAnswerOutcome.name, () => {
  it('records a handoff once, keeping the first reason and time', async () => {
    const conversation = await buildConversation(db);
    const record = (handoffReason: 'visitor_request' | 'no_answer') =>
      withTenantTransaction(db, conversation.tenantId, (tx) =>
        recordAnswerOutcome(tx, conversation.tenantId, conversation.id, { kind: 'handoff', handoffReason, metadata: META }),
      );
    await record('no_answer');
    const first = await stateOf(conversation.id);
    expect(first.handoffReason).toBe('no_answer');
    expect(first.handoffAt).toBeInstanceOf(Date);
    await record('visitor_request');
    expect(await stateOf(conversation.id)).toEqual(first);
  });

  it('flags a fallback and leaves a plain answer alone', async () => {
    const conversation = await buildConversation(db);
    await withTenantTransaction(db, conversation.tenantId, (tx) =>
      recordAnswerOutcome(tx, conversation.tenantId, conversation.id, { kind: 'ai', metadata: META }),
    );
    expect(await stateOf(conversation.id)).toEqual({ handoffReason: null, handoffAt: null, flaggedReason: null, flaggedAt: null });
    await withTenantTransaction(db, conversation.tenantId, (tx) =>
      recordAnswerOutcome(tx, conversation.tenantId, conversation.id, { kind: 'fallback', flaggedReason: 'llm_timeout', metadata: META }),
    );
    expect(await stateOf(conversation.id)).toMatchObject({ handoffReason: null, flaggedReason: 'llm_timeout' });
  });

  it('does not reach another tenant’s conversation', async () => {
    const conversation = await buildConversation(db);
    const other = await buildTenant(db);
    await withTenantTransaction(db, other.id, (tx) =>
      recordAnswerOutcome(tx, other.id, conversation.id, { kind: 'handoff', handoffReason: 'no_answer', metadata: META }),
    );
    expect((await stateOf(conversation.id)).handoffReason).toBeNull();
  });
});
