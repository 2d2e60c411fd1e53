import type { Analyzer } from './analyzer';

/** The searchable text of one knowledge base entry version. */
export interface EntryText {
  id: string;
  title: string | null;
  content: string;
  alternativeQuestions: readonly string[];
}

/** One term of an entry: `q` = its questions (title and alternatives), `c` = its answer text. */
export interface EntryTerm {
  field: 'q' | 'c';
  term: string;
  frequency: number;
}

/** An entry as stored in the search index: its terms and its field lengths (for BM25). */
export interface EntryDocument {
  entryId: string;
  analyzer: string;
  questionLength: number;
  contentLength: number;
  terms: EntryTerm[];
}

const MAX_FREQUENCY = 32_767;

function count(field: 'q' | 'c', terms: string[]): EntryTerm[] {
  const counts = new Map<string, number>();
  for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
  return [...counts].map(([term, frequency]) => ({ field, term, frequency: Math.min(frequency, MAX_FREQUENCY) }));
}

/** Analyses an entry's fields with the tenant's analyser. */
export function buildEntryDocument(analyzer: Analyzer, entry: EntryText): EntryDocument {
  const questionTerms = [entry.title ?? '', ...entry.alternativeQuestions].flatMap((text) => analyzer.terms(text));
  const contentTerms = analyzer.terms(entry.content);
  return {
    entryId: entry.id,
    analyzer: analyzer.signature,
    questionLength: questionTerms.length,
    contentLength: contentTerms.length,
    terms: [...count('q', questionTerms), ...count('c', contentTerms)],
  };
}
