import type { KnowledgeSource } from './assistant.types';
import { MAX_SOURCE_CHARS } from './answer.prompt';

/**
 * The best-ranked entries whose text (as the prompt clips it) fits in `budgetChars`; at least one.
 * An entry too long for what is left is passed over, not the end: shorter ones after it may fit.
 */
export function fillBudget(ranked: KnowledgeSource[], budgetChars: number): KnowledgeSource[] {
  const facts: KnowledgeSource[] = [];
  let used = 0;
  for (const source of ranked) {
    const size = Math.min(source.content.length, MAX_SOURCE_CHARS) + (source.title?.length ?? 0);
    if (used + size > budgetChars && facts.length > 0) continue;
    facts.push(source);
    used += size;
  }
  return facts;
}
