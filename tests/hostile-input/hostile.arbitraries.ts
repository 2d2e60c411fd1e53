import fc from 'fast-check';

/**
 * Generators of the values an attacker (or a broken client) sends: NUL bytes, lone UTF-16
 * surrogates, very long strings, odd Unicode, SQL and LIKE metacharacters, numbers at and past every
 * limit, impossible timestamps and forged cursors.
 */

const NASTY_UNITS = ['\u0000', '\ud800', '\udfff', '\ud83d', '%', '_', '\\', "'", '"', '\u202e', '\ufeff', '\u0301', '\n', '\t', ' ', '😀', 'ß', 'İ', '日'];

/** One UTF-16 code unit at a time: lone surrogates included. */
const codeUnit = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_UNITS) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) },
  { weight: 5, arbitrary: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789 '.split('')) },
);

export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'before\u0000after',
  '\ud800',
  'lone \udc00 low',
  'pair \ud83d\ude00 ok',
  "'; drop table tenants; --",
  "' or '1'='1",
  '%',
  '%%__\\%',
  '_',
  '\\',
  '$1',
  '{"a":1}',
  'null',
  'NaN',
  'Infinity',
  '-1e999',
  '9'.repeat(400),
  '<script>alert(1)</script>',
  '\u202egnp.exe',
  'ﷺ𝕳𝖊𝖑𝖑𝖔 Zalgơ̸̢͓',
  'x'.repeat(101),
  'x'.repeat(256),
  'x'.repeat(5_001),
  'x'.repeat(10_001),
  'x'.repeat(100_001),
  'word '.repeat(3_000),
  'a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p-q-r-s-t-u-v-w-x-y-z-'.repeat(40),
  'ada@example.com',
  `${'e'.repeat(300)}@example.com`,
  'session_00000000-0000-0000-0000-000000000000',
  '00000000-0000-0000-0000-000000000000',
  '2026-13-45T25:61:61Z',
  // Emoji (surrogate pairs) across every length limit: a cut by code units lands inside a pair at every
  // even limit in the first, every odd one in the second.
  `x${'😀'.repeat(300)}`,
  '😀'.repeat(300),
  `x${'😀'.repeat(3_000)}`,
];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 4, arbitrary: fc.string({ unit: codeUnit, maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: codeUnit, minLength: 200, maxLength: 400 }) },
);

export const hostileInt: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -1, 1, 100, 101, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, 2 ** 53, -(2 ** 53), 1e308),
  fc.integer(),
);

export const hostileFloat: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -0, 0.5, -1, 2.0001, 1e-320, 1e308, -1e308, 8193),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

const TIMESTAMPS = [
  '9999-99-99 99:99:99+00',
  '2026-02-30 00:00:00+00',
  '2026-13-01 00:00:00+00',
  '0000-01-01 00:00:00+00',
  '2026-01-01 24:00:00+00',
  '2026-01-01 23:59:60+00',
  '2026-01-01 00:00:00+99',
  '2026-01-01 00:00:00.1234567+00',
  '2026-01-01 00:00:00+00:99',
  '2026-11-27 10:00:00.123456+00',
];

const uuid = fc.uuid();

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Cursors: forged ones with impossible timestamps, malformed ones, and garbage. */
export const hostileCursor: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(fc.constantFrom(...TIMESTAMPS), uuid).map((pair) => base64url(pair)),
  fc.tuple(hostileString, hostileString).map((pair) => base64url(pair)),
  fc.jsonValue().map((value) => base64url(value)),
  hostileString,
);

/** DateTime arguments: the scalar's edge cases, impossible dates and plain junk. */
export const hostileDateTime: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '9999-12-31T23:59:59.999Z',
    '0000-01-01T00:00:00Z',
    '0001-01-01T00:00:00Z',
    '2026-02-30T00:00:00Z',
    '2026-02-29T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-01-01T24:00:00Z',
    '2026-01-01T00:00:00+23:59',
    '2026-01-01T00:00:00-23:59',
    '+275760-09-13T00:00:00Z',
    '1970-01-01T00:00:00.123456789Z',
  ),
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
  hostileString,
);

/** JSON objects with hostile keys and values, nested a little. */
export const hostileJsonObject: fc.Arbitrary<Record<string, unknown>> = fc.letrec<{ value: unknown; object: Record<string, unknown> }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    hostileFloat,
    fc.boolean(),
    fc.constant(null),
    tie('object'),
    fc.array(tie('value'), { maxLength: 3 }),
  ),
  object: fc.dictionary(fc.oneof(hostileString, fc.constantFrom('email', 'phone', 'name', 'model', 'temperature', 'maxTokens', 'intents', 'botName')), tie('value'), {
    maxKeys: 4,
  }),
})).object;
