import { sql, type QueryCreator } from 'kysely';
import type { DB } from '../../db/db.generated';
import { statementTemplate } from '../../db/statement-template';
import type { TenantTx } from '../../db/tenant-transaction';
import { flagConversationQuery, handOffConversationQuery } from '../../modules/conversations/conversation.repository';
import { insertMessageQuery } from '../../modules/messages/message.repository';
import { answerMetric } from '../../modules/usage/ai-quota';
import { incrementUsageQuery, usagePeriod, type UsageMetric } from '../../modules/usage/usage.repository';
import type { AssistantAnswer } from '../../assistant/assistant.types';
import { setReplyContentQuery, type OutboundReplyRow } from './outbound-reply.repository';

export interface StoredAnswer {
  tenantId: string;
  conversationId: string;
  answer: Pick<AssistantAnswer, 'text' | 'kind' | 'handoffReason' | 'flaggedReason' | 'metadata'>;
  externalId: string | null;
  delivery: AnswerDelivery;
}

/**
 * Where an answer went, and the question it answered: bot analytics group misses by `questionKey` and
 * show `questionMessageId` as the example (src/modules/bot-analytics/), whichever path answered.
 */
export interface AnswerDelivery {
  platform: string;
  channel?: 'flow';
  /** The outbox row that sends it (the reply job's path). */
  outboundReplyId?: string;
  questionMessageId: string | null;
  questionKey: string;
}

/**
 * Records what an answer sent to a visitor decided, in one statement: it is counted against the
 * plan's monthly AI replies (src/modules/usage/ai-quota.ts); a handoff makes the bot stay quiet until
 * an operator releases the conversation; a flag asks for attention (the LLM failed, the quota was
 * used up). An existing handoff keeps its original reason and time. RLS leaves another tenant's
 * conversation untouched.
 */
export async function recordAnswerOutcome(tx: TenantTx, tenantId: string, conversationId: string, answer: Outcome): Promise<void> {
  await tx
    .with('counted', () => countedPart(tx, tenantId, answerMetric(answer), usagePeriod(new Date())))
    .with('outcome', () => outcomePart(tx, conversationId, answer))
    .selectNoFrom(sql<number>`1`.as('done'))
    .execute();
}

/**
 * Stores an answer for the visitor in one statement, whichever path produced it (the reply job, the
 * Tidio Flow): the transcript message, with how the answer was made in its metadata, and its outcome
 * (recordAnswerOutcome's parts). Returns the message's id (null when the echo id was already stored).
 */
export async function storeAssistantAnswer(tx: TenantTx, input: StoredAnswer): Promise<string | null> {
  const row = await tx
    .with('stored', (db) => storedPart(db, storedMessage(input)))
    .with('counted', () => countedPart(tx, input.tenantId, answerMetric(input.answer), usagePeriod(new Date())))
    .with('outcome', () => outcomePart(tx, input.conversationId, input.answer))
    .selectFrom('stored')
    .select('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/**
 * storeAssistantAnswer for an owed reply, with the answer fixed on the reply (the text a retry
 * sends, never asking the LLM again) in the same statement. Null when another attempt fixed it first.
 */
export async function storeReplyAnswer(tx: TenantTx, replyId: string, input: StoredAnswer): Promise<OutboundReplyRow | null> {
  const { answer } = input;
  // The outcome's reasons are codes (AssistantHandoffReason, flags): a handful of shapes.
  const shape = { metric: answerMetric(answer), kind: answer.kind, handoffReason: answer.handoffReason, flaggedReason: answer.flaggedReason };
  const { rows } = await replyAnswerStatement(tx, shape, { replyId, ...storedMessage(input), period: usagePeriod(new Date()) });
  return rows[0] ?? null;
}

// Every reply the bot sends runs it: built once per shape (statement-template.ts).
const replyAnswerStatement = statementTemplate(
  (
    tx: TenantTx,
    shape: { metric: UsageMetric | null } & OutcomeShape,
    { replyId, period, ...message }: StoredMessage & { replyId: string; period: string },
  ) =>
    tx
      .with('stored', (db) => storedPart(db, message))
      .with('reply', (db) => setReplyContentQuery(db, replyId, message.content))
      .with('counted', () => countedPart(tx, message.tenantId, shape.metric, period))
      .with('outcome', () => outcomePart(tx, message.conversationId, shape))
      .selectFrom('reply')
      .selectAll(),
);

type Outcome = Pick<AssistantAnswer, 'kind' | 'handoffReason' | 'flaggedReason' | 'metadata'>;
type OutcomeShape = Pick<AssistantAnswer, 'kind' | 'handoffReason' | 'flaggedReason'>;

// The parts, each built by its table's owner. Every data-modifying part of a statement runs, referenced or not.
const nothing = (db: QueryCreator<DB>) => db.selectNoFrom(sql<null>`null`.as('nothing'));

/** The transcript message of an answer: its text, and in its metadata how it was made and where it went. */
type StoredMessage = { tenantId: string; conversationId: string; content: string; externalId: string | null; metadata: Record<string, unknown> };

function storedMessage(input: StoredAnswer): StoredMessage {
  const { answer } = input;
  const metadata = { ...answer.metadata, answerKind: answer.kind, ...input.delivery };
  return { tenantId: input.tenantId, conversationId: input.conversationId, content: answer.text, externalId: input.externalId, metadata };
}

function storedPart(db: QueryCreator<DB>, message: StoredMessage) {
  return insertMessageQuery(db, { ...message, role: 'assistant' });
}

function countedPart(tx: TenantTx, tenantId: string, metric: UsageMetric | null, period: string) {
  return metric ? incrementUsageQuery(tx, tenantId, metric, 1, period) : nothing(tx);
}

function outcomePart(tx: TenantTx, conversationId: string, answer: OutcomeShape) {
  if (answer.kind === 'handoff' && answer.handoffReason) return handOffConversationQuery(tx, conversationId, answer.handoffReason);
  return answer.flaggedReason ? flagConversationQuery(tx, conversationId, answer.flaggedReason) : nothing(tx);
}
