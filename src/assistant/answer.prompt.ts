import type { AnswerContext } from './assistant.types';
import type { LlmMessage } from './llm/llm.provider';
import { truncateText } from '../lib/storable-text';

/** Length caps keep one huge entry or message from crowding out the rest of the prompt. */
export const MAX_SOURCE_CHARS = 2_000;
export const MAX_HISTORY_MESSAGE_CHARS = 1_000;
export const MAX_QUESTION_CHARS = 4_000;

/**
 * What the model answers, alone, when its facts do not answer the question. It is never sent to a
 * visitor: produceAnswer turns it into a handoff (`no_answer`).
 */
export const DECLINE_SENTINEL = 'NO_ANSWER_IN_FACTS';

/** True when the model's reply is (or contains) the decline signal. */
export function isDeclined(reply: string): boolean {
  return reply.includes(DECLINE_SENTINEL);
}

const DEFAULT_SYSTEM_PROMPT = 'You are a friendly, concise customer support assistant for this business.';

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${truncateText(text, max)}…`;
}

function groundingRules(hasFacts: boolean): string {
  const base = [
    'Answer the visitor using ONLY the facts listed below; they are the only information about this business you may rely on.',
    `If the facts do not contain the answer, reply with exactly ${DECLINE_SENTINEL} and nothing else: a member of the team will then follow up. Never invent prices, policies, dates or contact details.`,
    'Reply in the language of the visitor, in plain text, in a few sentences.',
  ];
  if (!hasFacts) base.push('There are no facts for this question.');
  return base.join('\n');
}

/**
 * The chat messages sent to the LLM:
 * 1. one system message: the tenant's system prompt (or a neutral default), the bot's name, the
 *    grounding rules and the retrieved entries, numbered;
 * 2. the recent history as user/assistant turns;
 * 3. the visitor's question as the last user message.
 * Everything comes from `context`, which prepareAnswer read under the tenant's RLS binding.
 */
export function buildPromptMessages(context: AnswerContext): LlmMessage[] {
  const intro = context.systemPrompt?.trim() || DEFAULT_SYSTEM_PROMPT;
  const name = context.assistant.botName ? `\nYour name is ${context.assistant.botName}.` : '';
  const facts = context.sources.map((source, index) => {
    const label = source.contentType === 'faq' ? 'FAQ' : 'Document';
    const questions = [source.title, ...(source.alternativeQuestions ?? [])].filter(Boolean).join(' / ');
    const title = questions ? `${questions}\n` : '';
    return `[${index + 1}] (${label}) ${title}${clip(source.content, MAX_SOURCE_CHARS)}`;
  });
  const system = [
    `${intro}${name}`,
    groundingRules(facts.length > 0),
    facts.length > 0 ? `Facts:\n${facts.join('\n\n')}` : '',
  ]
    .filter(Boolean)
    .join('\n\n');
  return [
    { role: 'system', content: system },
    ...context.history.map((m) => ({ role: m.role, content: clip(m.content, MAX_HISTORY_MESSAGE_CHARS) })),
    { role: 'user', content: clip(context.question, MAX_QUESTION_CHARS) },
  ];
}
