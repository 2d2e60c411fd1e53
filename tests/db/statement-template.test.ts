import { sql, type Compilable, type Kysely, type RawBuilder } from 'kysely';
import { jsonb } from '../../src/db/json';
import { statementTemplate } from '../../src/db/statement-template';
import { useTestDatabase } from '../setup/database';

const testDb = useTestDatabase();

/** What statementTemplate takes: the statement of a raw query. */
const compilable = <R>(db: Kysely<any>, query: RawBuilder<R>): Compilable<R> => ({ compile: () => query.compile(db) });
const isStandIn = (value: unknown) => typeof value === 'string' && /netia-template/i.test(value);

describe('statementTemplate', () => {
  it('builds a statement once per shape and runs it with the values of each run', async () => {
    let builtFromStandIns = 0;
    const statement = statementTemplate(
      (db: Kysely<any>, shape: { twice: boolean }, v: { text: string | null; doc: { [key: string]: unknown }; list: readonly string[]; count: number }) => {
        if (isStandIn(v.text)) builtFromStandIns += 1;
        return compilable(
          db,
          sql<{ text: string | null; doc: unknown; list: string[]; count: number; second: string | null }>`
            select ${v.text}::text as text, ${jsonb(v.doc)}::jsonb as doc, ${v.list}::text[] as list, ${v.count}::int as count,
                   ${shape.twice ? sql`${v.list[1] ?? null}::text` : sql`null::text`} as second`,
        );
      },
    );
    const db = testDb.db;
    const runs = [
      { text: 'one', doc: { a: [1, 'x'] }, list: ['p', 'q'], count: 1 },
      { text: "it's \u0001 two", doc: { b: null }, list: ['r', 's'], count: 1 },
      { text: null, doc: { c: true }, list: ['t', 'u'], count: 1 },
      { text: 'four', doc: {}, list: ['v', 'w', 'x'], count: 1 },
      { text: 'five', doc: { d: 5 }, list: ['y', 'z'], count: 2 },
    ];
    for (const twice of [false, true]) {
      for (const values of runs) {
        const { rows } = await statement(db, { twice }, values);
        expect(rows).toEqual([{ text: values.text, doc: values.doc, list: values.list, count: values.count, second: twice ? values.list[1] : null }]);
      }
    }
    // Per shape: a string, then a null text; lists of 2 and of 3; the counts 1 and 2.
    expect(builtFromStandIns).toBe(2 * 4);
  });

  it('refuses a value written into the SQL text, changed, or put inside another parameter', async () => {
    const inlined = statementTemplate((db: Kysely<any>, _: null, v: { name: string }) => compilable(db, sql`select ${sql.lit(v.name)} as n`));
    await expect(inlined(testDb.db, null, { name: 'a' })).rejects.toThrow('written into the SQL text');
    for (const change of [(name: string) => name.toUpperCase(), (name: string) => name.trim(), (name: string) => name.slice(0, 500)]) {
      const changed = statementTemplate((db: Kysely<any>, _: null, v: { name: string }) => compilable(db, sql`select ${change(v.name)} as n`));
      await expect(changed(testDb.db, null, { name: 'a' })).rejects.toThrow('changed before it became a parameter');
    }
    const wrapped = statementTemplate((db: Kysely<any>, _: null, v: { name: string }) => compilable(db, sql`select ${[v.name, 'b']}::text[] as n`));
    await expect(wrapped(testDb.db, null, { name: 'a' })).rejects.toThrow('inside another parameter');
  });

  it('under the tests, fails a run whose statement a value would have changed', async () => {
    const branching = statementTemplate((db: Kysely<any>, _: null, v: { name: string }) =>
      compilable(db, v.name === 'admin' ? sql`select 'all' as n` : sql`select ${v.name}::text as n`),
    );
    await expect(branching(testDb.db, null, { name: 'a' })).resolves.toMatchObject({ rows: [{ n: 'a' }] });
    await expect(branching(testDb.db, null, { name: 'admin' })).rejects.toThrow('differs from its statement');
  });
});
