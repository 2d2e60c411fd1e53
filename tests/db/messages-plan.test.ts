import { sql } from 'kysely';
import { withTenantTransaction } from '../../src/db/tenant-transaction';
import { buildTenant } from '../factories/tenant.factory';
import { createTestDatabase, type TestDatabase } from '../setup/database';

/**
 * Issue #14: under RLS, a read of one conversation's messages also carries the policy's tenant filter.
 * Taking the two as independent, the planner expected about one row and AND-ed the conversation's index
 * with the tenant's whole index. Schema v1.20's dependency statistics tell it the conversation decides
 * the tenant (docs/database-schema.md, "Version 1.20").
 */
describe("a conversation's messages under RLS", () => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await createTestDatabase();
    for (let t = 0; t < 10; t++) {
      const tenant = await buildTenant(test.db);
      await sql`
        with c as (
          insert into conversations (tenant_id, session_id)
          select ${tenant.id}::uuid, 'session_' || g from generate_series(1, 40) g
          returning id)
        insert into messages (tenant_id, conversation_id, role, content)
        select ${tenant.id}::uuid, c.id, 'user', 'message ' || g from c, generate_series(1, 20) g`.execute(test.db);
    }
    await sql`analyze messages`.execute(test.db);
  });
  afterAll(() => test.destroy());

  it("reads them through the conversation's index alone, not AND-ed with the tenant's", async () => {
    const { tenantId, id } = await test.db.selectFrom('conversations').select(['tenantId', 'id']).where('sessionId', '=', 'session_7').executeTakeFirstOrThrow();
    const plan = await withTenantTransaction(test.db, tenantId, async (tx) =>
      (
        await sql<{ 'QUERY PLAN': string }>`explain select * from messages where conversation_id = ${id} order by timestamp, id limit 10`.execute(tx)
      ).rows.map((row) => row['QUERY PLAN']).join('\n'),
    );
    expect(plan).toMatch(/idx_messages_conversation_time/);
    expect(plan).not.toMatch(/BitmapAnd/);
  });
});
