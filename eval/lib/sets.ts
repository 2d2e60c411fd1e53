import fs from 'node:fs';
import path from 'node:path';
import { LANGUAGES, type Language } from '../../src/assistant/retrieval/languages/language';

/** A business's knowledge base (eval/faq/<business>/kb.json). */
export interface EvalKnowledgeBase {
  business: string;
  language: Language;
  country: string;
  systemPrompt: string;
  entries: Array<{ id: string; title: string; content: string }>;
}

/** One labelled visitor question; `expected: null` = not covered, must be handed off. */
export interface EvalQuestion {
  question: string;
  expected: string | null;
  alsoAcceptable?: string[];
  tags: string[];
}

export const INTENTS = ['pricing', 'demo', 'contact', 'support', 'purchase'] as const;

/** One labelled visitor message for lead capture. */
export interface EvalLeadMessage {
  message: string;
  language: Language;
  country: string;
  intents: string[];
  email: string | null;
  phone: string | null;
}

/** `dev`: an optional extra set written after the split for tuning rounds (eval/leads/dev.jsonl). */
export type Split = 'tuning' | 'heldout' | 'dev';
/** The two halves every full run reports (and eval/RESULTS.md holds). */
export const SPLITS: Split[] = ['tuning', 'heldout'];
const ALL_SPLITS: Split[] = [...SPLITS, 'dev'];

export interface EvalBusiness {
  name: string;
  kb: EvalKnowledgeBase;
  questions: Record<Split, EvalQuestion[]>;
}

function readJsonl<T>(file: string): T[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line, i) => {
      try {
        return JSON.parse(line) as T;
      } catch {
        throw new Error(`${path.basename(path.dirname(file))}/${path.basename(file)} line ${i + 1} is not JSON`);
      }
    });
}

/** Loads every business under <root>/faq and the lead sets under <root>/leads (a missing file is empty). */
export function loadSets(root: string): { businesses: EvalBusiness[]; leads: Record<Split, EvalLeadMessage[]> } {
  const faqRoot = path.join(root, 'faq');
  const names = fs.existsSync(faqRoot) ? fs.readdirSync(faqRoot).filter((n) => fs.existsSync(path.join(faqRoot, n, 'kb.json'))).sort() : [];
  const businesses = names.map((name) => {
    const kb = JSON.parse(fs.readFileSync(path.join(faqRoot, name, 'kb.json'), 'utf8')) as EvalKnowledgeBase;
    if (!LANGUAGES.includes(kb.language)) throw new Error(`${name}: unknown language ${kb.language}`);
    const questions = Object.fromEntries(ALL_SPLITS.map((split) => [split, readJsonl<EvalQuestion>(path.join(faqRoot, name, `${split}.jsonl`))]));
    return { name, kb, questions: questions as Record<Split, EvalQuestion[]> };
  });
  const leads = Object.fromEntries(ALL_SPLITS.map((split) => [split, readJsonl<EvalLeadMessage>(path.join(root, 'leads', `${split}.jsonl`))]));
  return { businesses, leads: leads as Record<Split, EvalLeadMessage[]> };
}
