import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_TRIAL_DAYS, planLimitsFromEnv, type Plan, type PlanLimits } from './modules/plans/plan-limits';

const postgresUrl = z
  .string()
  .refine((value) => {
    try {
      return ['postgres:', 'postgresql:'].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, 'must be a postgres:// or postgresql:// URL');

const httpUrl = z.string().refine((value) => {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}, 'must be an http:// or https:// URL');

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);

const envSchema = z.object({
  DATABASE_URL: z.preprocess(emptyAsUndefined, postgresUrl.optional()),
  DATA_DIR: z.string().default('.data'),
  PG_POOL_MAX: positiveInt(20),
  PG_IDLE_TIMEOUT_MS: positiveInt(30_000),
  PG_CONNECT_TIMEOUT_MS: positiveInt(2_000),
  STATEMENT_TIMEOUT_MS: positiveInt(15_000),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  TRIAL_DAYS: z.coerce.number().int().min(0).default(DEFAULT_TRIAL_DAYS),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  OPENAI_API_KEY: z.preprocess(emptyAsUndefined, z.string().optional()),
  OPENAI_BASE_URL: z.preprocess(emptyAsUndefined, httpUrl.optional()),
  LLM_MODEL: z.preprocess(emptyAsUndefined, z.string().max(200).default('gpt-4o-mini')),
  LLM_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  NETIA_ADMIN_TOKEN: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .min(32, 'must be at least 32 characters')
      .refine((value) => !value.startsWith('ntk_'), 'must not start with ntk_ (the API key prefix)')
      .optional(),
  ),
  GRAPHQL_INTROSPECTION: z.preprocess(emptyAsUndefined, z.enum(['true', 'false']).default('true')),
});

export type DatabaseConfig =
  | {
      kind: 'postgres';
      url: string;
      poolMax: number;
      idleTimeoutMs: number;
      connectTimeoutMs: number;
      statementTimeoutMs: number;
    }
  | { kind: 'pglite'; dataDir: string | null };

/** The LLM behind the assistant; null when OPENAI_API_KEY is unset (built-in responder). */
export interface LlmConfig {
  apiKey: string;
  baseUrl: string | null;
  model: string;
}

export interface Config {
  database: DatabaseConfig;
  llm: LlmConfig | null;
  /** Upper bound for one LLM call (LLM_TIMEOUT_MS). */
  llmTimeoutMs: number;
  http: { host: string; port: number };
  graphql: { introspection: boolean; adminToken: string | null };
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  plans: Record<Plan, PlanLimits>;
  trialDays: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment into one typed Config; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  const plans = planLimitsFromEnv(env);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)),
    ...plans.problems,
  ];
  if (!parsed.success || problems.length > 0) throw new ConfigError(`Invalid environment: ${problems.join('; ')}`);
  const e = parsed.data;
  return {
    database: e.DATABASE_URL
      ? {
          kind: 'postgres',
          url: e.DATABASE_URL,
          poolMax: e.PG_POOL_MAX,
          idleTimeoutMs: e.PG_IDLE_TIMEOUT_MS,
          connectTimeoutMs: e.PG_CONNECT_TIMEOUT_MS,
          statementTimeoutMs: e.STATEMENT_TIMEOUT_MS,
        }
      : { kind: 'pglite', dataDir: path.resolve(e.DATA_DIR) },
    llm: e.OPENAI_API_KEY ? { apiKey: e.OPENAI_API_KEY, baseUrl: e.OPENAI_BASE_URL ?? null, model: e.LLM_MODEL } : null,
    llmTimeoutMs: e.LLM_TIMEOUT_MS,
    http: { host: e.HOST, port: e.PORT },
    graphql: { introspection: e.GRAPHQL_INTROSPECTION === 'true', adminToken: e.NETIA_ADMIN_TOKEN ?? null },
    logLevel: e.LOG_LEVEL,
    plans: plans.limits,
    trialDays: e.TRIAL_DAYS,
  };
}
