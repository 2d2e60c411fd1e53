import { CONFIDENCE_THRESHOLDS } from '../../src/assistant/builtin.responder';
import { AddAlternativeQuestionDocument, AskAssistantDocument, KnowledgeBaseDocument, PublishKnowledgeBaseDocument, SetAssistantConfigurationDocument } from '../graphql/generated';
import { createTestApp, tenantWithKey, type TestApp } from '../graphql/harness';

/**
 * The retrieval mechanisms, each pinned through the real entry point: entries published with
 * `publishKnowledgeBase`, questions asked with `askAssistant` over HTTP, no LLM (built-in responder).
 */
jest.setTimeout(60_000);

describe('retrieval through askAssistant', () => {
  let t: TestApp;
  let key: string;
  const ids: Record<string, string> = {};

  const publish = async (title: string, content: string, alternativeQuestions?: string[]) => {
    const result = await t.run(key, PublishKnowledgeBaseDocument, {
      input: { contentType: 'FAQ', title, content, ...(alternativeQuestions && { alternativeQuestions }) },
    });
    expect(result.errors).toBeUndefined();
    return result.data!.publishKnowledgeBase.knowledgeBaseEntry!;
  };
  const ask = async (question: string, as = key) => {
    const result = await t.run(as, AskAssistantDocument, { question });
    expect(result.errors).toBeUndefined();
    return result.data!.askAssistant;
  };

  beforeAll(async () => {
    t = await createTestApp();
    ({ key } = await tenantWithKey(t.database));
    const kb: Array<[string, string, string]> = [
      ['refunds', 'How long do refunds take?', 'Refunds reach your bank account within 5 working days after we receive the bike.'],
      ['delivery', 'How long does delivery take?', 'Bikes are delivered within 3 to 5 days; it takes longer for islands.'],
      ['ebike-range', 'How far can an e-bike go on one charge?', 'Our e-bikes go 60 to 100 km per charge, depending on the e-bike model and the terrain.'],
      ['ebike-insurance', 'Do you insure e-bikes?', 'We do not sell insurance for e-bikes; ask your home insurer.'],
      ['bike-sizes', 'Which bike size do I need?', 'Pick the bike size from your height: S up to 165 cm, M up to 180 cm, L above.'],
      ['payment', 'Which payment methods do you accept?', 'We accept cards, PayPal and bank transfer.'],
      ['hours', 'When is the shop open?', 'The shop is open Monday to Saturday from 9:00 to 18:00.'],
      ['test-ride', 'Can I book a test ride?', 'Yes, book a free test ride in the shop on any opening day.'],
    ];
    for (const [id, title, content] of kb) ids[id] = (await publish(title, content)).id;
  });
  afterAll(() => t.close());

  it('does not let chat filler sink an answer', async () => {
    const answer = await ask("Hi there! I changed my mind about the bike, I'd like to know how long refunds take please, thanks");
    expect(answer).toMatchObject({ kind: 'FAQ', sources: [{ id: ids.refunds }] });
    expect(answer.confidence).toBeGreaterThanOrEqual(CONFIDENCE_THRESHOLDS.minConfidence);
  });

  it('weighs a rare word over common ones', async () => {
    // "long", "take" and "bike" appear in several entries; "refund" in one.
    const answer = await ask('how long does it take to get a refund for a bike');
    expect(answer.candidates[0]!.id).toBe(ids.refunds);
    expect(answer).toMatchObject({ kind: 'FAQ', sources: [{ id: ids.refunds }] });
  });

  it('counts "e-bike" as one term: a question about bike sizes does not go to the e-bike entries', async () => {
    const answer = await ask('what size of bike should I get?');
    expect(answer.candidates[0]!.id).toBe(ids['bike-sizes']);
    expect(answer.candidates.map((c) => c.id)).not.toContain(ids['ebike-range']);
    const ebike = await ask('e-bike range on one charge?');
    expect(ebike).toMatchObject({ kind: 'FAQ', sources: [{ id: ids['ebike-range'] }] });
  });

  it('hands off a question that matches one generic word', async () => {
    for (const question of ['Do you ship scooters?', 'Can I pay with bitcoin?', 'Do you sell bike helmets for dogs?']) {
      const answer = await ask(question);
      expect({ question, kind: answer.kind }).toEqual({ question, kind: 'HANDOFF' });
      expect(['NO_ANSWER', 'LOW_CONFIDENCE']).toContain(answer.handoffReason);
    }
  });

  it('finds a paraphrase through a shipped synonym and a misspelt word through the KB vocabulary', async () => {
    expect(await ask('how long is shipping?')).toMatchObject({ kind: 'FAQ', sources: [{ id: ids.delivery }] });
    expect(await ask('which paymnet methods')).toMatchObject({ kind: 'FAQ', sources: [{ id: ids.payment }] });
  });

  it('finds an alternative question, carried by the new version', async () => {
    expect((await ask('Can I try a bike before buying?')).kind).toBe('HANDOFF');
    const added = await t.run(key, AddAlternativeQuestionDocument, { entryId: ids['test-ride']!, question: 'Can I try a bike before buying it?' });
    const entry = added.data!.addAlternativeQuestion.knowledgeBaseEntry!;
    expect(entry).toMatchObject({ title: 'Can I book a test ride?', alternativeQuestions: ['Can I try a bike before buying it?'], isActive: true });
    expect(entry.id).not.toBe(ids['test-ride']);
    const answer = await ask('Can I try a bike before buying?');
    expect(answer).toMatchObject({ kind: 'FAQ', sources: [{ id: entry.id }] });
    ids['test-ride'] = entry.id;
  });

  it('versions an FAQ re-published with the same title and keeps ties stable across re-publishes', async () => {
    const first = await publish('Do you have gift cards?', 'Yes, gift cards from 20 EUR.');
    const second = await publish('Do you have gift cards?', 'Yes, gift cards from 25 EUR.');
    const third = await publish('do you have GIFT cards? ', 'Yes, gift cards from 30 EUR.');
    expect(second.entryKey).toBe(first.entryKey);
    expect(third.entryKey).toBe(first.entryKey);
    const active = (await t.run(key, KnowledgeBaseDocument, {})).data!.knowledgeBase.filter((e) => e.entryKey === first.entryKey);
    expect(active).toEqual([expect.objectContaining({ id: third.id, content: 'Yes, gift cards from 30 EUR.' })]);

    // Two entries that match a question exactly equally: the same order every time, re-publish or not.
    await publish('Opening hours of the cafe', 'The cafe opens at 8.');
    await publish('Opening hours of the workshop', 'The workshop opens at 10.');
    const order = async () => (await ask('opening hours')).candidates.slice(0, 2).map((c) => c.title);
    const before = await order();
    expect(before).toEqual(['Opening hours of the cafe', 'Opening hours of the workshop']);
    await publish('Opening hours of the workshop', 'The workshop opens at 10.');
    await publish('Opening hours of the cafe', 'The cafe opens at 8.');
    expect(await order()).toEqual(before);
    expect((await ask('opening hours')).kind).toBe('HANDOFF');
  });

  it('finds a French entry for a French question once the tenant’s language is French', async () => {
    const fr = await tenantWithKey(t.database);
    await t.run(fr.key, SetAssistantConfigurationDocument, { input: { language: 'FR' } });
    const publishFr = (title: string, content: string) =>
      t.run(fr.key, PublishKnowledgeBaseDocument, { input: { contentType: 'FAQ', title, content } });
    const livraison = (await publishFr('Quels sont les délais de livraison ?', 'Nous livrons en 2 à 4 jours ouvrés partout en France.')).data!
      .publishKnowledgeBase.knowledgeBaseEntry!;
    await publishFr('Puis-je retourner un vélo ?', 'Vous pouvez retourner un vélo sous 30 jours.');
    await publishFr('Quels moyens de paiement acceptez-vous ?', 'Carte bancaire, PayPal et virement.');
    const answer = await ask("Bonjour, j'aimerais connaître vos délais pour la livraison s'il vous plaît", fr.key);
    expect(answer).toMatchObject({ kind: 'FAQ', sources: [{ id: livraison.id }] });
    const unaccented = await ask('delai livraison', fr.key);
    expect(unaccented).toMatchObject({ kind: 'FAQ', sources: [{ id: livraison.id }] });
  });
  it('reads an unknown German word through KB words of its family: a compound’s first part, a shared stem', async () => {
    const de = await tenantWithKey(t.database);
    await t.run(de.key, SetAssistantConfigurationDocument, { input: { language: 'DE' } });
    const publishDe = async (title: string, content: string) =>
      (await t.run(de.key, PublishKnowledgeBaseDocument, { input: { contentType: 'FAQ', title, content } })).data!.publishKnowledgeBase
        .knowledgeBaseEntry!;
    const notfall = await publishDe('Was tun im Notfall?', 'Rufen Sie uns rund um die Uhr an.');
    const parken = await publishDe('Wo können wir parken?', 'Direkt vor dem Haus, kostenlos.');
    const stornieren = await publishDe('Wie kann ich stornieren?', 'Bis 30 Tage vor Anreise ohne Kosten.');
    await publishDe('Gibt es WLAN?', 'Ja, in allen Wohnungen.');
    const top = async (question: string) => (await ask(question, de.key)).candidates[0]?.id;
    expect(await top('notfallnummer?')).toBe(notfall.id);
    expect(await top('gibt es parkplätze')).toBe(parken.id);
    expect(await top('storno bedingungen')).toBe(stornieren.id);
  });
  it('answers a message that asks two things when each part is sure, and hands it off when one is not', async () => {
    const both = await ask('how long does delivery take and how long do refunds take?');
    expect(both).toMatchObject({ kind: 'FAQ', sources: [{ id: ids.delivery }, { id: ids.refunds }] });
    expect(both.text).toBe(
      'Bikes are delivered within 3 to 5 days; it takes longer for islands.\n\nRefunds reach your bank account within 5 working days after we receive the bike.',
    );
    expect((await ask('how long does delivery take and do you rent scooters?')).kind).toBe('HANDOFF');
  });
});
