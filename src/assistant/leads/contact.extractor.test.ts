import { extractContact, normalizeEmail, normalizePhone } from './contact.extractor';

describe(extractContact.name, () => {
  it('extracts an email, an E.164 phone and a stated name', () => {
    expect(extractContact('My name is jane doe, mail Jane.Doe@Example.com or call +44 20 7946 0958')).toEqual({
      name: 'Jane Doe',
      email: 'jane.doe@example.com',
      phone: '+442079460958',
    });
  });

  it('parses local numbers with the default country and ignores invalid ones', () => {
    expect(extractContact('ring me at (415) 555-0132', 'US')).toEqual({ phone: '+14155550132' });
    expect(extractContact('ring me at (415) 555-0132')).toEqual({});
    expect(extractContact('order 12345 costs 99.00', 'US')).toEqual({});
  });

  it('reads "I’m …" as a name only when it looks like one', () => {
    expect(extractContact('Hi, I’m Anna.')).toEqual({ name: 'Anna' });
    expect(extractContact('This is Tom Baker from Acme')).toEqual({ name: 'Tom Baker' });
    expect(extractContact("I'm interested in the pro plan")).toEqual({});
    expect(extractContact("I'm Looking for a price")).toEqual({});
    expect(extractContact('I am happy.')).toEqual({});
    expect(extractContact('Sorry, I am Not sure')).toEqual({});
  });

  it('stops a stated name at connecting words', () => {
    expect(extractContact('my name is Li and I need help')).toEqual({ name: 'Li' });
  });
});

describe('whose contact details', () => {
  it('never takes an order number, a customer number or a date for a phone', () => {
    expect(extractContact('My order 612345678 has not arrived', 'ES')).toEqual({});
    expect(extractContact('Ma commande n° 0612345678 est en retard', 'FR')).toEqual({});
    expect(extractContact('Kundennummer 030123456 seit 12.03.2024', 'DE')).toEqual({});
    expect(extractContact('invoice 4155550132 is wrong', 'US')).toEqual({});
    expect(extractContact('order no. 100234567 - the helmet arrived cracked', 'GB')).toEqual({});
  });

  it('takes a number the visitor offers: a cue, a + prefix or a national format', () => {
    expect(extractContact('Appelez-moi au 06 12 34 56 78', 'FR')).toEqual({ phone: '+33612345678' });
    expect(extractContact('whatsapp 612345678', 'ES')).toEqual({ phone: '+34612345678' });
    expect(extractContact('reach me: +49 151 23456789 (order 0612345678)', 'FR')).toEqual({ phone: '+4915123456789' });
    expect(extractContact('meine Nummer 0176 11223344', 'DE')).toEqual({ phone: '+4917611223344' });
    expect(extractContact('Kundennummer 0176 11223344', 'DE')).toEqual({});
  });

  it('prefers the email and phone the visitor declares as theirs', () => {
    expect(extractContact('I wrote to support@shop.example before; contact me at ana@mail.example')).toEqual({ email: 'ana@mail.example' });
    expect(extractContact('my old email was old@mail.example, please use new@mail.example')).toEqual({ email: 'new@mail.example' });
    expect(extractContact('Call me on 020 7946 0958, not my old number 020 7946 0000', 'GB')).toEqual({ phone: '+442079460958' });
    expect(extractContact('a@mail.example or b@mail.example')).toEqual({ email: 'a@mail.example' });
  });

  it('prefers the detail the visitor says is better when both carry a cue', () => {
    // Both numbers follow "al"; only the second is the one to use.
    expect(extractContact('no llaméis al fijo 963 123 456, mejor al móvil 655 443 221', 'ES')).toEqual({ phone: '+34655443221' });
    expect(extractContact('Festnetz unter 030 1234567, lieber unter 0151 23456789', 'DE')).toEqual({ phone: '+4915123456789' });
    expect(extractContact('use a@mail.example, or rather b@mail.example')).toEqual({ email: 'b@mail.example' });
    // A preference that names the old detail still loses it: "instead of" is the not-mine cue.
    expect(extractContact('write to a@mail.example instead of b@mail.example')).toEqual({ email: 'a@mail.example' });
  });

  it('reads a "not mine" cue as speaking for the detail it stands nearest to', () => {
    // "ya no lo uso" follows the old address; "escribidme a" stands right before the new one.
    expect(extractContact('mi email antiguo old@mail.example ya no lo uso, escribidme a nueva@mail.example')).toEqual({ email: 'nueva@mail.example' });
  });
});

describe(normalizeEmail.name, () => {
  it('accepts addresses and lowercases them, rejects the rest', () => {
    expect(normalizeEmail(' A@B.io ')).toBe('a@b.io');
    expect(normalizeEmail('not-an-email')).toBeUndefined();
    expect(normalizeEmail('a@b')).toBeUndefined();
  });
});

describe(normalizePhone.name, () => {
  it('returns E.164 for valid numbers only', () => {
    expect(normalizePhone('030 12345678', 'DE')).toBe('+493012345678');
    expect(normalizePhone('+1 415 555 0132')).toBe('+14155550132');
    expect(normalizePhone('12')).toBeUndefined();
  });
});
