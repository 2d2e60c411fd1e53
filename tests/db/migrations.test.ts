import { sql } from 'kysely';
import { migrateDown, migrateToLatest } from '../../src/db/migrate';
import { useTestDatabase } from '../setup/database';

const testDb = useTestDatabase();

async function publicTables(): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select tablename as name from pg_tables where schemaname = 'public' and tablename not like 'kysely_%' order by 1`.execute(
    testDb.db,
  );
  return rows.map((row) => row.name);
}

describe('migrations', () => {
  it('roll all the way down and back up again', async () => {
    const before = await publicTables();
    expect(before.length).toBeGreaterThanOrEqual(7);
    let reverted: string[];
    do {
      reverted = await migrateDown(testDb.db);
    } while (reverted.length > 0);
    expect(await publicTables()).toEqual([]);
    const applied = await migrateToLatest(testDb.db);
    expect(applied.length).toBeGreaterThanOrEqual(3);
    expect(await publicTables()).toEqual(before);
  });

  it('are a no-op when already at the latest version', async () => {
    expect(await migrateToLatest(testDb.db)).toEqual([]);
  });

  it('keep the request windows (rate_limits) and the live watches (live_watchers) out of the WAL, and nothing else', async () => {
    const { rows } = await sql<{ name: string }>`
      select relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r' and c.relpersistence = 'u' order by 1`.execute(testDb.db);
    expect(rows.map((row) => row.name)).toEqual(['live_watchers', 'rate_limits']);
  });
});
