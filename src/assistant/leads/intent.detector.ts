import type { ConfigurationData } from '../../modules/configurations/configuration.schemas';
import { foldText } from '../retrieval/analyzer';
import { LANGUAGES, type Language } from '../retrieval/languages/language';
import { CueSet, messageWords, readAs } from './cue-matcher';
import { BOOKING_CUES, INTENT_CUES, NOT_INTENT_CUES } from './intent-cues';
import { TROUBLE_CUES } from './trouble-cues';

export interface IntentDefinition {
  name: string;
  keywords: string[];
}

/**
 * The built-in intents with their cues in every language: a visitor may write in another language
 * than the tenant's, and the cue lists barely overlap, so all of them are used.
 */
export const DEFAULT_INTENTS: IntentDefinition[] = Object.entries(INTENT_CUES).map(([name, byLanguage]) => ({
  name,
  keywords: LANGUAGES.flatMap((language: Language) => [...byLanguage[language], ...(name === 'purchase' ? BOOKING_CUES[language] : [])]).map(
    (cue) => cue.replace(/(^|\s)[=*]/g, '$1').replace(/\s*…\s*/g, ' '),
  ),
}));

const BUILT_IN_NAMES = new Set(Object.keys(INTENT_CUES));

interface BuiltInCues {
  cues: CueSet;
  not?: CueSet;
}

// Compiled once: every visitor message is read against all of them.
let builtIn:
  | { byLanguage: Map<Language, Map<string, BuiltInCues>>; booking: Map<Language, CueSet>; trouble: Map<Language, { own: CueSet; sign: CueSet }> }
  | undefined;

function builtInCues() {
  if (!builtIn) {
    const byLanguage = new Map<Language, Map<string, BuiltInCues>>();
    const booking = new Map<Language, CueSet>();
    const trouble = new Map<Language, { own: CueSet; sign: CueSet }>();
    for (const language of LANGUAGES) {
      const { own, negation, contrast } = TROUBLE_CUES;
      trouble.set(language, { own: new CueSet(language, own[language]), sign: new CueSet(language, [...negation[language], ...contrast[language]]) });
      const intents = new Map<string, BuiltInCues>();
      for (const [name, cues] of Object.entries(INTENT_CUES)) {
        const not = NOT_INTENT_CUES[name]?.[language] ?? [];
        intents.set(name, { cues: new CueSet(language, cues[language]), ...(not.length > 0 && { not: new CueSet(language, not) }) });
      }
      byLanguage.set(language, intents);
      booking.set(language, new CueSet(language, BOOKING_CUES[language]));
    }
    builtIn = { byLanguage, booking, trouble };
  }
  return builtIn;
}

/**
 * The built-in intents found in a message. Each language's cues read the message with that
 * language's stemmer (a visitor may write in another language than the tenant's). A booking is a
 * purchase unless what is booked is a demo or a trial. Something of the visitor's with a negation
 * or a contrast is a support case, unless the message gives contact details: then "not my old
 * number, use …" is about which one to use.
 */
function detectBuiltIn(words: string[], offersContact: boolean): Set<string> {
  const { byLanguage, booking, trouble } = builtInCues();
  const readings = LANGUAGES.map((language) => [language, readAs(words, language)] as const);
  // A "no intent" phrase in any language hides its words from that intent in every language
  // ("no problem" is also read by the German cue "Problem").
  const masks = new Map<string, Set<number>>();
  for (const [language, message] of readings) {
    for (const [name, { not }] of byLanguage.get(language)!) {
      if (!not) continue;
      const mask = masks.get(name) ?? new Set<number>();
      for (const i of not.cover(message)) mask.add(i);
      masks.set(name, mask);
    }
  }
  const found = new Set<string>();
  let booked = false;
  for (const [language, message] of readings) {
    for (const [name, { cues }] of byLanguage.get(language)!) {
      const masked = masks.get(name);
      if (!found.has(name) && cues.find(message, masked)) found.add(name);
      if (name === 'purchase' && !booked && booking.get(language)!.find(message, masked)) booked = true;
    }
  }
  if (booked && !found.has('demo')) found.add('purchase');
  if (!found.has('support') && !offersContact) {
    const masked = masks.get('support');
    if (readings.some(([language, message]) => trouble.get(language)!.own.find(message, masked) && trouble.get(language)!.sign.find(message, masked))) {
      found.add('support');
    }
  }
  return found;
}

/** Folded like the text: lower case, no accents, apostrophes and hyphens as spaces. */
function foldCue(text: string): string {
  return foldText(text).replace(/['\-]/g, ' ').replace(/\s+/g, ' ').trim();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// Compiled once per keyword: every visitor message is tested against hundreds of them. Stateless
// (no `g` flag), so sharing is safe; tenants' own keyword lists keep the cache bounded but not fixed.
const patterns = new Map<string, RegExp>();

/**
 * Matches a keyword as whole words on folded text, tolerant of extra spaces inside phrases and of
 * the common inflections of a last word of 4+ letters (discount → discounts, upgrade → upgrading).
 */
function keywordPattern(keyword: string): RegExp {
  let pattern = patterns.get(keyword);
  if (!pattern) {
    if (patterns.size >= 10_000) patterns.clear();
    const words = foldCue(keyword).split(' ').map(escapeRegExp);
    const last = words.at(-1) ?? '';
    if (/^\p{L}{4,}$/u.test(last)) words[words.length - 1] = `${last.replace(/e$/, '')}(?:${last.endsWith('e') ? 'e|' : ''}s|es|ed|d|ing|ings)?`;
    const body = words.join('\\s+');
    pattern = new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'u');
    patterns.set(keyword, pattern);
  }
  return pattern;
}

/** The tenant's intents: its own list, or the built-in ones, plus its extra cues. */
export function intentDefinitions(config: ConfigurationData<'lead_capture'>): IntentDefinition[] {
  const base = (config.intents ?? DEFAULT_INTENTS).map((intent) => ({ ...intent, keywords: [...intent.keywords] }));
  for (const extra of config.extraIntents ?? []) {
    const existing = base.find((intent) => intent.name === extra.name);
    if (existing) existing.keywords.push(...extra.keywords);
    else base.push({ ...extra, keywords: [...extra.keywords] });
  }
  return base;
}

/**
 * The intents whose cues appear in `text` (accent- and case-insensitive), in definition order: the
 * built-in cues (unless the tenant replaced the intents) and the tenant's own keywords.
 */
export function detectIntents(text: string, config: ConfigurationData<'lead_capture'>, options: { offersContact?: boolean } = {}): string[] {
  const words = messageWords(text);
  const folded = foldCue(text);
  const found = config.intents ? new Set<string>() : detectBuiltIn(words, options.offersContact ?? false);
  const own = new Map<string, string[]>();
  for (const intent of config.intents ?? []) own.set(intent.name, [...intent.keywords]);
  for (const extra of config.extraIntents ?? []) own.set(extra.name, [...(own.get(extra.name) ?? []), ...extra.keywords]);
  return intentDefinitions(config)
    .filter((intent) => (BUILT_IN_NAMES.has(intent.name) && found.has(intent.name)) || (own.get(intent.name) ?? []).some((k) => keywordPattern(k).test(folded)))
    .map((i) => i.name);
}
