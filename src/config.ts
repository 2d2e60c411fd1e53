import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_TRIAL_DAYS, planLimitsFromEnv, type Plan, type PlanLimits } from './modules/plans/plan-limits';
import type { TracingConfig } from './observability/tracing';

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

/** 32 bytes for AES-256-GCM, written as 64 hex characters or base64. */
const encryptionKey = z
  .string()
  .transform((value) => (/^[0-9a-f]{64}$/i.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64')))
  .refine((key) => key.length === 32, 'must be 32 bytes: 64 hex characters or base64 (e.g. `openssl rand -hex 32`)');

/** `https://admin.example.com,http://localhost:5173`, or `*`: exact origins, scheme and host (and port) only. */
const corsOrigins = z
  .string()
  .transform((value) => value.split(',').map((origin) => origin.trim()).filter(Boolean))
  .refine(
    (origins) =>
      origins.every((origin) => {
        if (origin === '*') return true;
        try {
          const url = new URL(origin);
          return ['http:', 'https:'].includes(url.protocol) && url.origin === origin;
        } catch {
          return false;
        }
      }),
    'must be comma-separated origins such as https://admin.example.com (scheme, host, optional port; no path or trailing slash), or *',
  );

/** What one model costs, in US dollars per million tokens (prompt = input, completion = output). */
export interface LlmPrice {
  prompt: number;
  completion: number;
}

const llmPrice = z.object({ prompt: z.number().min(0), completion: z.number().min(0) }).strict();

/** LLM_PRICES: `{"gpt-4o-mini":{"prompt":0.15,"completion":0.6}}`; botPerformance estimates cost from it. */
const llmPrices = z
  .string()
  .default('{}')
  .transform((value, ctx) => {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be JSON' });
      return z.NEVER;
    }
  })
  .pipe(z.record(z.string().min(1).max(200), llmPrice, { message: 'must map model names to {"prompt": USD per 1M tokens, "completion": USD per 1M tokens}' }));

/** OTEL_TRACES_EXPORTER: a comma-separated list of otlp, console, or none; undefined when unset. */
const traceExporters = z
  .string()
  .optional()
  .transform((value) => (value === undefined ? undefined : value.split(',').map((name) => name.trim()).filter(Boolean)))
  .refine((names) => names === undefined || names.every((name) => ['otlp', 'console', 'none'].includes(name)), 'must be otlp, console or none (comma-separated)');

const envSchema = z.object({
  DATABASE_URL: z.preprocess(emptyAsUndefined, postgresUrl.optional()),
  DATA_DIR: z.string().default('.data'),
  PG_POOL_MAX: positiveInt(20),
  PG_IDLE_TIMEOUT_MS: positiveInt(30_000),
  PG_CONNECT_TIMEOUT_MS: positiveInt(2_000),
  STATEMENT_TIMEOUT_MS: positiveInt(15_000),
  PG_PREPARED_STATEMENTS: z.preprocess(emptyAsUndefined, z.enum(['true', 'false']).default('true')),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  TRIAL_DAYS: z.coerce.number().int().min(0).default(DEFAULT_TRIAL_DAYS),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NETIA_ENCRYPTION_KEY: z.preprocess(emptyAsUndefined, encryptionKey.optional()),
  WEBHOOK_BODY_LIMIT_BYTES: positiveInt(256 * 1024),
  CRISP_WEBHOOK_SECRET: z.preprocess(emptyAsUndefined, z.string().optional()),
  CRISP_API_URL: z.preprocess(emptyAsUndefined, httpUrl.default('https://api.crisp.chat/v1')),
  CRISP_IDENTIFIER: z.preprocess(emptyAsUndefined, z.string().optional()),
  CRISP_KEY: z.preprocess(emptyAsUndefined, z.string().optional()),
  CRISP_BOT_NICKNAME: z.preprocess(emptyAsUndefined, z.string().max(100).optional()),
  TIDIO_API_URL: z.preprocess(emptyAsUndefined, httpUrl.default('https://api.tidio.com')),
  PLATFORM_TIMEOUT_MS: positiveInt(10_000),
  TIDIO_FLOW_DEADLINE_MS: positiveInt(3_500),
  REPLY_WORKERS: positiveInt(8),
  REPLY_MAX_ATTEMPTS: positiveInt(6),
  REPLY_RETRY_DELAY_SECONDS: positiveInt(5),
  REPLY_JOB_EXPIRE_SECONDS: positiveInt(300),
  REPLY_TENANT_CONCURRENCY: positiveInt(4),
  RETRY_AFTER_MAX_SECONDS: positiveInt(120),
  QUEUE_POLL_INTERVAL_SECONDS: z.coerce.number().min(0.5).default(2),
  QUEUE_MAINTENANCE_INTERVAL_SECONDS: positiveInt(60),
  OPENAI_API_KEY: z.preprocess(emptyAsUndefined, z.string().optional()),
  OPENAI_BASE_URL: z.preprocess(emptyAsUndefined, httpUrl.optional()),
  LLM_MODEL: z.preprocess(emptyAsUndefined, z.string().max(200).default('gpt-4o-mini')),
  LLM_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  LLM_TENANT_CONCURRENCY: positiveInt(4),
  LLM_PRICES: z.preprocess(emptyAsUndefined, llmPrices),
  EMBEDDINGS_MODEL: z.preprocess(emptyAsUndefined, z.string().max(200).optional()),
  EMBEDDINGS_BASE_URL: z.preprocess(emptyAsUndefined, httpUrl.optional()),
  EMBEDDINGS_API_KEY: z.preprocess(emptyAsUndefined, z.string().optional()),
  EMBEDDINGS_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3_000),
  SHUTDOWN_TIMEOUT_MS: positiveInt(25_000),
  NETIA_ADMIN_TOKEN: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .min(32, 'must be at least 32 characters')
      .refine((value) => !value.startsWith('ntk_'), 'must not start with ntk_ (the API key prefix)')
      .optional(),
  ),
  GRAPHQL_INTROSPECTION: z.preprocess(emptyAsUndefined, z.enum(['true', 'false']).default('true')),
  METRICS_TOKEN: z.preprocess(emptyAsUndefined, z.string().min(32, 'must be at least 32 characters').optional()),
  METRICS_PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(65535).optional()),
  METRICS_HOST: z.string().default('127.0.0.1'),
  NETIA_ALLOW_SUPERUSER: z.preprocess(emptyAsUndefined, z.enum(['true', 'false']).default('false')),
  CORS_ORIGINS: z.preprocess(emptyAsUndefined, z.string().default('').pipe(corsOrigins)),
  // OpenTelemetry's standard variables; the OTLP exporter reads its own (_HEADERS, _TIMEOUT …) itself.
  OTEL_SDK_DISABLED: z.preprocess(emptyAsUndefined, z.enum(['true', 'false']).default('false')),
  OTEL_TRACES_EXPORTER: z.preprocess(emptyAsUndefined, traceExporters),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.preprocess(emptyAsUndefined, httpUrl.optional()),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.preprocess(emptyAsUndefined, httpUrl.optional()),
  OTEL_SERVICE_NAME: z.preprocess(emptyAsUndefined, z.string().default('netia')),
});

