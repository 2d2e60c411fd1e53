import { sql } from 'kysely';
import { instantDate, instantText, jsonInstant, type JsonInstant } from '../../src/db/json';
import { useTestDatabase } from '../setup/database';

const testDb = useTestDatabase();

// Microsecond edges (.000000, .000001, .5, .999999), both ends of 1900–2099 where the float8 is read,
// and instants outside it, which travel as text.
const INSTANTS = [
  '2026-11-28 13:47:39+00',
  '2026-11-28 13:47:39.000001+00',
  '2026-11-28 13:47:39.5+00',
  '2026-11-28 13:47:39.999999+00',
  '1970-01-01 00:00:00+00',
  '1969-12-31 23:59:59.999999+00',
  '1900-01-01 00:00:00.000001+00',
  '2099-12-31 23:59:59.999999+00',
  '1899-12-31 23:59:59.999999+00',
  '2100-01-01 00:00:00+00',
  '0001-01-01 00:00:00.123456+00',
  '9999-12-31 23:59:59.999999+00',
];

describe('jsonInstant', () => {
  it('gives back each instant exactly: the text PostgreSQL prints and the Date of its milliseconds', async () => {
    // And 2,000 instants spread over 1900–2099, each with its own microseconds.
    // The Date's milliseconds as PostgreSQL computes them exactly (numeric), not as a driver parses them.
    const { rows } = await sql<{ instant: JsonInstant; text: string; ms: string }>`
      select json_build_array(${jsonInstant(sql.ref('t'))}) as instant, t::text as text, floor(extract(epoch from t) * 1000)::int8::text as ms
        from (select unnest(${INSTANTS}::timestamptz[]) as t
              union all
              select timestamptz '1900-01-01 00:00:00+00' + i * interval '3155695 seconds' + (i * 7919 % 1000000) * interval '1 microsecond'
                from generate_series(0, 1999) as i) as instants`.execute(testDb.db);
    expect(rows.length).toBe(INSTANTS.length + 2000);
    for (const { instant, text, ms } of rows) {
      expect(instantText(...instant)).toBe(text);
      expect(instantDate(...instant).getTime()).toBe(Number(ms));
    }
  });
});
