import { analyzerFor, foldText } from '../retrieval/analyzer';
import type { Language } from '../retrieval/languages/language';
import { EMAIL } from './contact-format';

/**
 * Word-sequence matching of intent cues, tolerant of inflection:
 * - French, German and Spanish words of 5+ letters match by Snowball stem (the retrieval analyser's
 *   stemmers), so "remboursée" finds "rembourser", "falsche" finds "falsch", "matricularme" finds
 *   "matricular"; shorter words, and words cut to a stem of under 4 letters, only as written or with a
 *   plural s;
 * - English words match with their regular endings (s, es, ed, d, ing), as the stemmer would also
 *   join "helpful" to "help";
 * - German one-word cues of 5+ stem letters also match as the head of a compound ("Produktvorführung"
 *   → "vorführung"), and "*word" forces it for a shorter one ("*kosten" → "Versandkosten");
 * - "=word" matches that exact word only, for stems shared with unrelated words ("=commander" must not
 *   find "ma commande", "=reservar" not "mi reserva");
 * - "…" between words allows up to three words in between ("funktioniert … nicht" finds
 *   "funktioniert seit gestern nicht mehr").
 */

const GAP = '…';
const MAX_GAP = 3;
const MIN_COMPOUND_HEAD = 5;
/** Words shorter than this match only as written (or with a plural s), not by stem. */
const MIN_STEMMED = 5;
/** A stem shorter than this is shared by too many words: the cue word matches only as written. */
const MIN_STEM_KEPT = 4;

type CueWord = { kind: 'word'; key: string; exact?: string; raw: string } | { kind: 'gap' };

export interface CompiledCue {
  /** The cue as written, for reading. */
  text: string;
  words: CueWord[];
  /** German one-word cue also matching the end of a compound. */
  compoundHead: boolean;
}

