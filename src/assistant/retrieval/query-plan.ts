import type { Analyzer } from './analyzer';
import { editDistance } from './edit-distance';
import type { TermStats, WeightedTerm } from './lexical.repository';
import type { SynonymIndex } from './synonyms';

/** How much a synonym, a corrected typo or a compound part counts next to the word as typed. */
export const SYNONYM_WEIGHT = 0.7;
export const TYPO_WEIGHT = 0.85;
export const COMPOUND_PART_WEIGHT = 0.85;
export const RELATED_WEIGHT = 0.6;
/** At most this many distinct words of a question are searched. */
const MAX_CONCEPTS = 24;
const MIN_TYPO_LENGTH = 4;
const MIN_COMPOUND_LENGTH = 7;
const MIN_COMPOUND_PART = 3;
/** A KB term that starts a longer unknown word ("telefon" in "telefonnummer"), at least this long. */
const MIN_RELATED_HEAD = 4;
/** Two stems sharing this many first letters (and most of the longer one) are related ("storno"/"stornier"). */
const MIN_RELATED_PREFIX = 5;
const RELATED_PREFIX_SHARE = 0.6;
const MAX_RELATED = 2;

/** One word of the question with the terms that may stand for it in the knowledge base. */
export interface Concept {
  id: number;
  word: string;
  term: string;
  /** term → weight (1 for the word itself). */
  alternatives: Map<string, number>;
}


export interface QueryPlan {
  concepts: Concept[];
  terms: WeightedTerm[];
  /** Each concept's weight in the question: the idf of the word (or of what stands for it). */
  conceptIdf: number[];
  /** Concepts none of whose terms the knowledge base contains. */
  unknownConcepts: number;
  documents: number;
}

/** The question's concepts: its distinct analysed terms, each with its synonyms. */
export function buildConcepts(analyzer: Analyzer, question: string, synonyms: SynonymIndex): Concept[] {
  const concepts: Concept[] = [];
  const seen = new Set<string>();
  for (const { word, term } of analyzer.analyze(question)) {
    if (seen.has(term)) continue;
    seen.add(term);
    const alternatives = new Map([[term, 1]]);
    for (const synonym of synonyms.get(term) ?? []) if (!alternatives.has(synonym)) alternatives.set(synonym, SYNONYM_WEIGHT);
    concepts.push({ id: concepts.length, word, term, alternatives });
    if (concepts.length >= MAX_CONCEPTS) break;
  }
  return concepts;
}

function compoundSplits(analyzer: Analyzer, word: string): Array<[string, string]> {
  const splits: Array<[string, string]> = [];
  if (word.length < MIN_COMPOUND_LENGTH || !/^\p{L}+$/u.test(word)) return splits;
  for (let i = MIN_COMPOUND_PART; i <= word.length - MIN_COMPOUND_PART; i++) {
    const head = word.slice(0, i);
    const tail = analyzer.stem(word.slice(i));
    splits.push([analyzer.stem(head), tail]);
    // German linking elements: Liefer-zeit, Rücksende-etikett, Versand(s)-kosten.
    if (/(s|es|n|en|e)$/.test(head) && head.length > MIN_COMPOUND_PART + 1) splits.push([analyzer.stem(head.replace(/(s|es|n|en|e)$/, '')), tail]);
  }
  return splits;
}

/** The terms whose document frequency the plan needs: the words, their synonyms, compound parts. */
export function termsToLookUp(analyzer: Analyzer, concepts: Concept[], decompound: boolean): string[] {
  const terms = new Set<string>();
  for (const concept of concepts) {
    for (const term of concept.alternatives.keys()) terms.add(term);
    if (decompound) for (const [a, b] of compoundSplits(analyzer, concept.word)) terms.add(a).add(b);
  }
  return [...terms];
}

/**
 * Prefixes of the words the KB does not know, long enough to be typos: their first two letters
 * (three for longer words, fewer candidates). A typo in the first letters is not corrected.
 */
export function typoPrefixes(concepts: Concept[], stats: TermStats): string[] {
  const prefixes = new Set<string>();
  for (const concept of concepts) {
    if (concept.term.length < MIN_TYPO_LENGTH || (stats.frequencies.get(concept.term) ?? 0) > 0) continue;
    prefixes.add(concept.term.slice(0, concept.term.length >= 6 ? 3 : 2));
  }
  return [...prefixes];
}

/** BM25's idf: rare terms weigh more; a term the KB lacks gets the highest weight. */
export function idf(documents: number, df: number): number {
  return Math.log(1 + (documents - df + 0.5) / (df + 0.5));
}

function maxTypoDistance(term: string): number {
  return term.length >= 8 ? 2 : 1;
}

/** The one vocabulary term closest to an unknown term, or null when none is close or two tie. */
function correctTypo(term: string, stats: TermStats): string | null {
  const max = maxTypoDistance(term);
  let best: string | null = null;
  let bestDistance = max + 1;
  let tie = false;
  for (const candidate of stats.frequencies.keys()) {
    if (candidate.length < MIN_TYPO_LENGTH - 1 || candidate.slice(0, 2) !== term.slice(0, 2) || candidate === term) continue;
    const distance = editDistance(term, candidate, max);
    if (distance < bestDistance) [best, bestDistance, tie] = [candidate, distance, false];
    else if (distance === bestDistance) tie = true;
  }
  return best && !tie && bestDistance <= max ? best : null;
}