export type DatabaseConfig =
  | {
      kind: 'postgres';
      url: string;
      poolMax: number;
      idleTimeoutMs: number;
      connectTimeoutMs: number;
      statementTimeoutMs: number;
      /** Named prepared statements (preparing-client.ts); off behind a transaction-pooling PgBouncer < 1.21. */
      preparedStatements: boolean;
    }
  | { kind: 'pglite'; dataDir: string | null };

export interface ChatPlatformsConfig {
  /** Largest webhook body accepted (bytes); bigger deliveries get 413. */
  webhookBodyLimitBytes: number;
  crisp: {
    /** Plugin-hook signing secret; without it only website hooks (`?key=`) are accepted. */
    webhookSecret: string | null;
    apiUrl: string;
    identifier: string | null;
    key: string | null;
    botNickname: string | null;
  };
  tidio: { apiUrl: string; flowDeadlineMs: number };
  /** Timeout of one outbound platform API call. */
  platformTimeoutMs: number;
}

export interface ReplyQueueConfig {
  /** Reply jobs this process runs at once; each holds no transaction while it waits on the LLM or a platform. */
  workers: number;
  maxAttempts: number;
  retryDelaySeconds: number;
  /** A job (and a reply's lease) still active after this long is presumed dead and retried. */
  jobExpireSeconds: number;
  /**
   * Replies of one tenant attempted at once, over every process (counted in the database): the rest
   * of the tenant's jobs wait, without using up attempts, while workers take other tenants' jobs.
   */
  tenantConcurrency: number;
  /** The longest wait a Retry-After (platform or LLM) may impose on the next attempt. */
  retryAfterMaxSeconds: number;
  pollIntervalSeconds: number;
  maintenanceIntervalSeconds: number;
}

