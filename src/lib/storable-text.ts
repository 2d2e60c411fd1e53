/**
 * What PostgreSQL cannot store: a NUL byte in text (SQLSTATE 22021) or in a jsonb string (22P05), and a
 * lone UTF-16 surrogate, which jsonb refuses (22P02) and pg silently turns into U+FFFD in text. The
 * GraphQL edge refuses such strings (graphql/input-policy.ts); webhook bodies, which a platform would
 * retry forever, get them replaced (webhooks/inbound-normalisation.ts).
 */

export type TextProblem = 'nul' | 'lone-surrogate';

const NUL = '\u0000';
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export const REPLACEMENT_CHARACTER = '\ufffd';

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

/** How deep a JSON value may nest before it is refused (walkers here and JSON.stringify recurse). */
export const MAX_JSON_DEPTH = 32;

/**
 * A parsed JSON value with every string (object keys included) made storable. Returns null when the
 * value nests deeper than MAX_JSON_DEPTH.
 */
export function toStorableJson(value: unknown): { value: unknown; replaced: number } | null {
  let replaced = 0;
  const fix = (text: string) => {
    const result = toStorableText(text);
    replaced += result.replaced;
    return result.text;
  };
  const walk = (node: unknown, depth: number): unknown => {
    if (depth > MAX_JSON_DEPTH) throw tooDeep;
    if (typeof node === 'string') return fix(node);
    if (Array.isArray(node)) return node.map((item) => walk(item, depth + 1));
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([key, item]) => [fix(key), walk(item, depth + 1)]));
    }
    return node;
  };
  try {
    const fixed = walk(value, 0);
    return { value: fixed, replaced };
  } catch (error) {
    if (error === tooDeep) return null;
    throw error;
  }
}

const tooDeep = Symbol('too deep');
