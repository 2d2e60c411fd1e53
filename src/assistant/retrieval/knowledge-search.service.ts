import type { RawBuilder } from 'kysely';
import type { TenantTx } from '../../db/tenant-transaction';
import type { KnowledgeSource } from '../assistant.types';
import { analyzerFor } from './analyzer';
import { ensureIndexed } from './indexer';
import { DEFAULT_LANGUAGE, LANGUAGE_RESOURCES, type Language } from './languages';
import { lookupTermStats, lookupVocabulary, scoreEntries } from './lexical.repository';
import { buildConcepts, coverageOf, resolvePlan, termsToLookUp, termsToScore, typoPrefixes } from './query-plan';
import { synonymsFor } from './synonyms';

export interface KnowledgeSearchOptions<A = never> {
  language?: Language;
  /** The tenant's own synonym groups (the `assistant` configuration). */
  synonyms?: readonly (readonly string[])[];
  /** How many ranked candidates to return. */
  limit: number;
  /** A value the caller needs from the same transaction, read in the search's first statement (lookupTermStats). */
  alongside?: RawBuilder<A>;
}

export interface KnowledgeSearchResult<A = never> {
  /** Best first (BM25F). */
  candidates: KnowledgeSource[];
  /** Share of the question's idf mass that the KB does not know at all (0 = every word known). */
  unknownShare: number;
  /** The question had no searchable word (only filler and stop words). */
  empty: boolean;
  /** What `alongside` read; absent when the search ran no statement (an empty question). */
  alongside?: A;
}

/**
 * Ranks the tenant's active FAQ and custom entries for a question, in the tenant's language:
 * 1. analyse the question into concepts (a word and its synonyms);
 * 2. one statement: the corpus figures and the document frequency of every term the concepts may
 *    need; when it shows active entries not indexed with this analyser, index them first (after a
 *    language change, an analyser update, or rows written by other means);
 * 3. for words the KB does not know, its vocabulary sharing their first letters (typo candidates);
 * 4. resolve typos and compounds, weigh each concept by its idf in this KB;
 * 5. BM25F in SQL, ties broken by title and entry key.
 * Everything runs in the caller's tenant transaction; RLS keeps it to that tenant.
 */
export async function searchKnowledge<A = never>(
  tx: TenantTx,
  tenantId: string,
  question: string,
  options: KnowledgeSearchOptions<A>,
): Promise<KnowledgeSearchResult<A>> {
  const language = options.language ?? DEFAULT_LANGUAGE;
  const analyzer = analyzerFor(language);
  const decompound = LANGUAGE_RESOURCES[language].decompound ?? false;
  const concepts = buildConcepts(analyzer, question, synonymsFor(analyzer, options.synonyms));
  if (concepts.length === 0) return { candidates: [], unknownShare: 1, empty: true };
  const terms = termsToLookUp(analyzer, concepts, decompound);
  let stats = await lookupTermStats(tx, analyzer.signature, terms, options.alongside);
  const { alongside } = stats;
  if (stats.documents < stats.active) {
    await ensureIndexed(tx, tenantId, analyzer);
    stats = await lookupTermStats(tx, analyzer.signature, terms);
  }
  const vocabulary = await lookupVocabulary(tx, typoPrefixes(concepts, stats));
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
  return { candidates, unknownShare: totalIdf > 0 ? unknownIdf / totalIdf : 1, empty: false, ...(options.alongside && { alongside }) };
}
