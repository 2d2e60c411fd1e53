import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Conversations, DB, Leads, Messages } from '../../src/db/db.generated';
import { buildTenant } from './tenant.factory';

export async function buildConversation(
  db: Kysely<DB>,
  overrides: Partial<Insertable<Conversations>> = {},
): Promise<Selectable<Conversations>> {
  const tenantId = overrides.tenantId ?? (await buildTenant(db)).id;
  return db
    .insertInto('conversations')
    .values({ sessionId: `session_${crypto.randomUUID()}`, ...overrides, tenantId })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Inserts a message, creating its conversation (and tenant) when none is given. */
export async function buildMessage(db: Kysely<DB>, overrides: Partial<Insertable<Messages>> = {}): Promise<Selectable<Messages>> {
  const conversation = overrides.conversationId
    ? await db.selectFrom('conversations').selectAll().where('id', '=', overrides.conversationId).executeTakeFirstOrThrow()
    : await buildConversation(db, overrides.tenantId ? { tenantId: overrides.tenantId } : {});
  return db
    .insertInto('messages')
    .values({ role: 'user', content: 'Hello there', ...overrides, tenantId: conversation.tenantId, conversationId: conversation.id })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function buildLead(db: Kysely<DB>, overrides: Partial<Insertable<Leads>> = {}): Promise<Selectable<Leads>> {
  const tenantId = overrides.tenantId ?? (await buildTenant(db)).id;
  return db
    .insertInto('leads')
    .values({ intent: 'pricing', ...overrides, tenantId })
    .returningAll()
    .executeTakeFirstOrThrow();
}
