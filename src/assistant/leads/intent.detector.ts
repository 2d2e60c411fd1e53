import type { ConfigurationData } from '../../modules/configurations/configuration.schemas';

export interface IntentDefinition {
  name: string;
  keywords: string[];
}

/** Used when the tenant's lead_capture configuration sets no `intents`; a tenant list replaces them. */
export const DEFAULT_INTENTS: IntentDefinition[] = [
  {
    name: 'pricing',
    keywords: ['price', 'prices', 'pricing', 'cost', 'costs', 'how much', 'quote', 'plans', 'subscription', 'fee', 'fees'],
  },
  { name: 'demo', keywords: ['demo', 'demonstration', 'trial', 'walkthrough', 'see it in action', 'book a call'] },
  {
    name: 'contact',
    keywords: ['contact me', 'call me', 'email me', 'reach me', 'get in touch', 'call back', 'callback', 'sales team'],
  },
  {
    name: 'support',
    keywords: ['need help', 'problem', 'issue', 'broken', 'not working', "doesn't work", 'error', 'bug', 'refund', 'support'],
  },
  {
    name: 'purchase',
    keywords: ['buy', 'purchase', 'place an order', 'order now', 'checkout', 'sign up', 'signup', 'subscribe', 'upgrade'],
  },
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// Compiled once per keyword: every visitor message is tested against dozens of them. Stateless
// (no `g` flag), so sharing is safe; tenants' own keyword lists keep the cache bounded but not fixed.
const patterns = new Map<string, RegExp>();

/** Matches a keyword as whole words, case-insensitively, tolerant of extra spaces inside phrases. */
function keywordPattern(keyword: string): RegExp {
  let pattern = patterns.get(keyword);
  if (!pattern) {
    if (patterns.size >= 10_000) patterns.clear();
    const body = keyword.trim().split(/\s+/).map(escapeRegExp).join('\\s+');
    pattern = new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'iu');
    patterns.set(keyword, pattern);
  }
  return pattern;
}

/** The intents whose keywords appear in `text`, in configuration order, each at most once. */
export function detectIntents(text: string, config: ConfigurationData<'lead_capture'>): string[] {
  const intents = config.intents ?? DEFAULT_INTENTS;
  const normalized = text.replace(/[’‘]/g, "'");
  return intents.filter((intent) => intent.keywords.some((k) => keywordPattern(k).test(normalized))).map((i) => i.name);
}
