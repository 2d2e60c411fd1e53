import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../setup/database';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.destroy());

interface TableSecurity {
  tableName: string;
  rls: boolean;
  forced: boolean;
  appPolicies: number;
}

/** Every table that holds tenant data: tenants itself, and any table with a tenant_id column. */
async function tenantTables(): Promise<TableSecurity[]> {
  const { rows } = await sql<TableSecurity>`
    select c.relname as table_name, c.relrowsecurity as rls, c.relforcerowsecurity as forced,
           (select count(*)::int from pg_policies p
             where p.schemaname = 'public' and p.tablename = c.relname and 'netia_app' = any (p.roles)) as app_policies
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p')
       and (c.relname = 'tenants'
            or exists (select 1 from pg_attribute a
                        where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped))
     order by 1`.execute(database.db);
  return rows;
}

describe('row-level security coverage', () => {
  it('finds the seed tables (so an empty catalog query cannot pass)', async () => {
    const names = (await tenantTables()).map((table) => table.tableName);
    expect(names).toEqual(
      expect.arrayContaining([
        'api_keys',
        'conversations',
        'knowledge_bases',
        'leads',
        'messages',
        'tenant_configurations',
        'tenants',
      ]),
    );
  });

  it('has RLS enabled, forced and a netia_app policy on every tenant table', async () => {
    const unprotected = (await tenantTables()).filter((table) => !table.rls || !table.forced || table.appPolicies === 0);
    expect(unprotected).toEqual([]);
  });

  it('runs the application as a role that cannot bypass RLS and owns nothing', async () => {
    const { rows } = await sql<{ rolname: string; rolsuper: boolean; rolbypassrls: boolean; owned: number }>`
      select r.rolname, r.rolsuper, r.rolbypassrls,
             (select count(*)::int from pg_class c where c.relowner = r.oid) as owned
        from pg_roles r where r.rolname in ('netia_app', 'netia_admin', 'netia_definer') order by 1`.execute(database.db);
    expect(rows).toEqual([
      { rolname: 'netia_admin', rolsuper: false, rolbypassrls: false, owned: 0 },
      { rolname: 'netia_app', rolsuper: false, rolbypassrls: false, owned: 0 },
      { rolname: 'netia_definer', rolsuper: false, rolbypassrls: false, owned: 0 },
    ]);
  });

  it('compares the tenant setting through a once-per-statement sub-select', async () => {
    const { rows } = await sql<{ qual: string }>`
      select qual from pg_policies where schemaname = 'public' and policyname = 'tenant_isolation'`.execute(database.db);
    expect(rows.length).toBeGreaterThanOrEqual(7);
    for (const row of rows) expect(row.qual).toMatch(/\(\s*SELECT app\.current_tenant_id\(\)/);
  });
});
