import type { ReplyQueueConfig } from '../../config';

/** When reply attempts run: backoff, Retry-After, the wait of a job whose tenant is at its cap. */
export interface ReplySchedule {
  /** How long a claim holds a reply (REPLY_JOB_EXPIRE_SECONDS): a crashed attempt's reply waits this long. */
  leaseSeconds: number;
  /** The longest one live attempt can take (LLM, lookup and send timeouts, and a margin). */
  attemptSeconds: number;
  maxAttempts: number;
  retryDelayMs: number;
  retryAfterMaxMs: number;
  tenantConcurrency: number;
}

/** Time an attempt may spend on database round trips and its own bookkeeping, beyond the timeouts. */
const ATTEMPT_MARGIN_SECONDS = 30;
/** A job whose tenant is at its cap waits half its age, within these bounds. */
const TENANT_WAIT_MIN_MS = 250;
const TENANT_WAIT_MAX_MS = 5_000;
const BACKOFF_MAX_MS = 3_600_000;

export function replySchedule(config: { replyQueue: ReplyQueueConfig; llmTimeoutMs: number; platformTimeoutMs: number }): ReplySchedule {
  const q = config.replyQueue;
  // One attempt: at most one LLM call, a lookup on the platform and a send.
  const attemptSeconds = Math.ceil((config.llmTimeoutMs + 2 * config.platformTimeoutMs) / 1000) + ATTEMPT_MARGIN_SECONDS;
  return {
    leaseSeconds: q.jobExpireSeconds,
    attemptSeconds: Math.min(attemptSeconds, q.jobExpireSeconds),
    maxAttempts: q.maxAttempts,
    retryDelayMs: q.retryDelaySeconds * 1000,
    retryAfterMaxMs: q.retryAfterMaxSeconds * 1000,
    tenantConcurrency: q.tenantConcurrency,
  };
}

/**
 * The wait before the next attempt after `attempt` failed: what the platform or the LLM asked for
 * (Retry-After), within RETRY_AFTER_MAX_SECONDS; otherwise exponential backoff from
 * REPLY_RETRY_DELAY_SECONDS with jitter (between 1× and 2× of delay · 2^(attempt-1), as pg-boss's).
 */
export function nextAttemptInMs(schedule: ReplySchedule, attempt: number, retryAfterMs: number | null, random = Math.random()): number {
  if (retryAfterMs !== null) return Math.min(retryAfterMs, schedule.retryAfterMaxMs);
  const base = schedule.retryDelayMs * 2 ** Math.max(0, attempt - 1);
  return Math.min(BACKOFF_MAX_MS, Math.round(base * (1 + random)));
}

/**
 * How long a job whose tenant is at its cap waits before it looks again: half its age, so a job
 * that only just missed a slot looks again within a quarter of a second, and at most 5 s, so a
 * backlog of N jobs (a tenant whose model hangs) costs at most about N/5 fetches per second while
 * no reply waits more than 5 s past a free slot. Within the tenant the order is not strict.
 */
export function tenantWaitMs(jobAgeMs: number): number {
  return Math.min(TENANT_WAIT_MAX_MS, Math.max(TENANT_WAIT_MIN_MS, Math.round(jobAgeMs / 2)));
}
