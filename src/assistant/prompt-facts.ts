import type { KnowledgeSource } from './assistant.types';
import { MAX_SOURCE_CHARS } from './answer.prompt';

/** What an entry costs of the facts budget: its questions (title, alternatives) and its answer as the prompt clips it. */
export function promptSize(source: Pick<KnowledgeSource, 'title' | 'content' | 'alternativeQuestions'>): number {
  const questions = [source.title, ...(source.alternativeQuestions ?? [])].filter(Boolean).join(' / ');
  return Math.min(source.content.length, MAX_SOURCE_CHARS) + questions.length;
}

/**
 * The best-ranked entries that fit in `budgetChars`; at least one.
 * An entry too long for what is left is passed over, not the end: shorter ones after it may fit.
 */
export function fillBudget(ranked: KnowledgeSource[], budgetChars: number): KnowledgeSource[] {
  const facts: KnowledgeSource[] = [];
  let used = 0;
  for (const source of ranked) {
    const size = promptSize(source);
    if (used + size > budgetChars && facts.length > 0) continue;
    facts.push(source);
    used += size;
  }
  return facts;
}
