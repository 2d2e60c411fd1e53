import type { KnowledgeSource } from '../assistant.types';
import { termStatsOf, vocabularyOf, wholeKnowledgeOf, type KnowledgeSnapshot } from './knowledge-snapshots';

function snapshot(frequencies: Record<string, number>, entries: KnowledgeSource[] | null = null, size = 0): KnowledgeSnapshot {
  const map = new Map(Object.entries(frequencies));
  return {
    revision: 'r1',
    analyzer: 'en.test',
    corpus: { documents: 3, active: 3, averageQuestionLength: 4, averageContentLength: 12 },
    frequencies: map,
    terms: [...map.keys()].sort(),
    entries,
    size,
  };
}

describe('knowledge snapshots', () => {
  const kb = snapshot({ ship: 3, shipping: 2, shipment: 1, shop: 2, refund: 1, 'réduc': 1, réducti: 1, zz: 1 });

  it('gives the corpus figures and the frequency of the asked terms the knowledge base holds, in a map of their own', () => {
    const stats = termStatsOf(kb, ['ship', 'unknown', 'refund']);
    expect(stats).toEqual({ documents: 3, active: 3, averageQuestionLength: 4, averageContentLength: 12, frequencies: new Map([['ship', 3], ['refund', 1]]) });
    stats.frequencies.set('added', 1);
    expect(kb.frequencies.has('added')).toBe(false);
  });

  it('finds every term starting with a prefix, and only those (typo candidates)', () => {
    expect(vocabularyOf(kb, ['ship'])).toEqual(new Map([['ship', 3], ['shipment', 1], ['shipping', 2]]));
    expect([...vocabularyOf(kb, ['sh', 'ref']).keys()].sort()).toEqual(['refund', 'ship', 'shipment', 'shipping', 'shop']);
    expect(vocabularyOf(kb, ['réduc'])).toEqual(new Map([['réduc', 1], ['réducti', 1]]));
    expect(vocabularyOf(kb, ['zz', 'zzz', 'a'])).toEqual(new Map([['zz', 1]]));
    expect(vocabularyOf(kb, [])).toEqual(new Map());
    expect(vocabularyOf(snapshot({}), ['ship'])).toEqual(new Map());
  });

  it('gives the whole knowledge base as prompt facts only when it fits the budget', () => {
    const entry: KnowledgeSource = { id: 'e1', entryKey: 'k1', contentType: 'faq', title: 'Shipping?', content: 'Worldwide.', alternativeQuestions: [], score: 0, coverage: 0 };
    const small = snapshot({}, [entry], 19);
    expect(wholeKnowledgeOf(small, 19)).toEqual([entry]);
    expect(wholeKnowledgeOf(small, 18)).toBeNull();
    expect(wholeKnowledgeOf(snapshot({}, null, Number.POSITIVE_INFINITY), 200_000)).toBeNull();
  });
});
