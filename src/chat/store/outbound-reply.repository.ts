import { sql, type Expression, type QueryCreator, type SqlBool } from 'kysely';
import type { DB } from '../../db/db.generated';
import { statementTemplate } from '../../db/statement-template';
import type { TenantTx } from '../../db/tenant-transaction';
import { truncateText } from '../../lib/storable-text';

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

/**
 * The assistant's reply owed to the message that the part `stored` of the same statement inserted
 * (insertLoggedMessageQuery), as insertPendingReply owes it; none when `stored` inserted nothing (a
 * duplicate) or when `onlyIf` (a condition on the statement's other parts) is false.
 */
export function oweReplyToStoredQuery(
  db: QueryCreator<DB & { stored: { id: string; conversationId: string } }>,
  tenantId: string,
  onlyIf: Expression<SqlBool> = sql<boolean>`true`,
) {
  return db
    .insertInto('outboundReplies')
    .columns(['tenantId', 'conversationId', 'kind', 'inReplyToMessageId'])
    .expression((eb) =>
      eb
        .selectFrom('stored')
        .select([sql`${tenantId}::uuid`.as('t'), 'stored.conversationId', sql`'assistant'`.as('k'), 'stored.id'])
        .where(onlyIf),
    )
    .onConflict((oc) => oc.columns(['tenantId', 'inReplyToMessageId']).where('inReplyToMessageId', 'is not', null).doNothing())
    .returning('id');
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

export type ReplyClaim<R extends OutboundReplyRow = OutboundReplyRow> =
  | { kind: 'idle' }
  /** Another worker is attempting the head reply; its lease ends in `retryInMs`. */
  | { kind: 'busy'; retryInMs: number }
  /** The head reply's next attempt is due in `retryInMs` (backoff or Retry-After). */
  | { kind: 'waiting'; retryInMs: number }
  /** The tenant has REPLY_TENANT_CONCURRENCY replies being attempted already. */
  | { kind: 'tenant_full' }
  /** `inDoubt`: an earlier attempt may have delivered it (see releaseReply). */
  | { kind: 'claimed'; reply: R; inDoubt: boolean };

export interface ClaimLimits {
  /** How long the lease lasts: a crashed attempt's reply is retried after it. */
  leaseSeconds: number;
  /** The longest one live attempt takes; an older lease is a dead worker's and frees its tenant slot. */
  attemptSeconds: number;
  /** Replies of the tenant under attempt at once, over every process. */
  tenantConcurrency: number;
}

const millisecondsUntil = (column: 'lease_until' | 'next_attempt_at') =>
  sql<number | null>`case when ${sql.ref(column)} > now() then (extract(epoch from ${sql.ref(column)} - now()) * 1000)::float8 end`;

/**
 * Takes the oldest pending reply of a conversation for `leaseSeconds`. The caller holds the
 * conversation row lock, so two workers cannot both take it; while a lease runs (another worker is
 * answering it) or its next attempt is not due, nobody takes the next one either: answers leave in
 * order, one at a time.
 *
 * The tenant's slots: the claims of one tenant are serialised by a transaction advisory lock, and a
 * claim is refused while `tenantConcurrency` of its replies hold a live lease, whichever process
 * holds them. A lease older than one attempt can last (`attemptSeconds`) no longer counts: its
 * process died, and only its own reply stays locked until the lease ends.
 *
 * `lease` runs the lease statement (leaseHeadReplyQuery) on the head reply, with what the caller reads
 * beside the claimed row (joins on `claimed`): read in the lease's snapshot, which is taken after the
 * tenant lock, it costs no statement of its own. With no claim (tenant full) the statement returns no row.
 */
export async function claimHeadReply<R extends OutboundReplyRow>(
  tx: TenantTx,
  conversationId: string,
  lease: (head: HeadReply) => Promise<R | undefined>,
): Promise<ReplyClaim<R>> {
  // The tenant lock is taken by the head read, only when the head is to be claimed: the lease UPDATE
  // below is a statement of its own, so it reads (in its own snapshot) every lease a claim of this
  // tenant committed before the lock was granted.
  const head = await tx
    .selectFrom(
      tx
        .selectFrom('outboundReplies')
        .select([
          'id',
          millisecondsUntil('lease_until').as('leasedForMs'),
          millisecondsUntil('next_attempt_at').as('dueInMs'),
          // A lease that ran out without being cleared: that attempt died, possibly after sending.
          sql<boolean>`delivery_in_doubt or lease_until is not null`.as('inDoubt'),
        ])
        .where('conversationId', '=', conversationId)
        .where('status', '=', 'pending')
        .orderBy('createdAt')
        .orderBy('id')
        .limit(1)
        .as('head'),
    )
    .select([
      'head.id',
      'head.leasedForMs',
      'head.dueInMs',
      'head.inDoubt',
      sql<boolean | null>`case when ${sql.ref('head.leasedForMs')} is null and ${sql.ref('head.dueInMs')} is null
        then pg_advisory_xact_lock(hashtextextended('reply-slots:' || app.current_tenant_id()::text, 0))::text is not null end`.as('slotsLocked'),
    ])
    .executeTakeFirst();
  if (!head) return { kind: 'idle' };
  if (head.leasedForMs !== null) return { kind: 'busy', retryInMs: head.leasedForMs };
  if (head.dueInMs !== null) return { kind: 'waiting', retryInMs: head.dueInMs };

  const reply = await lease(head);
  if (!reply) return { kind: 'tenant_full' };
  return { kind: 'claimed', reply, inDoubt: head.inDoubt };
}

/** The head reply as claimHeadReply found it, to be leased. */
export interface HeadReply {
  id: string;
  /** An earlier attempt may have delivered it. */
  inDoubt: boolean;
}

/** claimHeadReply's lease UPDATE as the CTE `claimed`, selected from (the caller adds what it reads with it). */
export function leaseHeadReplyQuery(tx: TenantTx, head: HeadReply, leaseToken: string, limits: ClaimLimits) {
  const liveLeasesAfter = sql`now() + make_interval(secs => ${Math.max(0, limits.leaseSeconds - limits.attemptSeconds)})`;
  return tx
    .with('claimed', (db) =>
      db
        .updateTable('outboundReplies')
        .set({
          leaseUntil: sql`now() + make_interval(secs => ${limits.leaseSeconds})`,
          leaseToken,
          attempts: sql`attempts + 1`,
          nextAttemptAt: null,
          deliveryInDoubt: head.inDoubt,
        })
        .where('id', '=', head.id)
        // RLS keeps the count to this tenant's replies.
        .where(
          sql<boolean>`(select count(*) from outbound_replies o where o.status = 'pending' and o.lease_until > ${liveLeasesAfter}) < ${limits.tenantConcurrency}`,
        )
        .returning(COLUMNS),
    )
    .selectFrom('claimed')
    .selectAll('claimed');
}

/**
 * Gives back the lease `leaseToken` took in this conversation, if the claim committed after all
 * (its COMMIT's answer was lost to an outage); the attempt did not happen, so it does not count.
 */
export async function releaseLeaseToken(tx: TenantTx, conversationId: string, leaseToken: string): Promise<void> {
  await tx
    .updateTable('outboundReplies')
    .set({ leaseUntil: null, attempts: sql`greatest(attempts - 1, 0)` })
    .where('conversationId', '=', conversationId)
    .where('leaseToken', '=', leaseToken)
    .where('status', '=', 'pending')
    .where('leaseUntil', 'is not', null)
    .execute();
}

/**
 * Fixes the produced answer on the reply unless another attempt already did, with the id of the
 * message that the part `stored` of the same statement inserted (storeReplyAnswer); no row when the
 * content was there already.
 */
export function setReplyContentQuery(db: QueryCreator<DB & { stored: { id: string } }>, replyId: string, content: string) {
  return db
    .updateTable('outboundReplies')
    .set((eb) => ({ content, messageId: eb.selectFrom('stored').select('id') }))
    .where('id', '=', replyId)
    .where('content', 'is', null)
    .returning(COLUMNS);
}

export async function findReply(tx: TenantTx, replyId: string): Promise<OutboundReplyRow> {
  return tx.selectFrom('outboundReplies').select(COLUMNS).where('id', '=', replyId).executeTakeFirstOrThrow();
}

/** Records the reply as delivered; returns whether other replies of the conversation are still owed. */
export async function markReplySent(tx: TenantTx, replyId: string, externalId: string | null): Promise<{ more: boolean }> {
  const { rows } = await replySentStatement(tx, null, { replyId, externalId });
  return { more: rows[0]?.more ?? false };
}

// Every reply sent runs it: built once (statement-template.ts).
const replySentStatement = statementTemplate((tx: TenantTx, _: null, { replyId, externalId }: { replyId: string; externalId: string | null }) =>
  tx
    .with('sent', (db) =>
      db
        .updateTable('outboundReplies')
        .set({ status: 'sent', externalId, sentAt: sql`now()`, leaseUntil: null, lastError: null, deliveryInDoubt: false })
        .where('id', '=', replyId)
        .returning('conversationId'),
    )
    .selectFrom('sent')
    .select(
      sql<boolean>`exists (select 1 from outbound_replies o where o.conversation_id = sent.conversation_id and o.status = 'pending' and o.id <> ${replyId})`.as(
        'more',
      ),
    ),
);

export async function markReplyFinal(tx: TenantTx, replyId: string, status: 'skipped' | 'failed', reason: string): Promise<void> {
  await tx
    .updateTable('outboundReplies')
    .set({ status, lastError: truncateText(reason, 500), leaseUntil: null })
    .where('id', '=', replyId)
    .execute();
}

export interface Release {
  reason: string;
  /** When the next attempt may run (any job of the conversation waits for it). */
  retryInMs: number;
  /** The attempt ended without knowing whether the platform took the reply: the next one looks first. */
  inDoubt: boolean;
  /** The attempt was cut short by the database, not by the reply: it does not count. */
  refund: boolean;
}

/** Releases the lease after a failed attempt and schedules the next one. */
export async function releaseReply(tx: TenantTx, replyId: string, release: Release): Promise<void> {
  await tx
    .updateTable('outboundReplies')
    .set({
      leaseUntil: null,
      lastError: truncateText(release.reason, 500),
      nextAttemptAt: release.retryInMs > 0 ? sql`now() + make_interval(secs => ${release.retryInMs / 1000})` : null,
      deliveryInDoubt: release.inDoubt,
      ...(release.refund && { attempts: sql`greatest(attempts - 1, 0)` }),
    })
    .where('id', '=', replyId)
    .execute();
}

/** Links an operator reply to the message row that records it in the transcript. */
export async function setReplyMessage(tx: TenantTx, replyId: string, messageId: string): Promise<void> {
  await tx.updateTable('outboundReplies').set({ messageId }).where('id', '=', replyId).execute();
}

/** What a live `replyStatusChanged` subscriber sees of a reply (no content: the message carries it). */
export async function findReplyStatusById(tx: TenantTx, replyId: string) {
  const row = await tx
    .selectFrom('outboundReplies')
    .select(['id', 'conversationId', 'kind', 'messageId', 'status', 'attempts', 'lastError', 'updatedAt', 'sentAt'])
    .where('id', '=', replyId)
    .executeTakeFirst();
  return row ?? null;
}
