import { DEFAULT_INTENTS, detectIntents } from './intent.detector';

describe(detectIntents.name, () => {
  it('finds the default intents by whole words and phrases, case-insensitively', () => {
    expect(detectIntents('What are your PRICES?', {})).toEqual(['pricing']);
    expect(detectIntents('Could I get a Demo next week', {})).toEqual(['demo']);
    expect(detectIntents('please   contact me', {})).toEqual(['contact']);
    expect(detectIntents('the app is not working', {})).toEqual(['support']);
    expect(detectIntents('I want to buy two', {})).toEqual(['purchase']);
    expect(detectIntents('It doesn’t work and I want a refund', {})).toEqual(['support']);
  });

  it('returns several intents in configuration order and none for small talk', () => {
    expect(detectIntents('I want to buy it, how much?', {})).toEqual(['pricing', 'purchase']);
    expect(detectIntents('Good morning!', {})).toEqual([]);
  });

  it('does not match inside words', () => {
    expect(detectIntents('buyer beware, the pricey demolition', {})).toEqual([]);
  });

  it('replaces the defaults with the tenant’s list', () => {
    const config = { intents: [{ name: 'booking', keywords: ['table for', 'reservation'] }] };
    expect(detectIntents('A table for four, how much?', config)).toEqual(['booking']);
    expect(DEFAULT_INTENTS.map((i) => i.name)).toEqual(['pricing', 'demo', 'contact', 'support', 'purchase']);
  });

  it('treats keywords as text, not as regular expressions', () => {
    expect(detectIntents('c++ course', { intents: [{ name: 'course', keywords: ['c++'] }] })).toEqual(['course']);
    expect(detectIntents('cxx course', { intents: [{ name: 'course', keywords: ['c.+'] }] })).toEqual([]);
  });
});
