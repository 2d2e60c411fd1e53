import type { AddressInfo } from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createDatabase, wrapPGlite, type Database } from '../../src/db/database';
import { migrateToLatest } from '../../src/db/migrate';
import { createTenant } from '../../src/modules/tenants/tenant-admin.service';

export interface EvalApp {
  database: Database;
  url: string;
  /** POST /graphql with a tenant key; throws on GraphQL errors. */
  graphql<T>(key: string, query: string, variables?: Record<string, unknown>): Promise<T>;
  newTenant(name: string): Promise<{ tenantId: string; key: string }>;
  close(): Promise<void>;
}

/**
 * The real server on a real database: in-memory PGlite, or PostgreSQL when EVAL_DATABASE_URL is
 * set (a database the runner may fill; it is migrated first). Listens on 127.0.0.1, random port.
 */
export async function startEvalApp(): Promise<EvalApp> {
  const url = process.env.EVAL_DATABASE_URL;
  const database = url
    ? await createDatabase(loadConfig({ DATABASE_URL: url }).database)
    : wrapPGlite(await PGlite.create());
  await migrateToLatest(database.db);
  const config = { ...loadConfig({}), logLevel: 'silent', http: { host: '127.0.0.1', port: 0 }, llm: null } as ReturnType<typeof loadConfig>;
  const app: FastifyInstance = await buildApp({ config, database, logger: pino({ level: 'silent' }) });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const trialDays = config.trialDays;
  return {
    database,
    url: base,
    async graphql<T>(key: string, query: string, variables?: Record<string, unknown>): Promise<T> {
      const response = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: T; errors?: Array<{ message: string }> };
      if (body.errors?.length || !body.data) throw new Error(`GraphQL: ${body.errors?.[0]?.message ?? response.status}`);
      return body.data;
    },
    async newTenant(name: string) {
      const created = await createTenant(
        database.db,
        { name, email: `${name.replace(/\W+/g, '-')}-${Date.now()}@eval.example`, plan: 'enterprise' },
        { trialDays },
      );
      return { tenantId: created.tenant.id, key: created.plaintextKey };
    },
    async close() {
      await app.close();
      await database.destroy();
    },
  };
}
