import type { Insertable, Kysely, Selectable } from 'kysely';
import type { DB, Tenants } from '../../src/db/db.generated';

let sequence = 0;

/** Inserts a tenant through the owner connection; every column can be overridden. */
export async function buildTenant(db: Kysely<DB>, overrides: Partial<Insertable<Tenants>> = {}): Promise<Selectable<Tenants>> {
  sequence += 1;
  const unique = `${Date.now().toString(36)}${sequence}${Math.random().toString(36).slice(2, 6)}`;
  return db
    .insertInto('tenants')
    .values({ name: `Tenant ${unique}`, email: `owner-${unique}@example.com`, ...overrides })
    .returningAll()
    .executeTakeFirstOrThrow();
}
