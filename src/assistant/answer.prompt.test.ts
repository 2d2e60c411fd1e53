import type { AnswerContext } from './assistant.types';
import { buildPromptMessages, MAX_SOURCE_CHARS } from './answer.prompt';

function context(overrides: Partial<AnswerContext> = {}): AnswerContext {
  return {
    tenantId: '00000000-0000-4000-8000-00000000000a',
    quotaExceeded: false,
    question: 'Do you ship to Spain?',
    systemPrompt: 'You are the Acme assistant.',
    sources: [
      { id: 'f1', contentType: 'faq', title: 'Shipping', content: 'We ship across the EU.', score: 0.6, coverage: 1 },
      { id: 'c1', contentType: 'custom', title: null, content: 'Warehouse in Lyon.', score: 0.1, coverage: 0.5 },
    ],
    candidates: [],
    unknownShare: 0,
    history: [
      { role: 'user', content: 'Hello' },
      { role: 'assistant', content: 'Hi!' },
    ],
    ai: {},
    assistant: { botName: 'Ace' },
    leadCapture: {},
    ...overrides,
  };
}

describe(buildPromptMessages.name, () => {
  it('puts system prompt, rules and numbered facts first, then history, then the question', () => {
    const messages = buildPromptMessages(context());
    expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    const system = messages[0]!.content;
    expect(system.startsWith('You are the Acme assistant.\nYour name is Ace.')).toBe(true);
    expect(system).toContain('ONLY the facts listed below');
    expect(system).toContain('[1] (FAQ) Shipping\nWe ship across the EU.');
    expect(system).toContain('[2] (Document) Warehouse in Lyon.');
    expect(messages.at(-1)).toEqual({ role: 'user', content: 'Do you ship to Spain?' });
  });

  it('uses a neutral default prompt and says when there are no facts', () => {
    const system = buildPromptMessages(context({ systemPrompt: null, sources: [], assistant: {} }))[0]!.content;
    expect(system).toMatch(/^You are a friendly, concise customer support assistant/);
    expect(system).toContain('There are no facts for this question.');
    expect(system).not.toContain('Facts:');
  });

  it('clips very long entries', () => {
    const long = 'x'.repeat(MAX_SOURCE_CHARS + 500);
    const system = buildPromptMessages(
      context({ sources: [{ id: 'f', contentType: 'faq', title: null, content: long, score: 1, coverage: 1 }] }),
    )[0]!.content;
    expect(system).toContain(`${'x'.repeat(MAX_SOURCE_CHARS)}…`);
    expect(system).not.toContain('x'.repeat(MAX_SOURCE_CHARS + 1));
  });
});
