import type { AnswerRatingValue } from '../../domain/vocabulary';
import { sql } from 'kysely';
import type { TenantTx } from '../../db/tenant-transaction';

export interface RatedMessage {
  id: string;
  conversationId: string;
  role: string;
  timestamp: Date;
  metadata: Record<string, unknown>;
}

export async function findRatedMessage(tx: TenantTx, messageId: string): Promise<RatedMessage | null> {
  const row = await tx
    .selectFrom('messages')
    .select(['id', 'conversationId', 'role', 'timestamp', 'metadata'])
    .where('id', '=', messageId)
    .executeTakeFirst();
  return row ? { ...row, timestamp: new Date(row.timestamp as unknown as string), metadata: (row.metadata ?? {}) as Record<string, unknown> } : null;
}

/**
 * The visitor message a bot reply answered: the id stored with the reply (since v1.15), else the
 * reply's outbox row, else the newest visitor message before it.
 */
export async function findAnsweredQuestion(tx: TenantTx, answer: RatedMessage): Promise<{ id: string; content: string } | null> {
  const visitorMessages = tx.selectFrom('messages').select(['id', 'content']).where('conversationId', '=', answer.conversationId).where('role', '=', 'user');
  const stored = typeof answer.metadata.questionMessageId === 'string' ? answer.metadata.questionMessageId : null;
  const outbox = stored
    ? null
    : await tx.selectFrom('outboundReplies').select('inReplyToMessageId').where('messageId', '=', answer.id).executeTakeFirst();
  const questionId = stored ?? outbox?.inReplyToMessageId ?? null;
  if (questionId) {
    const question = await visitorMessages.where('id', '=', questionId).executeTakeFirst();
    if (question) return question;
  }
  const before = await visitorMessages.where('timestamp', '<=', answer.timestamp).orderBy('timestamp', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return before ?? null;
}

export interface AnswerRatingRow {
  messageId: string;
  rating: string;
  note: string | null;
  questionKey: string;
  ratedAt: Date;
}

/** One rating per answer: rating again replaces it. */
export async function upsertAnswerRating(
  tx: TenantTx,
  input: {
    tenantId: string;
    messageId: string;
    conversationId: string;
    rating: AnswerRatingValue;
    note: string | null;
    questionKey: string;
    questionMessageId: string | null;
    apiKeyId: string;
  },
): Promise<AnswerRatingRow> {
  return tx
    .insertInto('answerRatings')
    .values(input)
    .onConflict((oc) =>
      oc.columns(['tenantId', 'messageId']).doUpdateSet((eb) => ({
        rating: eb.ref('excluded.rating'),
        note: eb.ref('excluded.note'),
        questionKey: eb.ref('excluded.questionKey'),
        questionMessageId: eb.ref('excluded.questionMessageId'),
        apiKeyId: eb.ref('excluded.apiKeyId'),
        ratedAt: sql`now()`,
      })),
    )
    .returning(['messageId', 'rating', 'note', 'questionKey', 'ratedAt'])
    .executeTakeFirstOrThrow() as Promise<AnswerRatingRow>;
}