/** Lower case, no accents, "n't" as "nt" (doesn't → doesnt, as people also type it). */
function foldWords(text: string): string {
  return foldText(text).replace(/n't(?![\p{L}])/gu, 'nt');
}

const TOKEN = /[\p{L}\p{N}]+/gu;

/** German keyboards without umlauts: "rueckruf" is "rückruf" (as the retrieval analyser reads it). */
function undigraph(word: string): string {
  return word.replace(/(?<![aeiouq])ue/g, 'u').replace(/(?<![aeiou])([ao])e/g, '$1');
}

function frenchForm(word: string): string {
  // Folded feminine and plural endings ("arrivée" → "arrivee") defeat the stemmer, which expects
  // accents: cut them first, the same way for cues and messages.
  let w = word;
  if (w.length > 4 && w.endsWith('s')) w = w.slice(0, -1);
  if (w.length > 4 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

function computeKey(word: string, language: Language): string {
  switch (language) {
    case 'en':
      return word;
    case 'fr':
      return analyzerFor('fr').stem(frenchForm(word));
    case 'de':
      return analyzerFor('de').stem(undigraph(word));
    case 'es':
      return analyzerFor('es').stem(word);
  }
}

const keyCaches = new Map<Language, Map<string, string>>();

/** The comparison key of one folded word in a language (cached: chat repeats its words). */
export function wordKey(word: string, language: Language): string {
  let cache = keyCaches.get(language);
  if (!cache) keyCaches.set(language, (cache = new Map()));
  let key = cache.get(word);
  if (key === undefined) {
    if (cache.size >= 20_000) cache.clear();
    key = computeKey(word, language);
    cache.set(word, key);
  }
  return key;
}

const EN_ENDINGS = ['s', 'es', 'ed', 'd', 'ing', 'ings'];

/** English: the word itself or a regular inflection of a 4+ letter cue word (upgrade → upgrading). */
function englishMatches(cue: string, word: string): boolean {
  if (word === cue) return true;
  if (cue.length < 4) return false;
  for (const base of cue.endsWith('e') ? [cue, cue.slice(0, -1)] : [cue, cue + cue.at(-1)]) {
    if (word.startsWith(base) && EN_ENDINGS.includes(word.slice(base.length))) return true;
  }
  return false;
}

const basesCache = new Map<string, string[]>();

/** The cue words an English word may be an inflection of (charged → charged, charge, charg). */
function englishBases(word: string): string[] {
  let cached = basesCache.get(word);
  if (cached) return cached;
  if (basesCache.size >= 20_000) basesCache.clear();
  basesCache.set(word, (cached = computeBases(word)));
  return cached;
}

function computeBases(word: string): string[] {
  const bases = [word];
  for (const ending of EN_ENDINGS) {
    if (!word.endsWith(ending) || word.length - ending.length < 3) continue;
    const base = word.slice(0, -ending.length);
    bases.push(base, `${base}e`);
    if (base.length > 3 && base.at(-1) === base.at(-2)) bases.push(base.slice(0, -1));
  }
  return bases;
}

export function compileCue(cue: string, language: Language): CompiledCue {
  const words: CueWord[] = [];
  let forceHead = false;
  for (const part of cue.split(/\s+/).filter(Boolean)) {
    if (part === GAP) {
      if (words.length > 0 && words.at(-1)!.kind !== 'gap') words.push({ kind: 'gap' });
      continue;
    }
    const exact = part.startsWith('=');
    if (part.startsWith('*')) forceHead = true;
    for (const raw of foldWords(part.replace(/^[=*]/, '')).match(TOKEN) ?? []) {
      const spelled = language === 'de' ? undigraph(raw) : raw;
      words.push({ kind: 'word', key: wordKey(raw, language), raw: spelled, ...(exact && { exact: spelled }) });
    }
  }
  while (words.at(-1)?.kind === 'gap') words.pop();
  const single = words.length === 1 && words[0]!.kind === 'word' && !words[0]!.exact;
  const compoundHead = language === 'de' && single && (forceHead || (words[0] as { key: string }).key.length >= MIN_COMPOUND_HEAD);
  return { text: cue, words, compoundHead };
}

/** A message read in one language: its words and their keys. */
export interface MessageWords {
  words: string[];
  keys: string[];
  /** Per word, the first-word keys of the cues it may start. */
  lookups: string[][];
}

/** The folded words of a message, without email addresses and links (their words are no cues). */
export function messageWords(text: string): string[] {
  const cleaned = text.replace(new RegExp(EMAIL.source, 'g'), ' ').replace(/\bhttps?:\/\/\S+|\bwww\.\S+/gi, ' ');
  return foldWords(cleaned).match(TOKEN) ?? [];
}

export function readAs(words: string[], language: Language): MessageWords {
  const spelled = language === 'de' ? words.map(undigraph) : words;
  const keys = spelled.map((w) => wordKey(w, language));
  const lookups = spelled.map((w, i) => (language === 'en' ? englishBases(w) : w === keys[i] ? [w] : [keys[i]!, w]));
  return { words: spelled, keys, lookups };
}

function wordMatches(cue: Extract<CueWord, { kind: 'word' }>, message: MessageWords, i: number, language: Language): boolean {
  if (cue.exact !== undefined) return message.words[i] === cue.exact;
  if (language === 'en') return englishMatches(cue.raw, message.words[i]!);
  const word = message.words[i]!;
  // Short words share stems by chance (Spanish "para"/"parado", "dem"/"demo"): exact or plural only.
  // So do words whose stem is cut very short ("devis" → "dev", like "devant" and "devez").
  if (cue.raw.length < MIN_STEMMED || word.length < MIN_STEMMED || cue.key.length < MIN_STEM_KEPT) return word === cue.raw || word === `${cue.raw}s`;
  return message.keys[i] === cue.key;
}

function matchStep(cue: CompiledCue, message: MessageWords, w: number, i: number, used: number[], language: Language): boolean {
  if (w === cue.words.length) return true;
  const word = cue.words[w]!;
  if (word.kind === 'gap') {
    for (let skip = 0; skip <= MAX_GAP && i + skip < message.words.length; skip++) if (matchStep(cue, message, w + 1, i + skip, used, language)) return true;
    return false;
  }
  if (i >= message.words.length || !wordMatches(word, message, i, language)) return false;
  used.push(i);
  if (matchStep(cue, message, w + 1, i + 1, used, language)) return true;
  used.pop();
  return false;
}

/** Where `cue` matches from word `start`: the indexes of the matched words, or null. */
function matchFrom(cue: CompiledCue, message: MessageWords, start: number, language: Language): number[] | null {
  // Most candidates fail on their first or second word: check those before allocating.
  const first = cue.words[0] as Extract<CueWord, { kind: 'word' }>;
  if (!wordMatches(first, message, start, language)) return null;
  const used: number[] = [];
  return matchStep(cue, message, 0, start, used, language) ? used : null;
}

const NOTHING: ReadonlySet<number> = new Set();

/** Cues of one language, indexed by their first word for speed. */
export class CueSet {
  private readonly byFirst = new Map<string, CompiledCue[]>();
  /** German compound heads: the end of a longer word's stem ("produktvorfuhr" ends in "vorfuhr"). */
  private readonly headPattern: RegExp | undefined;

  constructor(
    readonly language: Language,
    cues: string[],
  ) {
    const heads: string[] = [];
    for (const text of cues) {
      const cue = compileCue(text, language);
      if (cue.words.length === 0) continue;
      if (cue.compoundHead) heads.push((cue.words[0] as { key: string }).key);
      const first = cue.words[0] as Extract<CueWord, { kind: 'word' }>;
      const key = first.exact ?? (language === 'en' ? first.raw : first.key);
      const list = this.byFirst.get(key) ?? [];
      if (!list.some((c) => c.text === cue.text)) list.push(cue);
      this.byFirst.set(key, list);
    }
    // A longer word ending in the head; the head alone is found through byFirst.
    this.headPattern = heads.length > 0 ? new RegExp(`\\p{L}(?:${heads.join('|')})$`, 'u') : undefined;
  }

  private candidates(message: MessageWords, i: number): CompiledCue[] {
    const lookups = message.lookups[i]!;
    if (lookups.length === 1) return this.byFirst.get(lookups[0]!) ?? [];
    const found: CompiledCue[] = [];
    for (const key of lookups) for (const cue of this.byFirst.get(key) ?? []) if (!found.includes(cue)) found.push(cue);
    return found;
  }

  /** The first match of any cue that uses no masked word, as the matched word indexes; or null. */
  find(message: MessageWords, masked: ReadonlySet<number> = NOTHING): number[] | null {
    for (let i = 0; i < message.words.length; i++) {
      if (masked.has(i)) continue;
      for (const cue of this.candidates(message, i)) {
        const used = matchFrom(cue, message, i, this.language);
        if (used && !used.some((j) => masked.has(j))) return used;
      }
      if (this.headPattern && message.keys[i]!.length > MIN_COMPOUND_HEAD && this.headPattern.test(message.keys[i]!)) return [i];
    }
    return null;
  }

  /** Every word inside a match of any cue (the words of "no intent" phrases, masked for an intent). */
  cover(message: MessageWords): Set<number> {
    const covered = new Set<number>();
    for (let i = 0; i < message.words.length; i++) {
      for (const cue of this.candidates(message, i)) {
        const used = matchFrom(cue, message, i, this.language);
        if (used) for (let j = used[0]!; j <= used.at(-1)!; j++) covered.add(j);
      }
    }
    return covered;
  }
}
