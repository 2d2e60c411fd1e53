import { sql } from 'kysely';
import type { TenantTx } from '../../db/tenant-transaction';

export interface OutboundReplyRow {
  id: string;
  conversationId: string;
  kind: string;
  inReplyToMessageId: string | null;
  messageId: string | null;
  content: string | null;
  attempts: number;
}

const COLUMNS = ['id', 'conversationId', 'kind', 'inReplyToMessageId', 'messageId', 'content', 'attempts'] as const;

/**
 * Records that a reply is owed. One per visitor message (unique index), so a redelivered webhook
 * cannot owe a second one; returns null in that case.
 */
export async function insertPendingReply(
  tx: TenantTx,
  input: { tenantId: string; conversationId: string; kind: 'assistant' | 'operator'; inReplyToMessageId: string | null; content: string | null },
): Promise<string | null> {
  const row = await tx
    .insertInto('outboundReplies')
    .values(input)
    .onConflict((oc) => oc.columns(['tenantId', 'inReplyToMessageId']).where('inReplyToMessageId', 'is not', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function listPendingReplyIds(tx: TenantTx, conversationId: string): Promise<string[]> {
  const rows = await tx
    .selectFrom('outboundReplies')
    .select('id')
    .where('conversationId', '=', conversationId)
    .where('status', '=', 'pending')
    .execute();
  return rows.map((row) => row.id);
}

export type ReplyClaim =
  | { kind: 'idle' }
  | { kind: 'busy' }
  /** `more`: other replies of the conversation were pending behind this one when it was claimed. */
  | { kind: 'claimed'; reply: OutboundReplyRow; more: boolean };

/**
 * Takes the oldest pending reply of a conversation for `leaseSeconds`. The caller holds the
 * conversation row lock, so two workers cannot both take it; while a lease runs (another worker is
 * answering it) nobody takes the next one either: answers leave in order, one at a time.
 */
export async function claimHeadReply(tx: TenantTx, conversationId: string, leaseSeconds: number): Promise<ReplyClaim> {
  const [head, next] = await tx
    .selectFrom('outboundReplies')
    .select(['id', sql<boolean>`coalesce(lease_until > now(), false)`.as('leased')])
    .where('conversationId', '=', conversationId)
    .where('status', '=', 'pending')
    .orderBy('createdAt')
    .orderBy('id')
    .limit(2)
    .execute();
  if (!head) return { kind: 'idle' };
  if (head.leased) return { kind: 'busy' };
  const reply = await tx
    .updateTable('outboundReplies')
    .set({ leaseUntil: sql`now() + make_interval(secs => ${leaseSeconds})`, attempts: sql`attempts + 1` })
    .where('id', '=', head.id)
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return { kind: 'claimed', reply, more: next !== undefined };
}

/** Stores the produced answer on the reply unless another attempt already did; returns the row. */
export async function setReplyContent(tx: TenantTx, replyId: string, content: string, messageId: string | null): Promise<OutboundReplyRow> {
  const updated = await tx
    .updateTable('outboundReplies')
    .set({ content, messageId })
    .where('id', '=', replyId)
    .where('content', 'is', null)
    .returning(COLUMNS)
    .executeTakeFirst();
  return updated ?? tx.selectFrom('outboundReplies').select(COLUMNS).where('id', '=', replyId).executeTakeFirstOrThrow();
}

export async function markReplySent(tx: TenantTx, replyId: string, externalId: string | null): Promise<void> {
  await tx
    .updateTable('outboundReplies')
    .set({ status: 'sent', externalId, sentAt: sql`now()`, leaseUntil: null, lastError: null })
    .where('id', '=', replyId)
    .execute();
}

export async function markReplyFinal(tx: TenantTx, replyId: string, status: 'skipped' | 'failed', reason: string): Promise<void> {
  await tx
    .updateTable('outboundReplies')
    .set({ status, lastError: reason.slice(0, 500), leaseUntil: null })
    .where('id', '=', replyId)
    .execute();
}

/** Releases the lease after a failed attempt; the job queue's backoff decides when the next one runs. */
export async function releaseReply(tx: TenantTx, replyId: string, reason: string): Promise<void> {
  await tx
    .updateTable('outboundReplies')
    .set({ leaseUntil: null, lastError: reason.slice(0, 500) })
    .where('id', '=', replyId)
    .execute();
}

/** Links an operator reply to the message row that records it in the transcript. */
export async function setReplyMessage(tx: TenantTx, replyId: string, messageId: string): Promise<void> {
  await tx.updateTable('outboundReplies').set({ messageId }).where('id', '=', replyId).execute();
}
