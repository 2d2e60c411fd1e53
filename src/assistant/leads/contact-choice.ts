import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js';
import { foldText } from '../retrieval/analyzer';
import { NOT_PHONE_CUES, NOT_SELF_CUES, PHONE_CUES, SELF_CUES } from './contact-cues';
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
 * one without; one marked as old or someone else's loses. Equal → the first one.
 */
function chooseOwn(text: string, items: Found[]): Found | undefined {
  if (items.length <= 1) return items[0];
  let best: Found | undefined;
  let bestScore = -Infinity;
  items.forEach((item, i) => {
    const windowBefore = before(text, items, i);
    const windowAfter = after(text, items, i);
    const self = lastCueEnd(windowBefore, SELF_CUES).end >= 0 ? 1 : 0;
    const notSelfBefore = lastCueEnd(windowBefore, NOT_SELF_CUES);
    const notSelf = notSelfBefore.end >= 0 || lastCueEnd(windowAfter.split(/[,;.!?]/)[0] ?? '', NOT_SELF_CUES).end >= 0 ? 2 : 0;
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

/**
 * A number counts as a phone only when it looks offered: the nearest cue before it is a phone cue
 * ("call me on", "mon portable", "Handy"), or, with no cue, it is written as phones are (a + or 00
 * prefix, or the national trunk 0, or grouped digits) and valid for the tenant's country. A nearest
 * cue of another kind (order, invoice, customer number, a date) rules it out.
 */
function looksOffered(raw: string, windowBefore: string): boolean {
  if (DATE_LIKE.test(raw)) return false;
  const phoneCue = lastCueEnd(windowBefore, PHONE_CUES);
  const otherCue = lastCueEnd(windowBefore, NOT_PHONE_CUES);
  if (otherCue.end > phoneCue.end || (otherCue.end === phoneCue.end && otherCue.length > phoneCue.length)) return false;
  if (phoneCue.end >= 0) return true;
  const compact = raw.trim();
  return /^(\+|00)/.test(compact) || /^0/.test(compact) || /\d[\s.\-/()]+\d/.test(compact);
}

/** The phone number the visitor offers for themselves, E.164. */
export function choosePhone(text: string, country: CountryCode | undefined): string | undefined {
  const matches = findPhoneNumbersInText(text, country ? { defaultCountry: country } : undefined).filter((m) => m.number.isValid());
  const found: Found[] = matches.map((m) => ({ value: m.number.number, start: m.startsAt, end: m.endsAt }));
  const offered = found.filter((item, i) => looksOffered(text.slice(item.start, item.end), before(text, found, i)));
  return chooseOwn(text, offered)?.value;
}
