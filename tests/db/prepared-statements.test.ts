import { sql } from 'kysely';
import { withTenantTransaction } from '../../src/db/tenant-transaction';
import { buildConversation } from '../factories/conversation.factory';
import { useTestDatabase } from '../setup/database';

// Named prepared statements are the pg pool's (PGlite runs in-process, with nothing to save).
const describeOnPostgres = process.env.TEST_DATABASE_URL ? describe : describe.skip;
const testDb = useTestDatabase();

describeOnPostgres('prepared statements (pg)', () => {
  it('prepares a parameterised statement once per connection and reuses it', async () => {
    const conversation = await buildConversation(testDb.db);
    const marker = `prepared-${Date.now()}`;
    const { rows } = await testDb.db.connection().execute(async (connection) => {
      for (let i = 0; i < 3; i++) await sql`select ${marker}::text as marker, ${conversation.id}::uuid as id`.execute(connection);
      return sql<{ count: string }>`select count(*) as count from pg_prepared_statements where statement like ${`%::text as marker, $2::uuid as id%`}`.execute(
        connection,
      );
    });
    expect(Number(rows[0]!.count)).toBe(1);
  });

  it('keeps RLS per tenant when the same prepared statement runs for tenant after tenant', async () => {
    const conversations = await Promise.all(Array.from({ length: 4 }, () => buildConversation(testDb.db)));
    // Ten rounds: past PostgreSQL's five custom plans, so the generic (cached) plan is what runs.
    for (let round = 0; round < 10; round++) {
      for (const conversation of conversations) {
        const visible = await withTenantTransaction(testDb.db, conversation.tenantId, (tx) =>
          tx.selectFrom('conversations').select(['id', 'tenantId']).where('id', 'in', conversations.map((c) => c.id)).execute(),
        );
        expect(visible).toEqual([{ id: conversation.id, tenantId: conversation.tenantId }]);
      }
    }
  });
});
