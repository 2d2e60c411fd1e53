import type { TenantScope } from '../shared/tenant-scope';
import { badUserInput, notFound } from '../../lib/errors';
import { analyzerFor } from '../../assistant/retrieval/analyzer';
import { indexEntries } from '../../assistant/retrieval/indexer';
import { findConfiguration } from '../configurations/configuration.repository';
import {
  activateKnowledgeBaseEntry,
  deactivateContentType,
  deactivateEntry,
  deleteKnowledgeBaseEntry,
  findActiveEntryByTitle,
  findActiveVersion,
  findKnowledgeBaseEntry,
  insertKnowledgeBaseEntry,
  lockContentType,
  measureActiveContentType,
  nextVersion,
  type KnowledgeBaseRow,
} from './knowledge-base.repository';
import { resolveTaughtQuestions } from '../bot-analytics/question-resolution.service';
import { assertKnowledgeBaseFits } from '../plans/plan-enforcement';
import type { Plan, PlanLimits } from '../plans/plan-limits';

/** Longest entry text (knowledge_bases.content is TEXT; this bounds a prompt's facts). */
export const KNOWLEDGE_BASE_MAX_CONTENT = 100_000;
const MAX_QUESTION = 255;
const MAX_ALTERNATIVES = 50;
const NOTHING = { entries: 0, characters: 0 };

export interface PublishInput {
  contentType: string;
  title?: string | null;
  content: string;
  /** Other ways visitors ask the same thing; null/omitted keeps the previous version's. */
  alternativeQuestions?: string[] | null;
}

function cleanQuestions(questions: readonly string[], field: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of questions) {
    const question = raw.trim();
    if (!question) continue;
    if (question.length > MAX_QUESTION) throw badUserInput(field, `each question must be at most ${MAX_QUESTION} characters`);
    if (seen.has(question.toLowerCase())) continue;
    seen.add(question.toLowerCase());
    out.push(question);
  }
  if (out.length > MAX_ALTERNATIVES) throw badUserInput(field, `at most ${MAX_ALTERNATIVES} alternative questions`);
  return out;
}

const characters = (entry: { content: string; title: string | null }) => entry.content.length + (entry.title?.length ?? 0);

/** Stores the analysed terms of a new searchable version, in the tenant's language. */
async function indexVersion(scope: TenantScope, row: KnowledgeBaseRow): Promise<void> {
  if (row.contentType === 'system_prompt') return;
  const { language } = await findConfiguration(scope.tx, 'assistant');
  await indexEntries(scope.tx, scope.tenantId, analyzerFor(language ?? 'en'), [row]);
}

/**
 * Publishes a new version. The system prompt has one live version: publishing deactivates the
 * previous one. An FAQ whose title (trimmed, any case) matches a live FAQ is a new version of that
 * entry: the old version goes inactive (kept as history) and the new one keeps its entry key and,
 * unless given, its alternative questions. Other FAQs and custom entries start new entries.
 */
export async function publishKnowledgeBase(scope: TenantScope, input: PublishInput, plans: Record<Plan, PlanLimits>): Promise<KnowledgeBaseRow> {
  const content = input.content.trim();
  if (!content) throw badUserInput('input.content', 'must not be empty');
  if (content.length > KNOWLEDGE_BASE_MAX_CONTENT) throw badUserInput('input.content', `must be at most ${KNOWLEDGE_BASE_MAX_CONTENT} characters`);
  const title = input.title?.trim() || null;
  if (title && title.length > MAX_QUESTION) throw badUserInput('input.title', `must be at most ${MAX_QUESTION} characters`);
  if (input.contentType === 'faq' && !title) throw badUserInput('input.title', 'an FAQ entry needs its question as title');
  const given = input.alternativeQuestions ? cleanQuestions(input.alternativeQuestions, 'input.alternativeQuestions') : null;
  await lockContentType(scope.tx, scope.tenantId, input.contentType);
  const previous = input.contentType === 'faq' && title ? await findActiveEntryByTitle(scope.tx, 'faq', title) : null;
  const replaces =
    input.contentType === 'system_prompt'
      ? await measureActiveContentType(scope.tx, 'system_prompt')
      : previous
        ? { entries: 1, characters: characters(previous) }
        : NOTHING;
  await assertKnowledgeBaseFits(scope.tx, plans, { characters: content.length + (title?.length ?? 0), replaces });
  if (input.contentType === 'system_prompt') await deactivateContentType(scope.tx, 'system_prompt');
  if (previous) await deactivateEntry(scope.tx, previous.entryKey);
  const version = await nextVersion(scope.tx, input.contentType);
  const row = await insertKnowledgeBaseEntry(scope.tx, {
    tenantId: scope.tenantId,
    contentType: input.contentType,
    title,
    content,
    version,
    alternativeQuestions: (given ?? previous?.alternativeQuestions ?? []).filter((q) => q.toLowerCase() !== title?.toLowerCase()),
    ...(previous && { entryKey: previous.entryKey }),
  });
  await indexVersion(scope, row);
  // Teaching resolves: the questions this FAQ now answers leave unansweredQuestions.
  if (row.contentType === 'faq') await resolveTaughtQuestions(scope, [row.title, ...row.alternativeQuestions], row.id);
  return row;
}

