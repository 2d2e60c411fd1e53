import type { AnswerContext, KnowledgeSource } from './assistant.types';

/**
 * The least share of the question's (stemmed, stop-word-free) words an FAQ entry must contain for
 * the built-in responder to send its answer. 0.5 lets "how much is shipping?" (much, ship) match
 * an FAQ about shipping costs, while a question that shares one word out of three or more with
 * every FAQ goes to a human: the responder would rather hand off than answer the wrong question.
 */
export const BUILTIN_MIN_COVERAGE = 0.5;

/** The FAQ entry the built-in responder would send, or null when none matches well enough. */
export function pickBuiltinFaq(context: AnswerContext): KnowledgeSource | null {
  const candidates = context.sources
    .filter((source) => source.contentType === 'faq' && source.coverage >= BUILTIN_MIN_COVERAGE)
    .sort((a, b) => b.coverage - a.coverage || b.score - a.score);
  return candidates[0] ?? null;
}
