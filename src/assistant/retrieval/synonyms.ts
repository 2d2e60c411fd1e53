import type { Analyzer } from './analyzer';
import { LANGUAGE_RESOURCES, type Language } from './languages';

/** term → its interchangeable terms (all analysed: stemmed, folded). */
export type SynonymIndex = ReadonlyMap<string, ReadonlySet<string>>;

/** Adds groups of words to an index; a member that analyses to several terms is skipped. */
export function addSynonymGroups(index: Map<string, Set<string>>, analyzer: Analyzer, groups: readonly (readonly string[])[]): void {
  for (const group of groups) {
    const terms = [...new Set(group.map((word) => analyzer.terms(word)).filter((t) => t.length === 1).map((t) => t[0]!))];
    for (const term of terms) {
      let set = index.get(term);
      if (!set) index.set(term, (set = new Set()));
      for (const other of terms) if (other !== term) set.add(other);
    }
  }
}

const builtIn = new Map<Language, SynonymIndex>();
let extraSources: Partial<Record<Language, () => readonly (readonly string[])[]>> = {};

/** Registers more synonym groups for a language (the WordNet-derived English groups). */
export function registerSynonymSource(language: Language, source: () => readonly (readonly string[])[]): void {
  extraSources = { ...extraSources, [language]: source };
  builtIn.delete(language);
}

/** The language's shipped synonyms (curated list plus any registered source), built once. */
export function builtInSynonyms(analyzer: Analyzer): SynonymIndex {
  let index = builtIn.get(analyzer.language);
  if (!index) {
    const map = new Map<string, Set<string>>();
    addSynonymGroups(map, analyzer, extraSources[analyzer.language]?.() ?? []);
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
