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

  it('understands French, German and Spanish, with or without accents', () => {
    expect(detectIntents('Je voudrais une démo, rappelez-moi', {})).toEqual(['demo', 'contact']);
    expect(detectIntents('je voudrais une demo', {})).toEqual(['demo']);
    expect(detectIntents('Wie viel kostet das? Meine Rechnung stimmt nicht', {})).toEqual(['pricing', 'support']);
    expect(detectIntents('La app no funciona y quiero un reembolso', {})).toEqual(['support']);
    expect(detectIntents("I can't log in since yesterday", {})).toEqual(['support']);
  });

  it('adds the tenant’s extra cues to the built-in ones', () => {
    const config = { extraIntents: [{ name: 'pricing', keywords: ['abo'] }, { name: 'booking', keywords: ['table for'] }] };
    expect(detectIntents('Was kostet das Abo? A table for two', config)).toEqual(['pricing', 'booking']);
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
