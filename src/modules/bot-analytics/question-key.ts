import { analyzerFor, foldText } from '../../assistant/retrieval/analyzer';
import { DEFAULT_LANGUAGE, type Language } from '../../assistant/retrieval/languages';
import { truncateText } from '../../lib/storable-text';

/** The stored column is VARCHAR(200). */
export const QUESTION_KEY_MAX_LENGTH = 200;

/**
 * The key that makes near-duplicate questions one group in `unansweredQuestions`: the question's
 * analysed terms (the retrieval analyser of the tenant's language: folding, filler and stop words
 * dropped, Snowball stems), each once, sorted. "How do I reset my password?" and "password reset
 * please" share `password reset`. Deterministic and cheap, so it is stored with the answer when it
 * is made, and recomputed the same way when an operator rates an answer or teaches a question.
 * A question with no searchable word keeps its folded text, so "???" and "hello" do not merge.
 */
export function questionKey(question: string, language: Language = DEFAULT_LANGUAGE): string {
  const terms = [...new Set(analyzerFor(language).terms(question))].sort();
  const key = terms.length > 0 ? terms.join(' ') : foldText(question).replace(/\s+/g, ' ').trim();
  return truncateText(key, QUESTION_KEY_MAX_LENGTH);
}
