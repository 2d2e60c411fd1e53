import { DateTimeScalar, isoText } from './date-time-scalar';

describe('DateTimeScalar', () => {
  it('writes the text toISOString writes, across years, months, leap days and milliseconds', () => {
    const step = 86_400_000 * 3.77 + 3_723_011; // not a whole number of days, hours or seconds
    // Compared in a loop and asserted once: ~ 870,000 expect() calls took a minute of the suite.
    const differing: string[] = [];
    let compared = 0;
    for (let time = Date.UTC(1000, 0, 1); time < Date.UTC(9999, 11, 31); time += step) {
      const date = new Date(time);
      if (isoText(date) !== date.toISOString()) differing.push(date.toISOString());
      compared += 1;
    }
    expect(compared).toBeGreaterThan(800_000);
    expect(differing.slice(0, 5)).toEqual([]);
    for (const text of ['2024-02-29T23:59:59.999Z', '1970-01-01T00:00:00.000Z', '1969-12-31T23:59:59.001Z', '0999-12-31T23:59:59.999Z', '+010000-01-01T00:00:00.000Z']) {
      expect(isoText(new Date(text))).toBe(text);
    }
  });

  it('writes the same text when instants of a few hours come in turn (its per-hour part is reused)', () => {
    const hours = [Date.UTC(2026, 10, 28, 7), Date.UTC(2026, 10, 28, 11), Date.UTC(1969, 11, 31, 23), Date.UTC(2024, 1, 29, 23), Date.UTC(9999, 11, 31, 23)];
    for (let i = 0; i < 5_000; i++) {
      const date = new Date(hours[i % hours.length]! + ((i * 7_919_993) % 3_600_000));
      expect(isoText(date)).toBe(date.toISOString());
    }
  });

  it('serialises Dates, ISO strings and timestamps as graphql-scalars did, and refuses an invalid Date', () => {
    expect(DateTimeScalar.serialize(new Date('2026-11-28T07:30:52.669Z'))).toBe('2026-11-28T07:30:52.669Z');
    expect(DateTimeScalar.serialize('2026-11-28T08:30:52.669+01:00')).toBe('2026-11-28T07:30:52.669Z');
    expect(DateTimeScalar.serialize(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(() => DateTimeScalar.serialize(new Date(Number.NaN))).toThrow('invalid Date');
  });
});
