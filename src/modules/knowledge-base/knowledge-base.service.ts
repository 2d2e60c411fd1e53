import type { TenantScope } from '../../graphql/context';
import { badUserInput, notFound } from '../../lib/errors';
import {
  activateKnowledgeBaseEntry,
  deactivateContentType,
  measureActiveContentType,
  findKnowledgeBaseEntry,
  insertKnowledgeBaseEntry,
  lockContentType,
  nextVersion,
  type KnowledgeBaseRow,
} from './knowledge-base.repository';
import { assertKnowledgeBaseFits } from '../plans/plan-enforcement';
import type { Plan, PlanLimits } from '../plans/plan-limits';

/** Longest entry text (knowledge_bases.content is TEXT; this bounds a prompt's facts). */
export const KNOWLEDGE_BASE_MAX_CONTENT = 100_000;

/**
 * Publishes a new version of a content type. The system prompt has one live version: publishing
 * deactivates the previous one (kept as history). FAQ and custom entries are each their own version.
 */
const NOTHING = { entries: 0, characters: 0 };

export async function publishKnowledgeBase(
  scope: TenantScope,
  input: { contentType: string; title?: string | null; content: string },
  plans: Record<Plan, PlanLimits>,
): Promise<KnowledgeBaseRow> {
  const content = input.content.trim();
  if (!content) throw badUserInput('input.content', 'must not be empty');
  if (content.length > KNOWLEDGE_BASE_MAX_CONTENT) throw badUserInput('input.content', `must be at most ${KNOWLEDGE_BASE_MAX_CONTENT} characters`);
  const title = input.title?.trim() || null;
  if (title && title.length > 255) throw badUserInput('input.title', 'must be at most 255 characters');
  if (input.contentType === 'faq' && !title) throw badUserInput('input.title', 'an FAQ entry needs its question as title');
  await lockContentType(scope.tx, scope.tenantId, input.contentType);
  const replaces = input.contentType === 'system_prompt' ? await measureActiveContentType(scope.tx, 'system_prompt') : NOTHING;
  await assertKnowledgeBaseFits(scope.tx, plans, { characters: content.length + (title?.length ?? 0), replaces });
  if (input.contentType === 'system_prompt') await deactivateContentType(scope.tx, 'system_prompt');
  const version = await nextVersion(scope.tx, input.contentType);
  return insertKnowledgeBaseEntry(scope.tx, { tenantId: scope.tenantId, contentType: input.contentType, title, content, version });
}

/** Makes a version live again; for the system prompt this rolls back to it (the current one goes inactive). */
export async function activateKnowledgeBaseVersion(
  scope: TenantScope,
  id: string,
  plans: Record<Plan, PlanLimits>,
): Promise<KnowledgeBaseRow> {
  const entry = await findKnowledgeBaseEntry(scope.tx, id);
  if (!entry) throw notFound('Knowledge base entry');
  if (entry.isActive) return entry;
  await lockContentType(scope.tx, scope.tenantId, entry.contentType);
  const replaces = entry.contentType === 'system_prompt' ? await measureActiveContentType(scope.tx, 'system_prompt') : NOTHING;
  await assertKnowledgeBaseFits(scope.tx, plans, { characters: entry.content.length + (entry.title?.length ?? 0), replaces });
  if (entry.contentType === 'system_prompt') await deactivateContentType(scope.tx, 'system_prompt');
  const activated = await activateKnowledgeBaseEntry(scope.tx, id);
  if (!activated) throw notFound('Knowledge base entry');
  return activated;
}
