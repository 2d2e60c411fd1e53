import type { ConfigurationData } from '../../modules/configurations/configuration.schemas';
import { foldText } from '../retrieval/analyzer';
import { LANGUAGES, type Language } from '../retrieval/languages/language';
import { INTENT_CUES } from './intent-cues';

export interface IntentDefinition {
  name: string;
  keywords: string[];
}

/**
 * The built-in intents with their cues in every language: a visitor may write in another language
 * than the tenant's, and the cue lists barely overlap, so all of them are used.
 */
export const DEFAULT_INTENTS: IntentDefinition[] = Object.entries(INTENT_CUES).map(([name, byLanguage]) => ({
  name,
  keywords: LANGUAGES.flatMap((language: Language) => byLanguage[language]),
}));

/** Folded like the text: lower case, no accents, apostrophes and hyphens as spaces. */
function foldCue(text: string): string {
  return foldText(text).replace(/['\-]/g, ' ').replace(/\s+/g, ' ').trim();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// Compiled once per keyword: every visitor message is tested against hundreds of them. Stateless
// (no `g` flag), so sharing is safe; tenants' own keyword lists keep the cache bounded but not fixed.
const patterns = new Map<string, RegExp>();

/**
 * Matches a keyword as whole words on folded text, tolerant of extra spaces inside phrases and of
 * the common inflections of a last word of 4+ letters (discount → discounts, upgrade → upgrading).
 */
function keywordPattern(keyword: string): RegExp {
  let pattern = patterns.get(keyword);
  if (!pattern) {
    if (patterns.size >= 10_000) patterns.clear();
    const words = foldCue(keyword).split(' ').map(escapeRegExp);
    const last = words.at(-1) ?? '';
    if (/^\p{L}{4,}$/u.test(last)) words[words.length - 1] = `${last.replace(/e$/, '')}(?:${last.endsWith('e') ? 'e|' : ''}s|es|ed|d|ing|ings)?`;
    const body = words.join('\\s+');
    pattern = new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'u');
    patterns.set(keyword, pattern);
  }
  return pattern;
}

/** The tenant's intents: its own list, or the built-in ones, plus its extra cues. */
export function intentDefinitions(config: ConfigurationData<'lead_capture'>): IntentDefinition[] {
  const base = (config.intents ?? DEFAULT_INTENTS).map((intent) => ({ ...intent, keywords: [...intent.keywords] }));
  for (const extra of config.extraIntents ?? []) {
    const existing = base.find((intent) => intent.name === extra.name);
    if (existing) existing.keywords.push(...extra.keywords);
    else base.push({ ...extra, keywords: [...extra.keywords] });
  }
  return base;
}

/** The intents whose cues appear in `text` (accent- and case-insensitive), in definition order. */
export function detectIntents(text: string, config: ConfigurationData<'lead_capture'>): string[] {
  const folded = foldCue(text);
  return intentDefinitions(config)
    .filter((intent) => intent.keywords.some((k) => keywordPattern(k).test(folded)))
    .map((i) => i.name);
}
