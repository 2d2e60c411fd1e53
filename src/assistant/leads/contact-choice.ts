import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { foldText } from '../retrieval/analyzer';
import { NOT_PHONE_CUES, NOT_SELF_CUES, PHONE_CUES, PREFERENCE_CUES, REPLACED_CUES, SELF_CUES } from './contact-cues';

const NOT_SELF_BEFORE = [...NOT_SELF_CUES, ...REPLACED_CUES];
import { EMAIL, normalizeEmail } from './contact-format';

/** How far before a detail its cue may stand (characters, cut at the previous detail). */
const CUE_WINDOW = 48;
const AFTER_WINDOW = 24;

interface Found {
  value: string;
  start: number;
  end: number;
}

function cueText(text: string): string {
  return foldText(text).replace(/['\-_:]/g, ' ').replace(/[^\p{L}\p{N}@.+\s]/gu, ' ').replace(/\s+/g, ' ');
}

/** Where the last of `cues` ends in `window` (whole words), or -1. */
function lastCueEnd(window: string, cues: readonly string[]): { end: number; length: number } {
  let best = { end: -1, length: 0 };
  for (const cue of cues) {
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${cue.replace(/\s+/g, '\\s+')}(?![\\p{L}\\p{N}])`, 'gu');
    for (const match of window.matchAll(pattern)) {
      const end = match.index + match[0].length;
      if (end > best.end || (end === best.end && match[0].length > best.length)) best = { end, length: match[0].length };
    }
  }
  return best;
}

/** The text just before an item, not reaching back past the previous item. */
function before(text: string, items: Found[], index: number): string {
  const from = Math.max(index > 0 ? items[index - 1]!.end : 0, items[index]!.start - CUE_WINDOW);
  return cueText(text.slice(from, items[index]!.start));
}

function after(text: string, items: Found[], index: number): string {
  const to = Math.min(index + 1 < items.length ? items[index + 1]!.start : text.length, items[index]!.end + AFTER_WINDOW);
  return cueText(text.slice(items[index]!.end, to));
}

/**
 * Which of several details is the visitor's own: one with a "this is mine" cue before it beats
 * one without, and one the visitor prefers ("better on …") beats both; one marked as old or
 * someone else's loses. Equal → the first one.
 */
function chooseOwn(text: string, items: Found[]): Found | undefined {
  if (items.length <= 1) return items[0];
  let best: Found | undefined;
  let bestScore = -Infinity;
  items.forEach((item, i) => {
    const windowBefore = before(text, items, i);
    const windowAfter = after(text, items, i);
    const preferred = lastCueEnd(windowBefore, PREFERENCE_CUES).end;
    const selfEnd = Math.max(preferred, lastCueEnd(windowBefore, SELF_CUES).end);
    const self = preferred >= 0 ? 2 : selfEnd >= 0 ? 1 : 0;
    // The cue nearest the detail speaks for it: "my old one … no longer, write to me at X" is X's own.
    const notSelfBefore = lastCueEnd(windowBefore, NOT_SELF_BEFORE);
    const notSelf = notSelfBefore.end > selfEnd || lastCueEnd(windowAfter.split(/[,;.!?]/)[0] ?? '', NOT_SELF_CUES).end >= 0 ? 3 : 0;
    const score = self - notSelf;
    if (score > bestScore) [best, bestScore] = [item, score];
  });
  return best;
}

/** The email the visitor gives for themselves, normalised. */
export function chooseEmail(text: string): string | undefined {
  const pattern = new RegExp(EMAIL.source, 'g');
  const found: Found[] = [];
  for (const match of text.matchAll(pattern)) {
    const value = normalizeEmail(match[0]);
    if (value) found.push({ value, start: match.index, end: match.index + match[0].length });
  }
  return chooseOwn(text, found)?.value;
}

const DATE_LIKE = /^\s*\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\s*$/;
/** A year then more digits (2025-0173, 2025/11873): a reference, not a phone. */
const YEAR_REFERENCE = /^\s*(?:19|20)\d\d[./-]\d/;
/** Digit runs that may be phone numbers, with the separators people type. */
const PHONE_LIKE = /(?<![\p{L}\p{N}+])(?:\+|00)?\(?\d[\d\s().\/-]{5,}\d(?![\p{L}\p{N}])/gu;
/** "…nummer", "…number", "n°": an identifier's label, unless it names a phone. */
const IDENTIFIER_LABEL = /(?:nummer|number|numero|nr|no|n°|#|ref)$/;
const PHONE_LABEL = /(?:telefon|handy|mobil|phone|fax|tel)/;
/** "my number 0176 …", "meine Nummer 0176 …": the visitor's own number, not an identifier's label. */
const OWN_NUMBER = /(?:^|\s)(?:my|meine|mi|mon)\s+(?:number|nummer|numero)$/;

/**
 * A number counts as a phone only when it looks offered: the nearest cue before it is a phone cue
 * ("call me on", "mon portable", "Handy"), or, with no cue, it is valid for the tenant's country
 * and written as phones are (a + or 00 prefix, the national trunk 0, or grouped digits). A nearest
 * cue of another kind (order, invoice, customer number), a "…nummer" label, a date or a year-led
 * reference rules it out. A number the plan only finds possible (not assigned) needs a phone cue.
 */
function looksOffered(raw: string, windowBefore: string, valid: boolean): boolean {
  if (DATE_LIKE.test(raw) || YEAR_REFERENCE.test(raw)) return false;
  const lastWord = windowBefore.trim().split(' ').at(-1) ?? '';
  const ownNumber = OWN_NUMBER.test(windowBefore.trimEnd());
  if (IDENTIFIER_LABEL.test(lastWord) && !PHONE_LABEL.test(lastWord) && lastWord !== 'numero' && !ownNumber) return false;
  const phoneCue = lastCueEnd(windowBefore, PHONE_CUES);
  const otherCue = lastCueEnd(windowBefore, NOT_PHONE_CUES);
  if (otherCue.end > phoneCue.end || (otherCue.end === phoneCue.end && otherCue.length > phoneCue.length)) return false;
  if (phoneCue.end >= 0) return true;
  // Without a cue only a number the country's plan knows, written as phones are written.
  const compact = raw.trim();
  return valid && (/^(\+|00)/.test(compact) || /^0/.test(compact) || /\d[\s.\-/()]+\d/.test(compact));
}

interface PhoneCandidate extends Found {
  valid: boolean;
}

/** Digit runs that parse as a possible number of the tenant's country (or carry their own prefix). */
function phoneCandidates(text: string, country: CountryCode | undefined): PhoneCandidate[] {
  const found: PhoneCandidate[] = [];
  for (const match of text.matchAll(PHONE_LIKE)) {
    const raw = match[0].replace(/^00/, '+');
    const parsed = parsePhoneNumberFromString(raw, country ? { defaultCountry: country } : undefined);
    if (!parsed?.isPossible()) continue;
    found.push({ value: parsed.number, start: match.index, end: match.index + match[0].length, valid: parsed.isValid() });
  }
  return found;
}

/** The phone number the visitor offers for themselves, E.164. */
export function choosePhone(text: string, country: CountryCode | undefined): string | undefined {
  const found = phoneCandidates(text, country);
  const offered = found.filter((item, i) => looksOffered(text.slice(item.start, item.end), before(text, found, i), item.valid));
  return chooseOwn(text, offered)?.value;
}
