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

  it('matches French, German and Spanish cues in their inflected forms', () => {
    // "jamais arrivé" (cue) / "jamais arrivée"; "falsch" / "falsche"; "cobrado dos veces" / "cobrasteis dos veces".
    expect(detectIntents("ma commande n'est jamais arrivée", {})).toEqual(['support']);
    expect(detectIntents('Auf der Rechnung steht eine falsche Adresse', {})).toEqual(['support']);
    expect(detectIntents('nos cobrasteis dos veces el mes pasado', {})).toEqual(['support']);
    expect(detectIntents('wir möchten uns für den Kurs anmelden, was kostet er?', {})).toEqual(['pricing', 'purchase']);
  });

  it('finds a German cue as the head of a compound and across words put between', () => {
    expect(detectIntents('Wir hätten Interesse an einer Produktvorführung', {})).toEqual(['demo']);
    expect(detectIntents('Die App funktioniert seit gestern nicht mehr', {})).toEqual(['support']);
    expect(detectIntents('ich kann mich seit gestern nicht mehr anmelden', {})).toEqual(['support']);
  });

  it('does not take a noun or a past purchase for a wish to buy', () => {
    expect(detectIntents("ma commande n'est pas arrivée", {})).toEqual(['support']);
    expect(detectIntents('Meine Bestellung ist noch nicht da', {})).toEqual(['support']);
    expect(detectIntents('la bici que compré tiene el freno roto', {})).toEqual(['support']);
    expect(detectIntents('Hallo, ich möchte zwei Gutscheine bestellen', {})).toEqual(['purchase']);
  });

  it('reads short words as written, not by a stem they share by chance', () => {
    // Spanish "para" and "parado" (stuck) share the stem "par"; "dem" and "demo" share "dem".
    expect(detectIntents('Quiero una demostración del programa para mi equipo', {})).toEqual(['demo']);
    expect(detectIntents('Was kostet dem Kunden die Lieferung?', {})).toEqual(['pricing']);
    // "devis" stems to "dev", as "devant" and "devez" do.
    expect(detectIntents('le colis est resté devant la porte, vous devez le savoir', {})).toEqual([]);
    expect(detectIntents('un devis pour 3 vélos ?', {})).toEqual(['pricing']);
  });

  it('takes booking a demo or a trial lesson for a demo, not a purchase', () => {
    expect(detectIntents("j'aimerais réserver un cours d'essai", {})).toEqual(['demo']);
    expect(detectIntents('ich möchte eine Probelektion buchen', {})).toEqual(['demo']);
    expect(detectIntents('Ich würde gern einen Tisch für Freitag reservieren', {})).toEqual(['purchase']);
    expect(detectIntents('can I book a table for 4 tonight?', {})).toEqual(['purchase']);
    expect(detectIntents('do you take walk-ins or do I need to book?', {})).toEqual([]);
    expect(detectIntents('Muss man vorher reservieren?', {})).toEqual([]);
    expect(detectIntents('je voudrais réserver une séance de découverte', {})).toEqual(['demo']);
    expect(detectIntents('is there a way to try the scheduling module before we commit', {})).toEqual(['demo']);
    expect(detectIntents('¿nos podéis mostrar la plataforma el martes?', {})).toEqual(['demo']);
    expect(detectIntents('could we see how the scheduling works first', {})).toEqual(['demo']);
    expect(detectIntents('Können Sie uns die Software kurz vorstellen?', {})).toEqual(['demo']);
  });

  it('reads something of the visitor’s with a negation or a contrast as support, unless they give contact details', () => {
    expect(detectIntents('the tracking on my parcel hasn’t moved since friday', {})).toEqual(['support']);
    expect(detectIntents('I ordered a size 8 but you sent a 10', {})).toEqual(['support']);
    expect(detectIntents('Meine Buchung ist in der App nicht mehr zu sehen', {})).toEqual(['support']);
    expect(detectIntents('pagué el curso pero en mi cuenta sale pendiente', {})).toEqual(['support']);
    // Masked as no problem; wanting to order is no complaint; a choice between numbers is none either.
    expect(detectIntents('no problem, my order came today', {})).toEqual([]);
    expect(detectIntents('je voudrais commander mais pas avant lundi', {})).toEqual(['purchase']);
    expect(detectIntents('not my old number, use the new one', {}, { offersContact: true })).toEqual([]);
    expect(detectIntents('not my old number, use the new one', {})).toEqual(['support']);
  });

  it('reads a stuck order, a parcel that does not come and a wrong amount as support', () => {
    expect(detectIntents('my order still says processing after a week', {})).toEqual(['support']);
    expect(detectIntents('mein Paket ist seit drei Wochen unterwegs und kommt nicht an', {})).toEqual(['support']);
    expect(detectIntents('facture 2025-0412 : le montant est faux', {})).toEqual(['support']);
  });

  it('reads being logged out, a locked account and a motor that cuts out as support', () => {
    expect(detectIntents('the app keeps kicking me out every time i open it', {})).toEqual(['support']);
    expect(detectIntents('our account got locked after too many password attempts', {})).toEqual(['support']);
    expect(detectIntents('the pedal assist cuts out after five minutes', {})).toEqual(['support']);
  });

  it('finds no intent in thanks and "no problem", in any language', () => {
    expect(detectIntents('Thank you so much for all your help!', {})).toEqual([]);
    expect(detectIntents('Vielen Dank für Ihre Hilfe!', {})).toEqual([]);
    expect(detectIntents('no problem, thanks', {})).toEqual([]);
    expect(detectIntents('merci, pas de souci', {})).toEqual([]);
    expect(detectIntents('thanks, but I still need help with my order', {})).toEqual(['support']);
  });

  it('reads an order number as no intent of its own and ignores words inside email addresses', () => {
    expect(detectIntents('order no. 100234567 - the helmet arrived cracked', {})).toEqual(['support']);
    expect(detectIntents('un devis svp, mon mail : achats@mairie-exemple.fr', {})).toEqual(['pricing']);
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
