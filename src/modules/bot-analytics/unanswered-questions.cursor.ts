import { badUserInput } from '../../lib/errors';
import { QUESTION_KEY_MAX_LENGTH } from './question-key';
import type { UnansweredCursor } from './unanswered-questions.repository';

export function encodeUnansweredCursor(cursor: UnansweredCursor): string {
  return Buffer.from(JSON.stringify([cursor.count, cursor.key])).toString('base64url');
}

/** Decodes a cursor this API issued; anything else is BAD_USER_INPUT naming the argument. */
export function decodeUnansweredCursor(value: string, field: string): UnansweredCursor {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2) {
      const [count, key] = parsed as unknown[];
      if (Number.isSafeInteger(count) && (count as number) > 0 && typeof key === 'string' && key.length <= QUESTION_KEY_MAX_LENGTH && !key.includes('\u0000')) {
        return { count: count as number, key };
      }
    }
  } catch {
    // fall through to the error below
  }
  throw badUserInput(field, 'is not a valid cursor');
}
