import { questionParts } from './question-parts';

describe('questionParts', () => {
  it('splits at question marks and joining words, in the tenant language', () => {
    expect(questionParts('How much is delivery? And how long does it take?', 'en')).toEqual(['how much is delivery', 'how long does it take']);
    expect(questionParts('dürfen hunde mit und gibt es einen parkplatz', 'de')).toEqual(['durfen hunde mit', 'gibt es einen parkplatz']);
    expect(questionParts('¿hay descuento para estudiantes y se puede pagar con bizum?', 'es')).toEqual(['¿hay descuento para estudiantes', 'se puede pagar con bizum']);
  });

  it('gives nothing for one question, a part without a searchable word, or a long list', () => {
    expect(questionParts('which bike size do I need?', 'en')).toEqual([]);
    expect(questionParts('which bike size do I need? thanks!', 'en')).toEqual([]);
    expect(questionParts('delivery? returns? warranty? opening hours?', 'en')).toEqual([]);
  });
});
