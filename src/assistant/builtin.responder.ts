import type { AssistantHandoffReason, KnowledgeSource } from './assistant.types';

/**
 * When the built-in responder sends an FAQ answer. Calibrated on the labelled tuning sets in eval/
 * (`npm run eval -- --calibrate`), choosing the most right answers with wrong answers kept rare:
 * a visitor who gets a wrong answer is worse off than one who waits for a person.
 */
export interface ConfidenceThresholds {
  minConfidence: number;
  minCoverage: number;
  noAnswerCoverage: number;
  /** How much the margin over the next FAQ counts in the confidence (0: not at all, 1: fully). */
  marginWeight: number;
}

export const CONFIDENCE_THRESHOLDS: ConfidenceThresholds = {
  /** Least confidence (coverage scaled by the margin over the next FAQ) to answer. */
  minConfidence: 0.25,
  /** Least share of the question's idf mass the best FAQ must match. */
  minCoverage: 0.525,
  /** Below this coverage the KB simply does not have it: `no_answer` rather than `low_confidence`. */
  noAnswerCoverage: 0.25,
  /** Calibrated on the tuning sets (2026-11-28): the margin counts fully. */
  marginWeight: 1,
};

export interface BuiltinDecision {
  /** The FAQ to send, or null (hand off). */
  entry: KnowledgeSource | null;
  /** The best FAQ's confidence (0..1), 0 when there is none. */
  confidence: number;
  handoffReason: Extract<AssistantHandoffReason, 'no_answer' | 'low_confidence'> | null;
}

/**
 * Confidence in the best FAQ: the share of the question it matches (idf mass), scaled by how far
 * it stands above the next FAQ: `coverage × (1 − w + w × margin)`, margin = 1 − second/best score,
 * w = marginWeight. Two equal entries leave 1 − w of it, so an ambiguous question goes to a person.
 */
export function confidenceOf(best: KnowledgeSource, next: KnowledgeSource | undefined, marginWeight = CONFIDENCE_THRESHOLDS.marginWeight): number {
  const margin = next && best.score > 0 ? Math.max(0, 1 - next.score / best.score) : 1;
  return best.coverage * (1 - marginWeight + marginWeight * margin);
}

/** The built-in responder's decision over ranked candidates: only FAQ entries can be sent. */
export function decideBuiltin(candidates: KnowledgeSource[], thresholds: ConfidenceThresholds = CONFIDENCE_THRESHOLDS): BuiltinDecision {
  const faqs = candidates.filter((c) => c.contentType === 'faq');
  const best = faqs[0];
  if (!best) return { entry: null, confidence: 0, handoffReason: 'no_answer' };
  const confidence = confidenceOf(best, faqs[1], thresholds.marginWeight);
  if (best.coverage >= thresholds.minCoverage && confidence >= thresholds.minConfidence) {
    return { entry: best, confidence, handoffReason: null };
  }
  return { entry: null, confidence, handoffReason: best.coverage < thresholds.noAnswerCoverage ? 'no_answer' : 'low_confidence' };
}

/**
 * A message asking two or three things: answered part by part only when every part on its own
 * passes the same thresholds; then each distinct entry once, in the order asked. Null when a part
 * is unsure (the whole message is then decided as one question).
 */
export function decideBuiltinParts(
  partCandidates: KnowledgeSource[][],
  thresholds: ConfidenceThresholds = CONFIDENCE_THRESHOLDS,
): { entries: KnowledgeSource[]; confidence: number } | null {
  const decisions = partCandidates.map((candidates) => decideBuiltin(candidates, thresholds));
  if (decisions.length < 2 || decisions.some((decision) => !decision.entry)) return null;
  const entries = [...new Map(decisions.map(({ entry }) => [entry!.id, entry!])).values()];
  return { entries, confidence: Math.min(...decisions.map((decision) => decision.confidence)) };
}
