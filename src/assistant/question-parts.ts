import { analyzerFor, foldText } from './retrieval/analyzer';
import { LANGUAGE_RESOURCES, type Language } from './retrieval/languages';

const MAX_PARTS = 3;

const escapeRegExp = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The questions a visitor put in one message: split at question marks, line breaks and the
 * language's joining words ("do you deliver to Belgium and how long does it take?"). Parts with no
 * searchable word ("thanks!") are dropped. Empty unless there are two or three parts: a longer
 * message is more likely context than a list of questions.
 */
export function questionParts(question: string, language: Language): string[] {
  const analyzer = analyzerFor(language);
  const joining = LANGUAGE_RESOURCES[language].conjunctions.map((word) => escapeRegExp(foldText(word))).join('|');
  const separator = new RegExp(`[?？\\n]+|\\s(?:${joining})\\s`, 'u');
  const parts = foldText(question)
    .split(separator)
    .map((part) => part.trim())
    .filter((part) => analyzer.analyze(part).length > 0);
  return parts.length >= 2 && parts.length <= MAX_PARTS ? parts : [];
}
