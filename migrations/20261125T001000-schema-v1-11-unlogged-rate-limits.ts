import { sql, type Kysely } from 'kysely';

/** Schema v1.11: rate_limits is UNLOGGED. See docs/database-schema.md. */
export async function up(db: Kysely<any>): Promise<void> {
  /*
   * Every API request upserts its key's window here. On a logged table each upsert's COMMIT waits
   * for a WAL flush to disk; unlogged, it does not (bench/RESULTS.md: the single-row lookup went
   * from ~1,300 to ~1,500 requests/s). What is given up is only the windows themselves after a
   * PostgreSQL crash (the table is emptied): at worst a key gets a fresh minute.
   */
  await sql`ALTER TABLE rate_limits SET UNLOGGED`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE rate_limits SET LOGGED`.execute(db);
}
