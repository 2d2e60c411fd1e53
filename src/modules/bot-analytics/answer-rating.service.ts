import type { AnswerRatingValue } from '../../domain/vocabulary';
import type { TenantScope } from '../shared/tenant-scope';
import { badUserInput, notFound, notSupported } from '../../lib/errors';
import { findConfiguration } from '../configurations/configuration.repository';
import { findAnsweredQuestion, findRatedMessage, upsertAnswerRating, type AnswerRatingRow } from './answer-rating.repository';
import { QUESTION_KEY_MAX_LENGTH, questionKey } from './question-key';
import { truncateText } from '../../lib/storable-text';

export const RATING_NOTE_MAX_LENGTH = 1_000;

/**
 * An operator's verdict on one bot reply. A `wrong` one counts in botPerformance (and keeps its
 * conversation out of the automated ones) and brings the question into unansweredQuestions under
 * the same key as the bot's own misses: the one stored with the reply, or the question analysed now.
 */
export async function rateAnswer(scope: TenantScope, input: { messageId: string; rating: AnswerRatingValue; note: string | null }): Promise<AnswerRatingRow> {
  const note = input.note?.trim() || null;
  if (note && note.length > RATING_NOTE_MAX_LENGTH) throw badUserInput('note', `must be at most ${RATING_NOTE_MAX_LENGTH} characters`);
  const answer = await findRatedMessage(scope.tx, input.messageId);
  if (!answer) throw notFound('Message', 'messageId');
  if (answer.role !== 'assistant' || typeof answer.metadata.answerKind !== 'string') {
    throw notSupported('Only the bot’s replies can be rated (not visitor or operator messages)', 'messageId');
  }
  const question = await findAnsweredQuestion(scope.tx, answer);
  const stored = typeof answer.metadata.questionKey === 'string' ? truncateText(answer.metadata.questionKey, QUESTION_KEY_MAX_LENGTH) : null;
  const key = stored ?? questionKey(question?.content ?? '', (await findConfiguration(scope.tx, 'assistant')).language);
  return upsertAnswerRating(scope.tx, {
    tenantId: scope.tenantId,
    messageId: answer.id,
    conversationId: answer.conversationId,
    rating: input.rating,
    note,
    questionKey: key,
    questionMessageId: question?.id ?? null,
    apiKeyId: scope.apiKeyId,
  });
}
