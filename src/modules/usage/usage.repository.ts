import { sql } from 'kysely';
import type { TenantTx } from '../../db/tenant-transaction';

export const USAGE_METRICS = ['ai_replies', 'ai_quota_exceeded', 'api_requests'] as const;
export type UsageMetric = (typeof USAGE_METRICS)[number];

/** First day of the calendar month (UTC) that `at` falls in, as YYYY-MM-DD. */
export function usagePeriod(at: Date): string {
  return `${at.getUTCFullYear()}-${String(at.getUTCMonth() + 1).padStart(2, '0')}-01`;
}

/** Adds `by` to this month's counter of the bound tenant (one upsert; safe under concurrency). */
export async function incrementUsage(tx: TenantTx, metric: UsageMetric, by: number, at: Date): Promise<void> {
  await sql`
    insert into usage_counters (tenant_id, period, metric, count)
    values (app.current_tenant_id(), ${usagePeriod(at)}::date, ${metric}, ${by})
    on conflict (tenant_id, period, metric) do update set count = usage_counters.count + excluded.count`.execute(tx);
}

/** This month's counters of the bound tenant; metrics never counted read as 0. */
export async function findUsage(tx: TenantTx, at: Date): Promise<Record<UsageMetric, number>> {
  const rows = await tx
    .selectFrom('usageCounters')
    .select(['metric', 'count'])
    .where('period', '=', sql<Date>`${usagePeriod(at)}::date`)
    .execute();
  const usage = Object.fromEntries(USAGE_METRICS.map((metric) => [metric, 0])) as Record<UsageMetric, number>;
  for (const row of rows) {
    if ((USAGE_METRICS as readonly string[]).includes(row.metric)) usage[row.metric as UsageMetric] = Number(row.count);
  }
  return usage;
}
