/** The languages a tenant's assistant can analyse (the `assistant` configuration's `language`). */
export const LANGUAGES = ['en', 'fr', 'de', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'en';

/**
 * What the analyser needs to know about one language. Word lists are written as visitors type
 * (accents allowed); the analyser folds them the same way it folds text.
 */
export interface LanguageResources {
  /** The Snowball algorithm (snowball-stemmers) for this language. */
  stemmer: 'english' | 'french' | 'german' | 'spanish';
  /** Snowball's stop word list for the language (the one PostgreSQL ships), space separated. */
  stopWords: string;
  /**
   * Chat filler: words that carry no topic in a customer-service chat (greetings, politeness,
   * "I'd like to know"), space separated. General chat language, never one business's vocabulary.
   */
  filler: string;
  /** Filler phrases removed before tokenising ("changed my mind", "good morning"). */
  fillerPhrases: string[];
  /** Elided articles and pronouns glued to the next word by an apostrophe (French "l'", "qu'"). */
  elisions?: string[];
  /** Words written apart or together ("log in" / "login"): the pair is indexed as one term. */
  joins: string[];
  /**
   * "ae", "oe", "ue" stand for "ä", "ö", "ü" (German keyboards without umlauts, Swiss spelling):
   * folded to "a", "o", "u" like the accented letters, except after a vowel or "q" (Feuer, Quelle).
   */
  umlautDigraphs?: boolean;
  /**
   * Words that join two questions in one message ("… and how long does it take"): the built-in
   * responder decides each part on its own (src/assistant/question-parts.ts).
   */
  conjunctions: string[];
  /** Split unknown compound words of a question into words the knowledge base knows (German). */
  decompound?: boolean;
  /**
   * Customer-service synonyms: each group is interchangeable in a visitor's question. Curated for any
   * small business (delivery, price, refund, booking …), not for one knowledge base.
   */
  synonyms: string[][];
}