/** The LLM behind the assistant; null when OPENAI_API_KEY is unset (built-in responder). */
export interface LlmConfig {
  apiKey: string;
  baseUrl: string | null;
  model: string;
}

/** The embeddings endpoint for hybrid retrieval; null when EMBEDDINGS_MODEL is unset. */
export interface EmbeddingsConfig {
  apiKey: string;
  baseUrl: string | null;
  model: string;
  timeoutMs: number;
}

/**
 * Where GET /metrics is served (it names every tenant's operations, so never openly): with `port`,
 * on its own listener at host:port; else, with `token`, on the main port behind
 * `Authorization: Bearer <token>`; with neither, not at all. A token set with a port applies there too.
 */
export interface MetricsConfig {
  token: string | null;
  port: number | null;
  host: string;
}

export interface Config {
  database: DatabaseConfig;
  /**
   * NETIA_ALLOW_SUPERUSER: start even when the database login is a superuser or bypasses RLS (tests,
   * local development); otherwise the server refuses (db/startup-checks.ts).
   */
  allowSuperuser: boolean;
  metrics: MetricsConfig;
  llm: LlmConfig | null;
  embeddings: EmbeddingsConfig | null;
  /** Upper bound for one LLM call (LLM_TIMEOUT_MS). */
  llmTimeoutMs: number;
  /** Concurrent LLM calls per tenant in this process (LLM_TENANT_CONCURRENCY); more wait within their deadline. */
  llmTenantConcurrency: number;
  /** Per model, USD per million tokens (LLM_PRICES); models without a price get no cost estimate. */
  llmPrices: Record<string, LlmPrice>;
  http: { host: string; port: number };
  /** Browser origins allowed to call /graphql (CORS_ORIGINS); empty: no CORS headers at all. */
  corsOrigins: string[];
  graphql: { introspection: boolean; adminToken: string | null };
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  plans: Record<Plan, PlanLimits>;
  trialDays: number;
  /** Key for integration secrets at rest (AES-256-GCM); null when NETIA_ENCRYPTION_KEY is unset. */
  encryptionKey: Buffer | null;
  chat: ChatPlatformsConfig;
  replyQueue: ReplyQueueConfig;
  /** How long SIGTERM waits for in-flight requests and reply jobs before cutting them off (SHUTDOWN_TIMEOUT_MS). */
  shutdownTimeoutMs: number;
  /** OpenTelemetry tracing (OTEL_* variables); no exporters: off. */
  tracing: TracingConfig;
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
          preparedStatements: e.PG_PREPARED_STATEMENTS === 'true',
        }
      : { kind: 'pglite', dataDir: path.resolve(e.DATA_DIR) },
    allowSuperuser: e.NETIA_ALLOW_SUPERUSER === 'true',
    metrics: { token: e.METRICS_TOKEN ?? null, port: e.METRICS_PORT ?? null, host: e.METRICS_HOST },
    llm: e.OPENAI_API_KEY ? { apiKey: e.OPENAI_API_KEY, baseUrl: e.OPENAI_BASE_URL ?? null, model: e.LLM_MODEL } : null,
    llmTimeoutMs: e.LLM_TIMEOUT_MS,
    llmTenantConcurrency: e.LLM_TENANT_CONCURRENCY,
    llmPrices: e.LLM_PRICES,
    embeddings: e.EMBEDDINGS_MODEL
      ? {
          // Same base URL convention as the chat model; a local server may need no key.
          apiKey: e.EMBEDDINGS_API_KEY ?? e.OPENAI_API_KEY ?? 'none',
          baseUrl: e.EMBEDDINGS_BASE_URL ?? e.OPENAI_BASE_URL ?? null,
          model: e.EMBEDDINGS_MODEL,
          timeoutMs: e.EMBEDDINGS_TIMEOUT_MS,
        }
      : null,
    http: { host: e.HOST, port: e.PORT },
    corsOrigins: e.CORS_ORIGINS,
    graphql: { introspection: e.GRAPHQL_INTROSPECTION === 'true', adminToken: e.NETIA_ADMIN_TOKEN ?? null },
    logLevel: e.LOG_LEVEL,
    plans: plans.limits,
    trialDays: e.TRIAL_DAYS,
    encryptionKey: e.NETIA_ENCRYPTION_KEY ?? null,
    chat: {
      webhookBodyLimitBytes: e.WEBHOOK_BODY_LIMIT_BYTES,
      crisp: {
        webhookSecret: e.CRISP_WEBHOOK_SECRET ?? null,
        apiUrl: e.CRISP_API_URL.replace(/\/+$/, ''),
        identifier: e.CRISP_IDENTIFIER ?? null,
        key: e.CRISP_KEY ?? null,
        botNickname: e.CRISP_BOT_NICKNAME ?? null,
      },
      tidio: { apiUrl: e.TIDIO_API_URL.replace(/\/+$/, ''), flowDeadlineMs: e.TIDIO_FLOW_DEADLINE_MS },
      platformTimeoutMs: e.PLATFORM_TIMEOUT_MS,
    },
    replyQueue: {
      workers: e.REPLY_WORKERS,
      maxAttempts: e.REPLY_MAX_ATTEMPTS,
      retryDelaySeconds: e.REPLY_RETRY_DELAY_SECONDS,
      jobExpireSeconds: e.REPLY_JOB_EXPIRE_SECONDS,
      tenantConcurrency: e.REPLY_TENANT_CONCURRENCY,
      retryAfterMaxSeconds: e.RETRY_AFTER_MAX_SECONDS,
      pollIntervalSeconds: e.QUEUE_POLL_INTERVAL_SECONDS,
      maintenanceIntervalSeconds: e.QUEUE_MAINTENANCE_INTERVAL_SECONDS,
    },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    tracing: { exporters: traceExportersOf(e), serviceName: e.OTEL_SERVICE_NAME },
  };
}

/**
 * Tracing is off by default, unlike the OpenTelemetry SDK's own default (otlp): it is on when
 * OTEL_TRACES_EXPORTER names exporters, or, with that variable unset, when an OTLP endpoint is set.
 * OTEL_SDK_DISABLED=true or OTEL_TRACES_EXPORTER=none turn it off.
 */
function traceExportersOf(e: z.infer<typeof envSchema>): TracingConfig['exporters'] {
  if (e.OTEL_SDK_DISABLED === 'true') return [];
  const named = e.OTEL_TRACES_EXPORTER;
  if (named === undefined) return e.OTEL_EXPORTER_OTLP_ENDPOINT || e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ? ['otlp'] : [];
  if (named.includes('none')) return [];
  return [...new Set(named)] as TracingConfig['exporters'];
}
