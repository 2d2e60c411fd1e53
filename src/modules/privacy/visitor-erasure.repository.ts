import { sql } from 'kysely';
import type { TenantTx } from '../../db/tenant-transaction';

/** Visitor lookups and deletes for erasure; RLS limits every statement to the bound tenant. */

export interface LeadMatch {
  id: string;
  conversationId: string | null;
}

export async function findConversationIdsBySession(tx: TenantTx, sessionId: string): Promise<string[]> {
  const rows = await tx.selectFrom('conversations').select('id').where('sessionId', '=', sessionId).execute();
  return rows.map((row) => row.id);
}

/** Leads whose contact email equals `email` (already lowercased), ignoring case in stored values. */
export async function findLeadsByEmail(tx: TenantTx, email: string): Promise<LeadMatch[]> {
  return tx
    .selectFrom('leads')
    .select(['id', 'conversationId'])
    .where(sql<boolean>`lower(btrim(contact_info ->> 'email')) = ${email}`)
    .execute();
}

/**
 * Leads whose stored phone ends with the same last digits as `digitsSuffix`: a cheap pre-filter, since
 * leads written through the API may hold a phone in any format. The caller compares in E.164.
 */
export async function findLeadPhoneCandidates(tx: TenantTx, digitsSuffix: string): Promise<(LeadMatch & { phone: string })[]> {
  const rows = await tx
    .selectFrom('leads')
    .select(['id', 'conversationId', sql<string>`contact_info ->> 'phone'`.as('phone')])
    .where(sql<boolean>`regexp_replace(contact_info ->> 'phone', '[^0-9]', '', 'g') like ${`%${digitsSuffix}`}`)
    .execute();
  return rows;
}

/** Ids of the leads attached to any of the conversations. */
export async function findLeadIdsByConversations(tx: TenantTx, conversationIds: readonly string[]): Promise<string[]> {
  if (conversationIds.length === 0) return [];
  const rows = await tx.selectFrom('leads').select('id').where('conversationId', 'in', conversationIds).execute();
  return rows.map((row) => row.id);
}

export async function deleteLeads(tx: TenantTx, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await tx.deleteFrom('leads').where('id', 'in', ids).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export interface DeletedConversations {
  conversations: number;
  messages: number;
  deliveries: number;
}

/**
 * Messages first (to count them), then the conversations (their reply outbox rows cascade), then the
 * webhook delivery log entries that name the deleted conversations' platform sessions.
 */
export async function deleteConversations(tx: TenantTx, ids: readonly string[]): Promise<DeletedConversations> {
  if (ids.length === 0) return { conversations: 0, messages: 0, deliveries: 0 };
  const messages = await tx.deleteFrom('messages').where('conversationId', 'in', ids).executeTakeFirst();
  const deleted = await tx.deleteFrom('conversations').where('id', 'in', ids).returning('sessionId').execute();
  const sessions = deleted.map((row) => row.sessionId);
  const deliveries =
    sessions.length === 0
      ? 0
      : Number(
          (await tx.deleteFrom('inboundEvents').where(sql<string>`payload ->> 'conversationRef'`, 'in', sessions).executeTakeFirst())
            .numDeletedRows,
        );
  return { conversations: deleted.length, messages: Number(messages.numDeletedRows), deliveries };
}
