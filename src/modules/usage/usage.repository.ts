import { sql, type QueryCreator } from 'kysely';
import type { DB } from '../../db/db.generated';
import type { TenantTx } from '../../db/tenant-transaction';

export const USAGE_METRICS = ['ai_replies', 'ai_quota_exceeded', 'api_requests'] as const;
export type UsageMetric = (typeof USAGE_METRICS)[number];

/** First day of the calendar month (UTC) that `at` falls in, as YYYY-MM-DD. */
export function usagePeriod(at: Date): string {
  return `${at.getUTCFullYear()}-${String(at.getUTCMonth() + 1).padStart(2, '0')}-01`;
}

/** Adds `by` to this month's counter of the bound tenant `tenantId` (one upsert; safe under concurrency). */
export async function incrementUsage(tx: TenantTx, tenantId: string, metric: UsageMetric, by: number, at: Date): Promise<void> {
  await incrementUsageQuery(tx, tenantId, metric, by, usagePeriod(at)).execute();
}

/** incrementUsage's upsert, to be a part of a larger statement (an answer's store); `period` is usagePeriod's month. */
export function incrementUsageQuery(db: QueryCreator<DB>, tenantId: string, metric: UsageMetric, by: number, period: string) {
  return db
    .insertInto('usageCounters')
    .values({ tenantId, period: sql<Date>`${period}::date`, metric, count: by })
    .onConflict((oc) => oc.columns(['tenantId', 'period', 'metric']).doUpdateSet({ count: sql`usage_counters.count + excluded.count` }));
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

export interface PlanUsage {
  messagesThisMonth: number;
  activeApiKeys: number;
  knowledgeBaseEntries: number;
  knowledgeBaseCharacters: number;
}

/** What the bound tenant currently uses of the limits that are counted from live rows. */
export async function findPlanUsage(tx: TenantTx, at: Date): Promise<PlanUsage> {
  const { rows } = await sql<PlanUsage>`
    select
      (select count(*)::int from messages where timestamp >= ${usagePeriod(at)}::date) as messages_this_month,
      (select count(*)::int from api_keys where is_active) as active_api_keys,
      (select count(*)::int from knowledge_bases where is_active) as knowledge_base_entries,
      (select coalesce(sum(char_length(content) + coalesce(char_length(title), 0)), 0)::int
         from knowledge_bases where is_active) as knowledge_base_characters`.execute(tx);
  return rows[0]!;
}
