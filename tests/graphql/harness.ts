import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { FastifyInstance } from 'fastify';
import { print } from 'graphql';
import type { LogEvent } from 'kysely';
import pino from 'pino';
import { buildApp } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import type { Logger } from '../../src/lib/logger';
import { jsonb } from '../../src/db/json';
import { ALL_SCOPES, READ_ONLY_SCOPES, type Scope } from '../../src/modules/api-keys/api-key.scopes';
import { generateApiKey } from '../../src/modules/api-keys/api-key.secret';
import { buildTenant } from '../factories/tenant.factory';
import { createTestDatabase, type TestDatabase } from '../setup/database';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdefghijklmnop';

export interface GraphqlResult<T> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; field?: string } }[];
}

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  /** Runs a typed document over HTTP POST /graphql with the given credential. */
  run<T, V>(key: string | null, document: TypedDocumentNode<T, V>, variables?: V): Promise<GraphqlResult<T>>;
  close(): Promise<void>;
}

const pick = <T, K extends keyof T>(value: T, ...keys: K[]): Pick<T, K> =>
  Object.fromEntries(keys.map((key) => [key, value[key]])) as Pick<T, K>;

export function testConfig(
  overrides: Partial<Config['graphql']> = {},
  assistant: Partial<Pick<Config, 'llm' | 'llmTimeoutMs'>> = {},
): Config {
  return {
    // Everything else (LLM, chat platforms, queue) at its defaults.
    ...loadConfig({}),
    database: { kind: 'pglite', dataDir: null },
    llm: assistant.llm ?? null,
    llmTimeoutMs: assistant.llmTimeoutMs ?? 15_000,
    http: { host: '127.0.0.1', port: 0 },
    graphql: { introspection: true, adminToken: ADMIN_TOKEN, ...overrides },
    logLevel: 'silent',
  };
}

/**
 * The real Fastify app on a fresh test database, driven through app.inject. Pass `database` to build
 * a second app on the same database: two PGlite instances in one jest worker keep it from exiting.
 */
export async function createTestApp(
  options: {
    log?: (event: LogEvent) => void;
    graphql?: Partial<Config['graphql']>;
    assistant?: Partial<Pick<Config, 'llm' | 'llmTimeoutMs'>>;
    database?: TestDatabase;
    logger?: Logger;
    /** Environment overrides read by loadConfig for plans and metrics, e.g. PLAN_BASIC_API_REQUESTS_PER_MINUTE, METRICS_TOKEN. */
    env?: NodeJS.ProcessEnv;
    /** The token a server on the embedded database makes for `netia` commands (main.ts). */
    localAdminToken?: string;
  } = {},
): Promise<TestApp> {
  const shared = options.database;
  const database = shared ?? (await createTestDatabase({ log: options.log }));
  const app = await buildApp({
    config: { ...testConfig(options.graphql, options.assistant), ...pick(loadConfig(options.env ?? {}), 'plans', 'metrics') },
    database,
    logger: options.logger ?? pino({ level: 'silent' }),
    localAdminToken: options.localAdminToken ?? null,
  });
  return {
    app,
    database,
    async run<T, V>(key: string | null, document: TypedDocumentNode<T, V>, variables?: V): Promise<GraphqlResult<T>> {
      const response = await app.inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
        payload: { query: print(document), variables },
      });
      return { status: response.statusCode, ...(response.json() as Omit<GraphqlResult<T>, 'status'>) };
    },
    async close() {
      await app.close();
      if (!shared) await database.destroy();
    },
  };
}

/** A tenant with an API key inserted through the owner connection; returns the plaintext key. */
export async function tenantWithKey(
  database: TestDatabase,
  options: { scopes?: readonly Scope[]; tenant?: Parameters<typeof buildTenant>[1] } = {},
): Promise<{ tenantId: string; key: string; apiKeyId: string }> {
  const tenant = await buildTenant(database.db, options.tenant);
  const { key, apiKeyId } = await addKey(database, tenant.id, options.scopes ?? ALL_SCOPES);
  return { tenantId: tenant.id, key, apiKeyId };
}

export async function addKey(database: TestDatabase, tenantId: string, scopes: readonly Scope[] = READ_ONLY_SCOPES) {
  const { plaintext, hash } = generateApiKey();
  const row = await database.db
    .insertInto('apiKeys')
    .values({ tenantId, name: 'test', keyHash: hash, permissions: jsonb({ scopes }) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { key: plaintext, apiKeyId: row.id };
}

type Succeeded<P> = { [K in keyof P]: K extends 'errors' | '__typename' ? P[K] : NonNullable<P[K]> };

/** Asserts that a mutation payload reports no errors, and returns it with its result fields non-null. */
export function succeeded<P extends { errors: unknown[] }>(payload: P | null | undefined): Succeeded<P> {
  if (!payload) throw new Error('no payload: the request failed with a top-level error');
  expect(payload.errors).toEqual([]);
  return payload as Succeeded<P>;
}

/** The codes of a mutation payload's expected failures (`errors` inside the payload), e.g. ['NOT_FOUND']. */
export function userErrorCodes(payload: { errors: { code: string }[] } | null | undefined): string[] {
  if (!payload) throw new Error('no payload: the request failed with a top-level error');
  return payload.errors.map((error) => error.code);
}

export function errorCodes(result: GraphqlResult<unknown>): (string | undefined)[] {
  return (result.errors ?? []).map((error) => error.extensions?.code);
}
