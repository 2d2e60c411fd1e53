import type { QuestionOutcome } from './faq-eval';
import type { LeadOutcome } from './lead-eval';

export interface FaqFigures {
  questions: number;
  covered: number;
  uncovered: number;
  /** Right entry sent, share of covered questions. */
  right: number;
  /** Wrong entry sent (covered or not), share of ALL questions. */
  wrong: number;
  /** Uncovered questions handed off, share of uncovered. */
  uncoveredHandedOff: number;
  /** LLM path: an acceptable entry among the prompt's facts, share of covered (whole KB / ranked). */
  factsWhole: number;
  factsRanked: number;
}

const share = (part: number, whole: number) => (whole === 0 ? NaN : part / whole);

export function faqFigures(outcomes: QuestionOutcome[]): FaqFigures {
  const covered = outcomes.filter((o) => o.covered);
  const uncovered = outcomes.filter((o) => !o.covered);
  return {
    questions: outcomes.length,
    covered: covered.length,
    uncovered: uncovered.length,
    right: share(covered.filter((o) => o.result === 'right').length, covered.length),
    wrong: share(outcomes.filter((o) => o.result === 'wrong').length, outcomes.length),
    uncoveredHandedOff: share(uncovered.filter((o) => o.result === 'handoff').length, uncovered.length),
    factsWhole: share(covered.filter((o) => o.inFactsWhole).length, covered.length),
    factsRanked: share(covered.filter((o) => o.inFactsRanked).length, covered.length),
  };
}

export interface LeadFigures {
  messages: number;
  fullyRight: number;
  intents: number;
  email: number;
  phone: number;
}

export function leadFigures(outcomes: LeadOutcome[]): LeadFigures {
  return {
    messages: outcomes.length,
    fullyRight: share(outcomes.filter((o) => o.intentsRight && o.emailRight && o.phoneRight).length, outcomes.length),
    intents: share(outcomes.filter((o) => o.intentsRight).length, outcomes.length),
    email: share(outcomes.filter((o) => o.emailRight).length, outcomes.length),
    phone: share(outcomes.filter((o) => o.phoneRight).length, outcomes.length),
  };
}

export const TARGETS = { right: 0.85, wrong: 0.03, uncoveredHandedOff: 0.95, factsRanked: 0.98, factsWhole: 0.98, leads: 0.9 } as const;

export const pct = (value: number) => (Number.isNaN(value) ? '–' : `${(value * 100).toFixed(1)} %`);
