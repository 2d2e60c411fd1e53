import type { Kysely } from 'kysely';
import { ConfigError, type Config } from '../config';
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
