import { analyzerFor } from './analyzer';
import { editDistance } from './edit-distance';

describe('analyzerFor', () => {
  const en = analyzerFor('en');

  it('counts a hyphenated word once, splits a number-word pair', () => {
    expect(en.terms('How long does the e-bike battery last?')).toEqual(['long', 'ebik', 'batteri', 'last']);
    expect(en.terms('30-day returns')).toEqual(['30', 'day', 'return']);
    expect(en.terms('an e bike')).toEqual(['ebik']);
  });

  it('drops chat filler and stop words, joins words written apart', () => {
    expect(en.terms("Hi! I changed my mind, I'd like to know how to get a refund please, thanks")).toEqual(['refund']);
    expect(en.terms("I can't log in")).toEqual(['login']);
    expect(en.terms('how much is it')).toEqual(['howmuch']);
  });

  it('folds accents and case the same way for entries and questions, in each language', () => {
    const fr = analyzerFor('fr');
    expect(fr.terms('Délais de LIVRAISON')).toEqual(fr.terms('delais de livraison'));
    expect(fr.terms("l'expédition")).toEqual(['expedit']);
    const de = analyzerFor('de');
    expect(de.terms('Rücksendung')).toEqual(de.terms('rucksendung'));
    expect(de.terms('Größe')).toEqual(de.terms('grosse'));
    const es = analyzerFor('es');
    expect(es.terms('¿Cuánto cuesta el envío?')).toEqual(es.terms('cuanto cuesta el envio'));
  });

  it('reads German ae/oe/ue as the umlaut, but not after a vowel or q', () => {
    const de = analyzerFor('de');
    expect(de.terms('Rueckgabe der Schluessel')).toEqual(de.terms('Rückgabe der Schlüssel'));
    expect(de.terms('Hunde duerfen mit')).toEqual(de.terms('Hunde'));
    expect(de.terms('Feuer Quelle')).toEqual(['feu', 'quell']);
    expect(analyzerFor('fr').terms('aqueduc')).toEqual(['aqueduc']);
  });

  it('changes its signature with the language', () => {
    expect(analyzerFor('en').signature).not.toBe(analyzerFor('fr').signature);
    expect(analyzerFor('en').signature).toBe(en.signature);
  });
});

describe(editDistance.name, () => {
  it('counts edits and adjacent transpositions, stopping past the bound', () => {
    expect(editDistance('paymnet', 'payment', 2)).toBe(1);
    expect(editDistance('shiping', 'shipping', 2)).toBe(1);
    expect(editDistance('refund', 'return', 3)).toBe(3);
    expect(editDistance('refund', 'return', 2)).toBe(3);
    expect(editDistance('abc', 'xyzxyz', 1)).toBe(2);
  });
});