/**
 * Adds a way of asking to an FAQ: a new version of the entry carrying its alternatives plus this
 * one (the given id may be any version of it). Asking for one it already has changes nothing.
 */
export async function addAlternativeQuestion(scope: TenantScope, entryId: string, question: string): Promise<KnowledgeBaseRow> {
  const [cleaned] = cleanQuestions([question], 'question');
  if (!cleaned) throw badUserInput('question', 'must not be empty');
  const entry = await findKnowledgeBaseEntry(scope.tx, entryId);
  if (!entry) throw notFound('Knowledge base entry');
  if (entry.contentType !== 'faq') throw badUserInput('entryId', 'alternative questions belong to FAQ entries');
  await lockContentType(scope.tx, scope.tenantId, 'faq');
  const live = await findActiveVersion(scope.tx, entry.entryKey);
  if (!live) throw badUserInput('entryId', 'the entry has no active version');
  const known = [live.title ?? '', ...live.alternativeQuestions].map((q) => q.toLowerCase());
  if (known.includes(cleaned.toLowerCase())) {
    await resolveTaughtQuestions(scope, [cleaned], live.id);
    return live;
  }
  const alternativeQuestions = cleanQuestions([...live.alternativeQuestions, cleaned], 'question');
  await deactivateEntry(scope.tx, live.entryKey);
  const row = await insertKnowledgeBaseEntry(scope.tx, {
    tenantId: scope.tenantId,
    contentType: 'faq',
    title: live.title,
    content: live.content,
    version: await nextVersion(scope.tx, 'faq'),
    alternativeQuestions,
    entryKey: live.entryKey,
  });
  await indexVersion(scope, row);
  await resolveTaughtQuestions(scope, [cleaned], row.id);
  return row;
}

/**
 * Makes a version live again (a roll back): the entry's current version goes inactive; for the
 * system prompt, the current prompt does.
 */
export async function activateKnowledgeBaseVersion(scope: TenantScope, id: string, plans: Record<Plan, PlanLimits>): Promise<KnowledgeBaseRow> {
  const entry = await findKnowledgeBaseEntry(scope.tx, id);
  if (!entry) throw notFound('Knowledge base entry');
  if (entry.isActive) return entry;
  await lockContentType(scope.tx, scope.tenantId, entry.contentType);
  const current = entry.contentType === 'system_prompt' ? null : await findActiveVersion(scope.tx, entry.entryKey);
  const replaces =
    entry.contentType === 'system_prompt'
      ? await measureActiveContentType(scope.tx, 'system_prompt')
      : current
        ? { entries: 1, characters: characters(current) }
        : NOTHING;
  await assertKnowledgeBaseFits(scope.tx, plans, { characters: characters(entry), replaces });
  if (entry.contentType === 'system_prompt') await deactivateContentType(scope.tx, 'system_prompt');
  else await deactivateEntry(scope.tx, entry.entryKey);
  const activated = await activateKnowledgeBaseEntry(scope.tx, id);
  if (!activated) throw notFound('Knowledge base entry');
  return activated;
}

/** Deletes one version of an entry (history included, unlike a new version); NOT_FOUND for an unknown id. */
export async function removeKnowledgeBaseEntry(scope: TenantScope, id: string): Promise<void> {
  if (!(await deleteKnowledgeBaseEntry(scope.tx, id))) throw notFound('Knowledge base entry', 'id');
}
