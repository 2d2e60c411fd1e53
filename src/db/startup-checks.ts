import { sql, type Kysely } from 'kysely';
import { ConfigError, type Config } from '../config';
import type { Database } from './database';
import type { DB } from './db.generated';
import { integrationSecretsExist } from './privileged';
import { withLookupTransaction } from './tenant-transaction';

/**
 * Checks that need the database, run once at start-up after migrating. Throws ConfigError naming the
 * variable, like loadConfig: tenants' Crisp/Tidio credentials are sealed with NETIA_ENCRYPTION_KEY,
 * so without it every webhook of those tenants would fail (401) and no reply could be sent.
 */
export async function checkConfigAgainstDatabase(db: Kysely<DB>, config: Pick<Config, 'encryptionKey'>): Promise<void> {
  if (config.encryptionKey) return;
  if (await withLookupTransaction(db, (tx) => integrationSecretsExist(tx))) {
    throw new ConfigError(
      'Invalid environment: NETIA_ENCRYPTION_KEY: is required, because tenants have Crisp/Tidio integration secrets stored ' +
        'in the database (encrypted with it); set it to the key they were stored with',
    );
  }
}

interface RolePower {
  role: string;
  superuser: boolean;
  bypassRls: boolean;
}

/** The roles requests run as: none may be a superuser or bypass row-level security, ever. */
const REQUEST_ROLES = ['netia_app', 'netia_admin', 'netia_definer'];

/**
 * Refuses to start when row-level security would not hold:
 * - a role requests switch to (netia_app, netia_admin, netia_definer) is a superuser or has
 *   BYPASSRLS: tenant isolation would be gone for every request. No override.
 * - on PostgreSQL, the login role (the owner role that migrates and switches roles per transaction)
 *   is a superuser, has BYPASSRLS, or is a member of a role that has: anything it runs outside a
 *   role switch would see every tenant, and "a forgotten binding returns nothing" would not hold.
 *   NETIA_ALLOW_SUPERUSER=true lets it start anyway with a warning (tests and local development,
 *   where the only login is often a superuser). Embedded PGlite has one built-in superuser session
 *   and no network listener, so only the first check applies there.
 */
export async function checkDatabaseRoles(
  database: Pick<Database, 'db' | 'kind'>,
  config: Pick<Config, 'allowSuperuser'>,
  logger: { warn(details: object, message: string): void },
): Promise<void> {
  const { rows } = await sql<RolePower & { login: boolean; requestRole: boolean }>`
    select r.rolname as role, r.rolsuper as superuser, r.rolbypassrls as bypass_rls,
           r.rolname = session_user as login, r.rolname = any(${REQUEST_ROLES}::text[]) as request_role
      from pg_roles r
     where (r.rolsuper or r.rolbypassrls)
       and (r.rolname = any(${REQUEST_ROLES}::text[]) or r.rolname = session_user or pg_has_role(session_user, r.oid, 'MEMBER'))`.execute(database.db);
  const describe = (power: RolePower) => `${power.role} (${[power.superuser && 'SUPERUSER', power.bypassRls && 'BYPASSRLS'].filter(Boolean).join(', ')})`;
  const requestRoles = rows.filter((row) => row.requestRole);
  if (requestRoles.length > 0) {
    throw new ConfigError(
      `Refusing to start: ${requestRoles.map(describe).join(', ')} must be NOSUPERUSER NOBYPASSRLS, or row-level security ` +
        `does not isolate tenants; run ALTER ROLE … NOSUPERUSER NOBYPASSRLS as a superuser`,
    );
  }
  if (database.kind !== 'postgres' || rows.length === 0) return;
  const login = (await sql<{ login: string }>`select session_user as login`.execute(database.db)).rows[0]!.login;
  const problem = `the database login ${login} is or can become ${rows.map(describe).join(', ')}`;
  if (config.allowSuperuser) {
    logger.warn({ login, roles: rows.map((row) => row.role) }, `${problem}: starting anyway because NETIA_ALLOW_SUPERUSER=true (tests and local development only)`);
    return;
  }
  throw new ConfigError(
    `Refusing to start: ${problem}. Connect DATABASE_URL as the owner role (NOSUPERUSER NOBYPASSRLS; see the README, ` +
      `"Database roles"), or set NETIA_ALLOW_SUPERUSER=true for tests and local development`,
  );
}
