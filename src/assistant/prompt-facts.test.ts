import type { KnowledgeSource } from './assistant.types';
import { fillBudget, promptSize } from './prompt-facts';

const source = (id: string, chars: number): KnowledgeSource => ({
  id,
  entryKey: id,
  contentType: 'faq',
  title: null,
  content: 'x'.repeat(chars),
  alternativeQuestions: [],
  score: 1,
  coverage: 1,
});

describe('fillBudget', () => {
  it('keeps ranking order and passes over an entry too long for what is left', () => {
    const ranked = [source('a', 400), source('b', 500), source('c', 300), source('d', 100)];
    expect(fillBudget(ranked, 800).map((s) => s.id)).toEqual(['a', 'c', 'd']);
  });

  it('always keeps the best entry, even over budget', () => {
    expect(fillBudget([source('a', 900), source('b', 10)], 500).map((s) => s.id)).toEqual(['a']);
  });
});

describe('promptSize', () => {
  it('counts the questions as the prompt writes them (title / alternatives) and the answer as it clips it', () => {
    const entry = { title: 'Hours', alternativeQuestions: ['When open', ''], content: 'x'.repeat(5_000) };
    expect(promptSize(entry)).toBe('Hours / When open'.length + 2_000);
  });
});
