import type { Analyzer } from './analyzer';
import { LANGUAGE_RESOURCES, type Language } from './languages';
import wordnet from './languages/en-wordnet.generated.json';

/** term → its interchangeable terms (all analysed: stemmed, folded). */
export type SynonymIndex = ReadonlyMap<string, ReadonlySet<string>>;

/** One member's term: plain words take the fast path (most of WordNet), others the full analysis. */
function termOf(analyzer: Analyzer, word: string): string | null {
  if (/^\p{L}+$/u.test(word)) return analyzer.termOfWord(word);
  const terms = analyzer.terms(word);
  return terms.length === 1 ? terms[0]! : null;
}

/** Adds groups of words to an index; a member that analyses to several terms is skipped. */
export function addSynonymGroups(index: Map<string, Set<string>>, analyzer: Analyzer, groups: readonly (readonly string[])[]): void {
  for (const group of groups) {
    const terms = [...new Set(group.map((word) => termOf(analyzer, word)).filter((t): t is string => t !== null))];
    for (const term of terms) {
      let set = index.get(term);
      if (!set) index.set(term, (set = new Set()));
      for (const other of terms) if (other !== term) set.add(other);
    }
  }
}

const builtIn = new Map<Language, SynonymIndex>();

/**
 * General synonym resources shipped per language, besides the curated lists: WordNet for English,
 * stored already analysed (stems) by scripts/build-wordnet-synonyms.ts.
 */
const GENERAL_TERM_GROUPS: Partial<Record<Language, readonly (readonly string[])[]>> = { en: wordnet.termGroups };

function addTermGroups(index: Map<string, Set<string>>, groups: readonly (readonly string[])[]): void {
  for (const terms of groups) {
    for (const term of terms) {
      let set = index.get(term);
      if (!set) index.set(term, (set = new Set()));
      for (const other of terms) if (other !== term) set.add(other);
    }
  }
}

/** The language's shipped synonyms (general resource plus curated list), built once per process. */
export function builtInSynonyms(analyzer: Analyzer): SynonymIndex {
  let index = builtIn.get(analyzer.language);
  if (!index) {
    const map = new Map<string, Set<string>>();
    addTermGroups(map, GENERAL_TERM_GROUPS[analyzer.language] ?? []);
    addSynonymGroups(map, analyzer, LANGUAGE_RESOURCES[analyzer.language].synonyms);
    builtIn.set(analyzer.language, map);
    index = map;
  }
  return index;
}

/** The shipped synonyms plus the tenant's own groups (the `assistant` configuration's `synonyms`). */
export function synonymsFor(analyzer: Analyzer, tenantGroups: readonly (readonly string[])[] | undefined): SynonymIndex {
  const shipped = builtInSynonyms(analyzer);
  if (!tenantGroups?.length) return shipped;
  const merged = new Map<string, Set<string>>();
  for (const [term, set] of shipped) merged.set(term, new Set(set));
  addSynonymGroups(merged, analyzer, tenantGroups);
  return merged;
}

