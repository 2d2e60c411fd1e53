const PERSON = String.raw`(?:a\s+|an\s+|the\s+|some\s+|real\s+|live\s+|actual\s+)*(?:human(?:\s+being)?|person|agent|operator|representative|rep|someone|somebody|staff|employee|support\s+agent|customer\s+service)`;

/**
 * Phrasings of "I want a human". Deliberately narrow: a false positive silences the bot for the
 * whole conversation, so a bare mention of "agent" or "person" is not enough.
 */
const HANDOFF_PATTERNS: RegExp[] = [
  new RegExp(String.raw`\b(?:talk|speak|chat|connect|transfer|put)\s+(?:me\s+)?(?:to|with|through\s+to)\s+${PERSON}\b`, 'i'),
  new RegExp(String.raw`\b(?:want|need|like|get)\s+(?:to\s+(?:talk|speak|chat)\s+(?:to|with)\s+)?${PERSON}\b(?!\s+(?:to|who|that)\b)`, 'i'),
  /\b(?:human|agent|operator|real person)\s*,?\s*please\b/i,
  /\bare\s+you\s+(?:a\s+)?(?:bot|robot)\b.*\b(?:human|person)\b/i,
  /^\s*(?:human|agent|operator|representative)\s*[.!?]*\s*$/i,
];

/** True when the visitor asks to talk to a human. */
export function isHandoffRequest(text: string): boolean {
  return HANDOFF_PATTERNS.some((pattern) => pattern.test(text));
}
