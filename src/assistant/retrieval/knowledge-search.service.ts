import type { TenantTx } from '../../db/tenant-transaction';
import type { KnowledgeSource } from '../assistant.types';
import { analyzerFor } from './analyzer';
import { termStatsOf, vocabularyOf, type KnowledgeSnapshot } from './knowledge-snapshots';
import { DEFAULT_LANGUAGE, LANGUAGE_RESOURCES, type Language } from './languages';
import { scoreEntries } from './lexical.repository';
import { buildConcepts, coverageOf, resolvePlan, termsToLookUp, termsToScore, typoPrefixes } from './query-plan';
import { synonymsFor } from './synonyms';

export interface KnowledgeSearchOptions {
  language?: Language;
  /** The tenant's own synonym groups (the `assistant` configuration). */
  synonyms?: readonly (readonly string[])[];
  /** How many ranked candidates to return. */
  limit: number;
  /** The tenant's knowledge snapshot for this language's analyser (knowledgeSnapshot): the term statistics. */
  knowledge: KnowledgeSnapshot;
}

export interface KnowledgeSearchResult {
  /** Best first (BM25F). */
  candidates: KnowledgeSource[];
  /** Share of the question's idf mass that the KB does not know at all (0 = every word known). */
  unknownShare: number;
  /** The question had no searchable word (only filler and stop words). */
  empty: boolean;
}

/**
 * Ranks the tenant's active FAQ and custom entries for a question, in the tenant's language:
 * 1. analyse the question into concepts (a word and its synonyms);
 * 2. from the knowledge snapshot (no statement): the corpus figures and the document frequency of
 *    every term the concepts may need;
 * 3. for words the KB does not know, its vocabulary sharing their first letters (typo candidates);
 * 4. resolve typos and compounds, weigh each concept by its idf in this KB;
 * 5. BM25F in SQL, ties broken by title and entry key.
 * The statement runs in the caller's tenant transaction; RLS keeps it to that tenant.
 */
export async function searchKnowledge(tx: TenantTx, question: string, options: KnowledgeSearchOptions): Promise<KnowledgeSearchResult> {
  const language = options.language ?? DEFAULT_LANGUAGE;
  const analyzer = analyzerFor(language);
  const decompound = LANGUAGE_RESOURCES[language].decompound ?? false;
  const concepts = buildConcepts(analyzer, question, synonymsFor(analyzer, options.synonyms));
  if (concepts.length === 0) return { candidates: [], unknownShare: 1, empty: true };
  if (options.knowledge.analyzer !== analyzer.signature) throw new Error(`knowledge snapshot of analyser ${options.knowledge.analyzer}, not ${analyzer.signature}`);
  const stats = termStatsOf(options.knowledge, termsToLookUp(analyzer, concepts, decompound));
  const vocabulary = vocabularyOf(options.knowledge, typoPrefixes(concepts, stats));
  for (const [term, df] of vocabulary) if (!stats.frequencies.has(term)) stats.frequencies.set(term, df);
  const plan = resolvePlan(analyzer, concepts, stats, decompound);
  const rows = await scoreEntries(tx, analyzer.signature, termsToScore(plan, stats), stats, options.limit);
  const candidates: KnowledgeSource[] = rows.map((row) => ({
    id: row.id,
    entryKey: row.entryKey,
    contentType: row.contentType,
    title: row.title,
    content: row.content,
    alternativeQuestions: row.alternativeQuestions,
    score: row.score,
    coverage: coverageOf(plan, row.concepts, row.conceptWeights),
  }));
  const totalIdf = plan.conceptIdf.reduce((a, b) => a + b, 0);
  const unknownIdf = plan.concepts.reduce((sum, c, i) => (plan.terms.some((t) => t.concept === c.id) ? sum : sum + plan.conceptIdf[i]!), 0);
  return { candidates, unknownShare: totalIdf > 0 ? unknownIdf / totalIdf : 1, empty: false };
}
