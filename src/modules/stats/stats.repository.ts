import { sql } from 'kysely';
import type { TenantTx } from '../../db/tenant-transaction';
import type { DailyStats } from './stats.types';

export async function countLeadsBy(tx: TenantTx, column: 'status' | 'intent', from: Date, to: Date): Promise<{ key: string; count: number }[]> {
  const rows = await tx
    .selectFrom('leads')
    .select((eb) => [eb.ref(column).as('key'), eb.fn.countAll<string>().as('count')])
    .where('createdAt', '>=', from)
    .where('createdAt', '<', to)
    .groupBy(column)
    .orderBy('key')
    .execute();
  return rows.map((row) => ({ key: String(row.key), count: Number(row.count) }));
}

/** Per UTC day of [from, to): conversations started, messages and leads created; one statement. */
export async function dailyCounts(tx: TenantTx, from: Date, to: Date): Promise<DailyStats[]> {
  const { rows } = await sql<{ date: string; conversations: string; messages: string; leads: string }>`
    with days as (
      select generate_series(date_trunc('day', ${from}::timestamptz at time zone 'UTC'),
                             ${to}::timestamptz at time zone 'UTC' - interval '1 microsecond', interval '1 day') as day
    ),
    c as (select date_trunc('day', created_at at time zone 'UTC') as day, count(*) as n from conversations
           where created_at >= ${from} and created_at < ${to} group by 1),
    m as (select date_trunc('day', timestamp at time zone 'UTC') as day, count(*) as n from messages
           where timestamp >= ${from} and timestamp < ${to} group by 1),
    l as (select date_trunc('day', created_at at time zone 'UTC') as day, count(*) as n from leads
           where created_at >= ${from} and created_at < ${to} group by 1)
    select to_char(days.day, 'YYYY-MM-DD') as date,
           coalesce(c.n, 0) as conversations, coalesce(m.n, 0) as messages, coalesce(l.n, 0) as leads
      from days
      left join c on c.day = days.day
      left join m on m.day = days.day
      left join l on l.day = days.day
     order by days.day`.execute(tx);
  return rows.map((row) => ({
    date: row.date,
    conversations: Number(row.conversations),
    messages: Number(row.messages),
    leads: Number(row.leads),
  }));
}
