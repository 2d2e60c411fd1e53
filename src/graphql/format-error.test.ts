import 'reflect-metadata';
import { formatError } from './format-error';
import { decodeCursor, encodeCursor, pageRequest } from './pagination';

describe(formatError.name, () => {
  it('keeps client errors and drops their stack traces', () => {
    const formatted = formatError({ message: 'input.intent: bad', extensions: { code: 'BAD_USER_INPUT', stacktrace: ['at x'] } });
    expect(formatted).toEqual({ message: 'input.intent: bad', extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('masks anything else', () => {
    const formatted = formatError({
      message: 'duplicate key value violates unique constraint "leads_pkey"',
      path: ['createLead'],
      extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at pg'] },
    });
    expect(formatted).toEqual({ message: 'Internal server error', path: ['createLead'], locations: undefined, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });
});

describe(pageRequest.name, () => {
  it('round-trips cursors with microsecond timestamps and refuses forged ones', () => {
    const cursor = { key: '2026-11-24 23:43:27.747123+00', id: '6dca3c31-85f0-472a-b39e-8d4ee040c5c8' };
    expect(decodeCursor(encodeCursor(cursor), 'after')).toEqual(cursor);
    const forged = Buffer.from(JSON.stringify(["now(); drop table leads", cursor.id])).toString('base64url');
    expect(() => decodeCursor(forged, 'after')).toThrow('after: is not a valid cursor');
  });

  it('defaults to 20 forward and caps at 100', () => {
    expect(pageRequest({})).toEqual({ direction: 'forward', limit: 20, cursor: null });
    expect(pageRequest({ last: 5 })).toMatchObject({ direction: 'backward', limit: 5 });
    expect(() => pageRequest({ first: 101 }, 'messages')).toThrow('messages.first: must be between 1 and 100');
  });
});
