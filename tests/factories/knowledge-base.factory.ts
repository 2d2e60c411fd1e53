import type { Insertable, Kysely, Selectable } from 'kysely';
import type { DB, KnowledgeBases, TenantConfigurations, ApiKeys } from '../../src/db/db.generated';
import { jsonb } from '../../src/db/json';
import { buildTenant } from './tenant.factory';

export async function buildKnowledgeBaseEntry(
  db: Kysely<DB>,
  overrides: Partial<Insertable<KnowledgeBases>> = {},
): Promise<Selectable<KnowledgeBases>> {
  const tenantId = overrides.tenantId ?? (await buildTenant(db)).id;
  const contentType = overrides.contentType ?? 'faq';
  const { next } = await db
    .selectFrom('knowledgeBases')
    .select((eb) => eb.fn.coalesce(eb.fn.max('version'), eb.lit(0)).as('next'))
    .where('tenantId', '=', tenantId)
    .where('contentType', '=', contentType)
    .executeTakeFirstOrThrow();
  return db
    .insertInto('knowledgeBases')
    .values({ content: 'We ship worldwide.', version: Number(next) + 1, ...overrides, tenantId, contentType })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function buildConfiguration(
  db: Kysely<DB>,
  overrides: Partial<Insertable<TenantConfigurations>> = {},
): Promise<Selectable<TenantConfigurations>> {
  const tenantId = overrides.tenantId ?? (await buildTenant(db)).id;
  return db
    .insertInto('tenantConfigurations')
    .values({ configType: 'ai', configData: jsonb({ temperature: 0.2 }), ...overrides, tenantId })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function buildApiKeyRow(db: Kysely<DB>, overrides: Partial<Insertable<ApiKeys>> = {}): Promise<Selectable<ApiKeys>> {
  const tenantId = overrides.tenantId ?? (await buildTenant(db)).id;
  return db
    .insertInto('apiKeys')
    .values({ name: 'test key', keyHash: `hash-${crypto.randomUUID()}`, ...overrides, tenantId })
    .returningAll()
    .executeTakeFirstOrThrow();
}
