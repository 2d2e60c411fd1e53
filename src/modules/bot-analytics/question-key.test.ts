import { questionKey } from './question-key';

describe(questionKey.name, () => {
  it('gives near-duplicates one key: word order, filler, stop words, case, accents and inflection aside', () => {
    const key = questionKey('Do you sell electric scooters?');
    expect(questionKey('hello, do you SELL électric scooter')).toBe(key);
    expect(questionKey('Scooters, electric: do you sell them? thanks')).toBe(key);
  });

  it('keeps different questions apart', () => {
    expect(questionKey('Do you sell electric scooters?')).not.toBe(questionKey('Do you repair electric scooters?'));
  });

  it("analyses in the tenant's language", () => {
    expect(questionKey('Vendez-vous des trottinettes électriques ?', 'fr')).toBe(questionKey('Bonjour, vendez-vous une trottinette electrique', 'fr'));
  });

  it('keeps the folded text of a question with no searchable word, and bounds the length', () => {
    expect(questionKey('  ??? ')).toBe('???');
    expect(questionKey('word '.repeat(10) + 'x'.repeat(300)).length).toBeLessThanOrEqual(200);
  });
});