function commonPrefixLength(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/**
 * KB terms of the same family as an unknown term, longest shared start first: a KB word that begins
 * it (a compound's first part, a derived word: "telefon" for "telefonnummer", "park" for "parkplatz")
 * or a KB stem sharing most of its letters ("stornier" for "storno"). Only from `vocabulary`, the
 * terms sharing the unknown word's first letters that the typo look-up already read.
 */
function relatedTerms(term: string, vocabulary: Iterable<string>): string[] {
  const related: Array<[string, number]> = [];
  for (const candidate of vocabulary) {
    if (candidate === term) continue;
    const shared = commonPrefixLength(term, candidate);
    const head = shared === candidate.length && candidate.length >= MIN_RELATED_HEAD;
    const family = shared >= MIN_RELATED_PREFIX && shared >= RELATED_PREFIX_SHARE * Math.max(term.length, candidate.length);
    if (head || family) related.push([candidate, shared]);
  }
  return related
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, MAX_RELATED)
    .map(([candidate]) => candidate);
}

/**
 * Resolves the concepts against the tenant's vocabulary:
 * 1. a word the KB does not know is corrected to the single closest KB term (typo), or split into
 *    two words the KB knows (compound, German), or else stands for KB terms of its family (shared
 *    start, a lower weight);
 * 2. every term gets its idf in the tenant's KB;
 * 3. each concept weighs the idf of the word itself, or of what stands for it when the KB lacks the
 *    word; a concept with nothing known weighs the highest idf (so out-of-KB questions score low).
 */
export function resolvePlan(analyzer: Analyzer, concepts: Concept[], stats: TermStats, decompound: boolean): QueryPlan {
  const n = stats.documents;
  const known = (term: string) => (stats.frequencies.get(term) ?? 0) > 0;
  const resolved: Concept[] = [];
  for (const concept of concepts) {
    if (known(concept.term)) {
      resolved.push(concept);
      continue;
    }
    const fixed = concept.term.length >= MIN_TYPO_LENGTH ? correctTypo(concept.term, stats) : null;
    if (fixed && !concept.alternatives.has(fixed)) concept.alternatives.set(fixed, TYPO_WEIGHT);
    const split = decompound && !fixed ? compoundSplits(analyzer, concept.word).find(([a, b]) => known(a) && known(b)) : undefined;
    if (split) {
      for (const part of split) resolved.push({ id: 0, word: part, term: part, alternatives: new Map([[part, COMPOUND_PART_WEIGHT]]) });
      continue;
    }
    if (!fixed && concept.term.length >= MIN_RELATED_PREFIX) {
      for (const related of relatedTerms(concept.term, stats.frequencies.keys())) {
        if (!concept.alternatives.has(related)) concept.alternatives.set(related, RELATED_WEIGHT);
      }
    }
    resolved.push(concept);
  }
  const unknownIdf = idf(n, 0);
  const terms: WeightedTerm[] = [];
  const conceptIdf: number[] = [];
  let unknownConcepts = 0;
  resolved.forEach((concept, id) => {
    concept.id = id;
    let best = 0;
    for (const [term, weight] of concept.alternatives) {
      const df = stats.frequencies.get(term) ?? 0;
      if (df === 0) continue;
      const termIdf = idf(n, df);
      terms.push({ term, concept: id, weight, idf: termIdf });
      best = Math.max(best, termIdf);
    }
    const own = stats.frequencies.get(concept.term) ?? 0;
    if (best === 0) unknownConcepts += 1;
    conceptIdf.push(own > 0 ? idf(n, own) : best > 0 ? best : unknownIdf);
  });
  return { concepts: resolved, terms, conceptIdf, unknownConcepts, documents: n };
}

/**
 * A term in more than this share of a large KB (and in more than COMMON_TERM_MIN_DF entries) is
 * left out of scoring when the question has rarer ones: its weight is small, its rows many.
 */
const COMMON_TERM_SHARE = 0.2;
const COMMON_TERM_MIN_DF = 100;

/** The plan's terms worth scoring: all of them, less the very common ones when rarer ones exist. */
export function termsToScore(plan: QueryPlan, stats: TermStats): WeightedTerm[] {
  const cap = Math.max(COMMON_TERM_MIN_DF, plan.documents * COMMON_TERM_SHARE);
  const rare = plan.terms.filter((t) => (stats.frequencies.get(t.term) ?? 0) <= cap);
  return rare.length > 0 ? rare : plan.terms;
}

/** Share (0..1) of the question's idf mass an entry matched, each concept counted at its best term's weight. */
export function coverageOf(plan: QueryPlan, concepts: number[], weights: number[]): number {
  const total = plan.conceptIdf.reduce((sum, value) => sum + value, 0);
  if (total === 0) return 0;
  let matched = 0;
  concepts.forEach((concept, i) => {
    matched += (plan.conceptIdf[concept] ?? 0) * Math.min(1, weights[i] ?? 0);
  });
  return matched / total;
}
