import { decideBuiltin, CONFIDENCE_THRESHOLDS } from '../../src/assistant/builtin.responder';
import type { KnowledgeSource } from '../../src/assistant/assistant.types';
import type { QuestionOutcome } from './faq-eval';

export interface Calibration {
  marginWeight: number;
  minCoverage: number;
  minConfidence: number;
  right: number;
  wrong: number;
  uncoveredHandedOff: number;
}

function replay(outcomes: QuestionOutcome[], minCoverage: number, minConfidence: number, marginWeight: number): Calibration {
  let right = 0;
  let wrong = 0;
  let covered = 0;
  let uncoveredHandedOff = 0;
  for (const outcome of outcomes) {
    const candidates = outcome.candidates.map(
      (c, i): KnowledgeSource => ({ id: `${i}:${c.evalId}`, contentType: c.contentType, title: null, content: '', score: c.score, coverage: c.coverage }),
    );
    const decision = decideBuiltin(candidates, { ...CONFIDENCE_THRESHOLDS, minCoverage, minConfidence, marginWeight });
    const sent = decision.entry?.id.split(':')[1];
    if (outcome.covered) covered += 1;
    if (!sent) {
      if (!outcome.covered) uncoveredHandedOff += 1;
    } else if (outcome.acceptable.includes(sent)) right += 1;
    else wrong += 1;
  }
  const uncovered = outcomes.length - covered;
  return {
    minCoverage,
    minConfidence,
    marginWeight,
    right: covered ? right / covered : 0,
    wrong: outcomes.length ? wrong / outcomes.length : 0,
    uncoveredHandedOff: uncovered ? uncoveredHandedOff / uncovered : 1,
  };
}

/**
 * Grid search over the responder's thresholds on TUNING outcomes only: the most right answers with
 * wrong answers at most `maxWrong` of all questions and at least `minHandoff` of uncovered handed off.
 */
export function calibrate(tuning: QuestionOutcome[], maxWrong = 0.02, minHandoff = 0.96): Calibration[] {
  const always = replay(tuning, 0, 0, 0);
  console.log(`[eval] answering every question with the top FAQ: right ${(always.right * 100).toFixed(1)} % of covered, wrong ${(always.wrong * 100).toFixed(1)} % of all`);
  for (const [name, key] of [
    ['coverage then score', (c: QuestionOutcome['candidates'][number]) => c.coverage * 1000 + c.score],
    ['coverage x score', (c: QuestionOutcome['candidates'][number]) => c.coverage * c.score],
  ] as const) {
    const resorted = tuning.map((o) => ({ ...o, candidates: [...o.candidates].sort((a, b) => key(b) - key(a)) }));
    const r = replay(resorted, 0, 0, 0);
    console.log(`[eval] top FAQ by ${name}: right ${(r.right * 100).toFixed(1)} %`);
  }
  const results: Calibration[] = [];
  for (const w of [0, 0.2, 0.4, 0.6, 0.8, 1]) {
    for (let cov = 0.1; cov <= 0.951; cov += 0.025) {
      for (let conf = 0.05; conf <= 0.951; conf += 0.025) results.push(replay(tuning, Number(cov.toFixed(3)), Number(conf.toFixed(3)), w));
    }
  }
  return results
    .filter((r) => r.wrong <= maxWrong && r.uncoveredHandedOff >= minHandoff)
    .sort((a, b) => b.right - a.right || a.wrong - b.wrong || b.minConfidence - a.minConfidence)
    .slice(0, 5);
}
