import { createHash } from 'node:crypto';
import { newStemmer } from 'snowball-stemmers';
import { LANGUAGE_RESOURCES, type Language } from './languages';
import { truncateText } from '../../lib/storable-text';

/** Bump when the analyser's rules change (the word lists are hashed into the signature anyway). */
const ANALYZER_RULES_VERSION = 2;
/** Terms longer than this are cut (the column is VARCHAR(64)). */
const MAX_TERM_LENGTH = 64;

/**
 * One language's text analysis, used identically for knowledge base entries (index time) and for
 * visitors' questions (query time):
 * 1. fold: lower case, accents and ligatures removed (visitors often type without accents);
 * 2. drop chat filler phrases ("changed my mind", "good morning");
 * 3. tokenise: letters and digits; a hyphenated word is ONE term ("e-bike" → "ebike"), unless a part
 *    is a number ("30-day" → "30", "day"); elided articles go ("l'article" → "article");
 * 4. join words written apart that mean one thing ("log in" → "login", "e bike" → "ebike");
 * 5. drop stop words (Snowball's list) and chat filler;
 * 6. stem with the language's Snowball algorithm.
 */
export interface AnalyzedToken {
  /** The folded word (after joins), before stemming. */
  word: string;
  term: string;
}

export interface Analyzer {
  readonly language: Language;
  /** Changes whenever the analysis would: stored terms with another signature are re-indexed. */
  readonly signature: string;
  /** The analysed terms of `text`, in order, repeats kept (term frequency). */
  terms(text: string): string[];
  /** Like `terms`, with the folded word each term was stemmed from. */
  analyze(text: string): AnalyzedToken[];
  /** Folds (step 1) without analysing further. */
  fold(text: string): string;
  /** Stems one folded word (step 6 only). */
  stem(word: string): string;
  /** The term of one plain word (steps 1, 5, 6), or null when it is a stop or filler word. */
  termOfWord(word: string): string | null;
}

/** Lower case without accents or ligatures; curly apostrophes made straight. */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/æ/g, 'ae')
    .replace(/œ/g, 'oe')
    .replace(/ø/g, 'o')
    .replace(/[’‘`´]/g, "'");
}

const TOKEN = /[\p{L}\p{N}]+(?:['-][\p{L}\p{N}]+)*/gu;

function words(list: string): string[] {
  return list.split(/\s+/).filter(Boolean);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function undigraph(word: string): string {
  return word.replace(/(?<![aeiouq])ue/g, 'u').replace(/(?<![aeiou])([ao])e/g, '$1');
}

function buildAnalyzer(language: Language): Analyzer {
  const resources = LANGUAGE_RESOURCES[language];
  const stemmer = newStemmer(resources.stemmer);
  const spell = resources.umlautDigraphs ? undigraph : (word: string) => word;
  const stopWords = new Set(words(foldText(resources.stopWords)).map(spell));
  const dropped = new Set([...stopWords, ...words(foldText(resources.filler)).map(spell)]);
  const elisions = new Set((resources.elisions ?? []).map(foldText));
  const phrases = resources.fillerPhrases.map(foldText).sort((a, b) => b.length - a.length);
  const phrasePattern = phrases.length
    ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${phrases.map((p) => escapeRegExp(p).replace(/\s+/g, '\\s+')).join('|')})(?![\\p{L}\\p{N}])`, 'gu')
    : null;
  const joins = new Map<string, number>();
  for (const join of resources.joins.map(foldText)) joins.set(join, join.split(' ').length);
  const stemCache = new Map<string, string>();

  const signature = `${language}.${createHash('sha256')
    .update(JSON.stringify({ ANALYZER_RULES_VERSION, ...resources, synonyms: undefined }))
    .digest('hex')
    .slice(0, 10)}`;

  function stem(word: string): string {
    let stemmed = stemCache.get(word);
    if (stemmed === undefined) {
      stemmed = truncateText(stemmer.stem(word), MAX_TERM_LENGTH);
      if (stemCache.size > 50_000) stemCache.clear();
      stemCache.set(word, stemmed);
    }
    return stemmed;
  }

  function split(token: string): string[] {
    const out: string[] = [];
    let parts = [token];
    if (token.includes("'")) {
      const pieces = token.split("'");
      if (elisions.has(pieces[0]!)) parts = [pieces.slice(1).join('')];
      else if (language === 'en') parts = [pieces[0]!];
      else parts = pieces;
    }
    for (const part of parts) {
      if (!part.includes('-')) {
        out.push(part);
        continue;
      }
      const pieces = part.split('-').filter(Boolean);
      if (pieces.some((p) => /^\p{N}+$/u.test(p))) out.push(...pieces);
      else out.push(pieces.join(''));
    }
    return out;
  }

  function tokens(text: string): string[] {
    let folded = foldText(text);
    if (phrasePattern) folded = folded.replace(phrasePattern, ' ');
    const raw = (folded.match(TOKEN) ?? []).flatMap(split).map(spell);
    const joined: string[] = [];
    for (let i = 0; i < raw.length; i++) {
      const three = i + 2 < raw.length ? `${raw[i]} ${raw[i + 1]} ${raw[i + 2]}` : null;
      const two = i + 1 < raw.length ? `${raw[i]} ${raw[i + 1]}` : null;
      if (three && joins.get(three) === 3) {
        joined.push(three.replace(/ /g, ''));
        i += 2;
      } else if (two && joins.get(two) === 2) {
        joined.push(two.replace(/ /g, ''));
        i += 1;
      } else if (two && /^\p{L}$/u.test(raw[i]!) && !stopWords.has(raw[i]!) && /^\p{L}{2,}$/u.test(raw[i + 1]!)) {
        joined.push(two.replace(/ /g, ''));
        i += 1;
      } else {
        joined.push(raw[i]!);
      }
    }
    return joined;
  }

  function analyze(text: string): AnalyzedToken[] {
    const out: AnalyzedToken[] = [];
    for (const word of tokens(text)) {
      if (word.length < 2 || dropped.has(word)) continue;
      const term = stem(word);
      if (term.length >= 2) out.push({ word, term });
    }
    return out;
  }

  function termOfWord(word: string): string | null {
    const folded = spell(foldText(word));
    if (folded.length < 2 || dropped.has(folded)) return null;
    const term = stem(folded);
    return term.length >= 2 ? term : null;
  }

  return {
    language,
    signature,
    fold: foldText,
    stem,
    termOfWord,
    analyze,
    terms: (text: string) => analyze(text).map((token) => token.term),
  };
}

const analyzers = new Map<Language, Analyzer>();

/** The (cached) analyser of a language. */
export function analyzerFor(language: Language): Analyzer {
  let analyzer = analyzers.get(language);
  if (!analyzer) {
    analyzer = buildAnalyzer(language);
    analyzers.set(language, analyzer);
  }
  return analyzer;
}
