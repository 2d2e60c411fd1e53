import { sql, type Selectable } from 'kysely';
import type { Messages } from '../../db/db.generated';
import type { TenantTx } from '../../db/tenant-transaction';
import type { PageRequest } from '../../graphql/pagination';

/** The stored message; the generated search and analytics columns (v1.4, v1.15) stay in SQL. */
export type MessageRow = Omit<Selectable<Messages>, 'searchVector' | 'messageKind' | 'latencyMs' | 'llmModel' | 'promptTokens' | 'completionTokens' | 'platform'>;
export type MessagePageRow = MessageRow & { sortKey: string };

export async function findMessageById(tx: TenantTx, id: string): Promise<MessageRow | null> {
  const row = await tx
    .selectFrom('messages')
    .select(['id', 'tenantId', 'conversationId', 'role', 'content', 'timestamp', 'externalId', 'metadata'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row ?? null;
}

/**
 * The same page (oldest first; `last` = the most recent) of several conversations in ONE statement:
 * a LATERAL subquery per conversation id walks idx_messages_conversation_time and stops at limit + 1.
 */
export async function listMessagesOfConversations(
  tx: TenantTx,
  conversationIds: readonly string[],
  page: PageRequest,
): Promise<MessagePageRow[]> {
  const forward = page.direction === 'forward';
  const order = forward ? sql`m.timestamp asc, m.id asc` : sql`m.timestamp desc, m.id desc`;
  const outerOrder = forward ? sql`p.timestamp asc, p.id asc` : sql`p.timestamp desc, p.id desc`;
  const after = page.cursor
    ? forward
      ? sql`and (m.timestamp, m.id) > (${page.cursor.key}::timestamptz, ${page.cursor.id}::uuid)`
      : sql`and (m.timestamp, m.id) < (${page.cursor.key}::timestamptz, ${page.cursor.id}::uuid)`
    : sql``;
  const { rows } = await sql<MessagePageRow>`
    select p.* from unnest(${conversationIds}::uuid[]) as k(conversation_id)
    cross join lateral (
      select m.id, m.tenant_id, m.conversation_id, m.role, m.content, m.timestamp, m.metadata, m.external_id,
             m.timestamp::text as sort_key
        from messages m
       where m.conversation_id = k.conversation_id ${after}
       order by ${order}
       limit ${page.limit + 1}
    ) p
    order by k.conversation_id, ${outerOrder}`.execute(tx);
  return rows;
}

export async function countMessagesOfConversations(
  tx: TenantTx,
  conversationIds: readonly string[],
): Promise<{ conversationId: string; count: string }[]> {
  return tx
    .selectFrom('messages')
    .select((eb) => ['conversationId', eb.fn.countAll<string>().as('count')])
    .where(sql<boolean>`conversation_id = any(${conversationIds}::uuid[])`)
    .groupBy('conversationId')
    .execute();
}
