import type { CountryCode } from 'libphonenumber-js';
import type { ContactDetails } from '../../domain/vocabulary';
import { chooseEmail, choosePhone } from './contact-choice';

export { normalizeEmail, normalizePhone } from './contact-format';

export type { ContactDetails };


const NAME_WORD = String.raw`\p{Lu}[\p{L}'-]{0,39}`;
/** "my name is …" / "name's …": the visitor states a name; up to three words, lowercase allowed. */
const MY_NAME_IS = /\b(?:my name is|my name's)\s+([\p{L}'-]{1,40}(?:\s+[\p{L}'-]{1,40}){0,2})/iu;
/**
 * "I'm …" / "this is …" is usually not a name ("I'm interested"), so only a capitalised word or two
 * that ends the clause counts ("Hi, I'm Anna.", "This is Anna Smith, from Acme").
 */
const I_AM = new RegExp(
  String.raw`(?:^|[\s,.!?])(?:[Ii]'m|[Ii] am|[Tt]his is)\s+(${NAME_WORD}(?:\s+${NAME_WORD})?)\s*(?=$|[,.!?;]|\s+(?:from|here|and|with)\b)`,
  'u',
);
/** Capitalised words that follow "I'm" without being names. */
const NOT_NAMES = new Set(
  [
    'interested', 'looking', 'trying', 'not', 'just', 'sorry', 'fine', 'good', 'great', 'ok', 'okay', 'here', 'back',
    'new', 'ready', 'happy', 'sure', 'confused', 'curious', 'wondering', 'still', 'also', 'having', 'unable', 'able',
    'the', 'a', 'an', 'in', 'on', 'at', 'from', 'with', 'your', 'you', 'it', 'that', 'there', 'what', 'how',
  ].map((w) => w.toLowerCase()),
);
const STOP_AFTER_NAME = new Set(['and', 'from', 'with', 'here', 'i', 'my', 'at', 'of', 'please', 'thanks', 'thank']);

function cleanName(raw: string): string | undefined {
  const words: string[] = [];
  for (const word of raw.trim().split(/\s+/)) {
    if (STOP_AFTER_NAME.has(word.toLowerCase())) break;
    words.push(word);
  }
  if (words.length === 0 || NOT_NAMES.has(words[0]!.toLowerCase())) return undefined;
  return words.map((w) => (w === w.toLowerCase() ? w.charAt(0).toUpperCase() + w.slice(1) : w)).join(' ');
}

/** Emails, phone numbers (validated, E.164) and a stated name found in a visitor's message. */
export function extractContact(text: string, defaultCountry?: string): ContactDetails {
  const contact: ContactDetails = {};
  const email = chooseEmail(text);
  if (email) contact.email = email;
  const phone = choosePhone(text, defaultCountry as CountryCode | undefined);
  if (phone) contact.phone = phone;
  const nameMatch = text.match(MY_NAME_IS) ?? text.replace(/[’‘]/g, "'").match(I_AM);
  const name = nameMatch?.[1] ? cleanName(nameMatch[1]) : undefined;
  if (name) contact.name = name;
  return contact;
}

export function isEmptyContact(contact: ContactDetails): boolean {
  return !contact.email && !contact.phone && !contact.name;
}
