import type { TenantScope } from '../shared/tenant-scope';
import { badUserInput, notFound } from '../../lib/errors';
import { findKnowledgeBaseEntry } from '../knowledge-base/knowledge-base.repository';
import { findConfiguration } from '../configurations/configuration.repository';
import { QUESTION_KEY_MAX_LENGTH, questionKey } from './question-key';
import { upsertResolutions } from './question-resolution.repository';

/** Marks one group of unanswered questions (by its key) resolved; idempotent. */
export async function resolveUnansweredQuestion(scope: TenantScope, key: string, entryId: string | null): Promise<{ key: string; resolvedAt: Date }> {
  const trimmed = key.trim();
  if (!trimmed) throw badUserInput('key', 'must not be empty');
  if (trimmed.length > QUESTION_KEY_MAX_LENGTH) throw badUserInput('key', `must be at most ${QUESTION_KEY_MAX_LENGTH} characters`);
  if (entryId && !(await findKnowledgeBaseEntry(scope.tx, entryId))) throw notFound('Knowledge base entry', 'entryId');
  const resolvedAt = await upsertResolutions(scope.tx, { tenantId: scope.tenantId, questionKeys: [trimmed], entryId, apiKeyId: scope.apiKeyId });
  return { key: trimmed, resolvedAt };
}

/**
 * Questions just taught to an entry (an alternative question, a published FAQ's title): their
 * groups in unansweredQuestions are resolved, keyed the way the reply worker keys a miss (the
 * tenant's language), so "teach" and "resolve" are one call.
 */
export async function resolveTaughtQuestions(scope: TenantScope, questions: readonly (string | null | undefined)[], entryId: string): Promise<void> {
  const texts = questions.map((question) => question?.trim() ?? '').filter(Boolean);
  if (texts.length === 0) return;
  const { language } = await findConfiguration(scope.tx, 'assistant');
  const keys = [...new Set(texts.map((text) => questionKey(text, language)))];
  await upsertResolutions(scope.tx, { tenantId: scope.tenantId, questionKeys: keys, entryId, apiKeyId: scope.apiKeyId });
}
