/**
 * What PostgreSQL cannot store: a NUL byte in text (SQLSTATE 22021) or in a jsonb string (22P05), and a
 * lone UTF-16 surrogate, which jsonb refuses (22P02) and pg silently turns into U+FFFD in text. The
 * GraphQL edge refuses such strings (graphql/input-policy.ts); webhook bodies, which a platform would
 * retry forever, get them replaced (chat/webhooks/inbound-normalisation.ts).
 */

export type TextProblem = 'nul' | 'lone-surrogate';

const NUL = '\u0000';
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const REPLACEMENT_CHARACTER = '\ufffd';

export function textProblem(value: string): TextProblem | null {
  if (value.includes(NUL)) return 'nul';
  if (LONE_SURROGATE.test(value)) return 'lone-surrogate';
  return null;
}

export function describeTextProblem(problem: TextProblem): string {
  return problem === 'nul' ? 'must not contain a NUL character (U+0000)' : 'must be well-formed Unicode (it contains a lone UTF-16 surrogate)';
}

/** Replaces every NUL and lone surrogate with U+FFFD; `replaced` counts them. */
export function toStorableText(value: string): { text: string; replaced: number } {
  let replaced = 0;
  const text = value.replace(UNSTORABLE, () => {
    replaced += 1;
    return REPLACEMENT_CHARACTER;
  });
  return { text, replaced };
}

/** At most `max` UTF-16 code units, never ending on half of a surrogate pair. */
export function truncateText(value: string, max: number): string {
  if (value.length <= max) return value;
  const cut = value.slice(0, max);
  return /[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** How deep a JSON input may nest (the GraphQL policy refuses deeper ones; JSON.stringify recurses). */
export const MAX_JSON_DEPTH = 32;
