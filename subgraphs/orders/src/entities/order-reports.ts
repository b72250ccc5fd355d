/**
 * Report aggregates over the order read model, each one SQL statement: orders by status and period,
 * top items, on-time delivery and promise accuracy. Amounts are summed per currency in the
 * database (numeric, never floats) and come back as decimal strings; dates come back as ISO text
 * (`to_char`), never as driver Date objects, so no time zone can move a day.
 */
import { GraphQLError } from 'graphql';
import type { EntityManager } from '@mikro-orm/postgresql';
import { addDays, type DayRange, type ReportInterval } from '../domain/report-range.js';

/** Who and when a report covers: `accountIds` undefined = every account. */
export interface ReportScope {
  accountIds: string[] | undefined;
  range: DayRange;
}

/** A report answers at most this many rows; beyond it the caller narrows the range or the accounts. */
export const MAX_REPORT_ROWS = 5000;

const TRUNC: Record<ReportInterval, string> = { DAY: 'day', WEEK: 'week', MONTH: 'month' };

/** `[from 00:00 UTC, day after to 00:00 UTC)`: the instants of the range's business days. */
const instants = (r: DayRange) => [`${r.from}T00:00:00.000Z`, new Date(Date.parse(`${r.to}T00:00:00Z`) + 86_400_000).toISOString()];

/** The period a UTC timestamp or date column falls in, as ISO text (a date is taken as its midnight, no zone). */
const period = (column: string, interval: ReportInterval) =>
  `to_char(date_trunc('${TRUNC[interval]}', (${column})::timestamp), 'YYYY-MM-DD')`;

/** `and <col> in (?)` for a scope, with its parameter; nothing for every account. */
function accountFilter(column: string, scope: ReportScope, params: unknown[]): string {
  if (!scope.accountIds) return '';
  params.push(scope.accountIds);
  return ` and ${column} in (?)`;
}

async function rows<T>(em: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const out = await em.getConnection().execute<T[]>(`${sql} limit ${MAX_REPORT_ROWS + 1}`, params);
  if (out.length > MAX_REPORT_ROWS)
    throw new GraphQLError(`the report has more than ${MAX_REPORT_ROWS} rows: narrow the range, the interval or the accounts`, {
      extensions: { code: 'REPORT_TOO_LARGE' },
    });
  return out;
}

export interface OrderAggregateRow {
  periodStart: string | null;
  status: string | null;
  accountId: string | null;
  currency: string;
  orderCount: number;
  netAmount: string;
}

/** Orders placed in the range, counted and summed per currency and the requested groups. */
export async function orderAggregates(
  em: EntityManager,
  scope: ReportScope,
  by: { status: boolean; interval: ReportInterval | null; account: boolean },
): Promise<OrderAggregateRow[]> {
  if (scope.accountIds?.length === 0) return [];
  const params: unknown[] = [...instants(scope.range)];
  const groups = [
    by.interval ? `${period(`o.placed_at at time zone 'UTC'`, by.interval)}` : null,
    by.status ? 'o.status' : null,
    by.account ? 'o.account_id' : null,
    'o.currency',
  ].filter((g): g is string => g !== null);
  const sql = `select ${by.interval ? groups[0] : 'null'} as "periodStart", ${by.status ? 'o.status' : 'null'} as "status",
      ${by.account ? 'o.account_id' : 'null'} as "accountId", o.currency as "currency",
      count(*)::int as "orderCount", coalesce(sum(o.net_total), 0)::text as "netAmount"
    from "orders"."sales_order" o
    where o.placed_at >= ? and o.placed_at < ?${accountFilter('o.account_id', scope, params)}
    group by ${groups.join(', ')}
    order by ${groups.join(', ')}`;
  return rows<OrderAggregateRow>(em, sql, params);
}

export interface TopItemRow {
  rank: number;
  sku: string;
  currency: string;
  quantity: number;
  netAmount: string;
  orderCount: number;
}

/** The `first` items per currency by net amount or quantity; cancelled lines do not count. */
export async function topItems(
  em: EntityManager,
  scope: ReportScope,
  first: number,
  rankBy: 'NET_AMOUNT' | 'QUANTITY',
): Promise<TopItemRow[]> {
  if (scope.accountIds?.length === 0 || first === 0) return [];
  const params: unknown[] = [...instants(scope.range)];
  const amount = 'coalesce(sum(l.net_amount), 0)';
  const quantity = 'sum(l.quantity)';
  const ranking = rankBy === 'NET_AMOUNT' ? `${amount} desc, ${quantity} desc` : `${quantity} desc, ${amount} desc`;
  const where = `o.placed_at >= ? and o.placed_at < ?${accountFilter('o.account_id', scope, params)}`;
  params.push(first);
  const sql = `select * from (
      select (row_number() over (partition by o.currency order by ${ranking}, l.sku))::int as "rank", l.sku as "sku",
        o.currency as "currency", ${quantity}::int as "quantity", ${amount}::text as "netAmount", count(distinct o.id)::int as "orderCount"
      from "orders"."sales_order_line" l join "orders"."sales_order" o on o.id = l.order_id
      where l.status <> 'CANCELLED' and ${where}
      group by l.sku, o.currency
    ) ranked where "rank" <= ?
    order by "currency", "rank"`;
  return rows<TopItemRow>(em, sql, params);
}

export interface OnTimeRow {
  periodStart: string | null;
  accountId: string | null;
  deliveredLines: number;
  confirmedLines: number;
  onTimeVsConfirmed: number;
  requestedLines: number;
  onTimeVsRequested: number;
  averageDaysLate: number | null;
}

/**
 * Delivered shipment lines in the range, by the day they were delivered in the time zone of the
 * warehouse they left from (UTC when it is not known), each judged against the confirmed
 * delivery date of the schedule line its cumulative quantity completes — shipping consumes a
 * line's schedule lines oldest first — and against the order's requested delivery date.
 */
export async function onTimeDelivery(
  em: EntityManager,
  scope: ReportScope,
  by: { interval: ReportInterval | null; account: boolean },
): Promise<OnTimeRow[]> {
  if (scope.accountIds?.length === 0) return [];
  const params: unknown[] = [];
  const orders = `select o.id from "orders"."sales_order" o where true${accountFilter('o.account_id', scope, params)}`;
  // A day either side of the range in UTC covers every time zone; the warehouse's day decides.
  const [from, to] = instants({ from: addDays(scope.range.from, -1), to: addDays(scope.range.to, 1) });
  params.push(from, to, scope.range.from, scope.range.to);
  const groups = [by.interval ? period('j.delivered_on', by.interval) : null, by.account ? 'j.account_id' : null].filter(
    (g): g is string => g !== null,
  );
  const sql = `with shipped as (
      select s.order_id, s.status, s.delivered_at, s.warehouse_id, (x->>'lineNo')::int as line_no,
        sum((x->>'quantity')::int) over (partition by s.order_id, (x->>'lineNo')::int order by s.shipped_at, s.id) as cum_end
      from "orders"."shipment" s cross join lateral jsonb_array_elements(s.lines) x
      where s.order_id in (${orders})
    ), delivered as (
      select * from (
        select d.order_id, d.line_no, d.cum_end, (d.delivered_at at time zone coalesce(w.time_zone, 'UTC'))::date as delivered_on
        from shipped d left join "orders"."warehouse" w on w.id = d.warehouse_id
        where d.status = 'DELIVERED' and d.delivered_at >= ? and d.delivered_at < ?
      ) local where local.delivered_on between ?::date and ?::date
    ), schedule as (
      select l.order_id, l.line_no, (s->>'date')::date as confirmed_on,
        sum((s->>'quantity')::int) over (partition by l.id order by (s->>'date')::date, n) as cum_end
      from "orders"."sales_order_line" l
        cross join lateral jsonb_array_elements(coalesce(l.schedule_lines, '[]'::jsonb)) with ordinality as sl(s, n)
      where l.order_id in (select order_id from delivered)
    ), judged as (
      select d.delivered_on, o.account_id, o.requested_delivery_date as requested_on,
        coalesce(
          (select min(c.confirmed_on) from schedule c where c.order_id = d.order_id and c.line_no = d.line_no and c.cum_end >= d.cum_end),
          (select max(c.confirmed_on) from schedule c where c.order_id = d.order_id and c.line_no = d.line_no)
        ) as confirmed_on
      from delivered d join "orders"."sales_order" o on o.id = d.order_id
    )
    select ${by.interval ? groups[0] : 'null'} as "periodStart", ${by.account ? 'j.account_id' : 'null'} as "accountId",
      count(*)::int as "deliveredLines",
      count(j.confirmed_on)::int as "confirmedLines",
      (count(*) filter (where j.delivered_on <= j.confirmed_on))::int as "onTimeVsConfirmed",
      count(j.requested_on)::int as "requestedLines",
      (count(*) filter (where j.delivered_on <= j.requested_on))::int as "onTimeVsRequested",
      round(avg(j.delivered_on - j.confirmed_on) filter (where j.delivered_on > j.confirmed_on), 2)::float8 as "averageDaysLate"
    from judged j
    ${groups.length ? `group by ${groups.join(', ')} order by ${groups.join(', ')}` : 'having count(*) > 0'}`;
  return rows<OnTimeRow>(em, sql, params);
}

export interface PromiseRow {
  periodStart: string | null;
  accountId: string | null;
  promisedLines: number;
  confirmedLines: number;
  heldLines: number;
  averageDeviationDays: number | null;
}

/**
 * Order lines placed in the range with an ATP promise (the availability re-check at submit on the
 * order's timeline), against the ERP's first confirmation: the latest confirmed delivery date of
 * the line when the ERP acknowledged the order, or its current one if it confirmed nothing then.
 */
export async function promiseAccuracy(
  em: EntityManager,
  scope: ReportScope,
  by: { interval: ReportInterval | null; account: boolean },
): Promise<PromiseRow[]> {
  if (scope.accountIds?.length === 0) return [];
  const params: unknown[] = [...instants(scope.range)];
  const accounts = accountFilter('o.account_id', scope, params);
  const groups = [by.interval ? period(`p.placed_at at time zone 'UTC'`, by.interval) : null, by.account ? 'p.account_id' : null].filter(
    (g): g is string => g !== null,
  );
  const lastDate = (lines: string) => `(select max((s->>'date')::date) from jsonb_array_elements(coalesce(${lines}, '[]'::jsonb)) s)`;
  const sql = `with promised as (
      select distinct on (t.order_id, a->>'sku') t.order_id, o.account_id, o.placed_at, a->>'sku' as sku, (a->>'atpDate')::date as promised_on
      from "orders"."timeline_event" t
        join "orders"."sales_order" o on o.id = t.order_id
        cross join lateral jsonb_array_elements(t.data->'lines') a
      where t.type = 'availability.checked' and a->>'atpDate' is not null
        and o.placed_at >= ? and o.placed_at < ?${accounts}
      order by t.order_id, a->>'sku', t.seq
    ), acknowledged as (
      select distinct on (t.order_id, l->>'sku') t.order_id, l->>'sku' as sku, ${lastDate(`l->'scheduleLines'`)} as confirmed_on
      from "orders"."timeline_event" t cross join lateral jsonb_array_elements(t.data->'lines') l
      where t.type = 'order.acknowledged' and t.order_id in (select order_id from promised)
      order by t.order_id, l->>'sku', t.seq
    ), judged as (
      select p.*, coalesce(a.confirmed_on, ${lastDate('ol.schedule_lines')}) as confirmed_on
      from promised p
        left join acknowledged a on a.order_id = p.order_id and a.sku = p.sku
        left join "orders"."sales_order_line" ol on ol.order_id = p.order_id and ol.sku = p.sku
    )
    select ${by.interval ? groups[0] : 'null'} as "periodStart", ${by.account ? 'p.account_id' : 'null'} as "accountId",
      count(*)::int as "promisedLines",
      count(p.confirmed_on)::int as "confirmedLines",
      (count(*) filter (where p.confirmed_on <= p.promised_on))::int as "heldLines",
      round(avg(p.confirmed_on - p.promised_on), 2)::float8 as "averageDeviationDays"
    from judged p
    ${groups.length ? `group by ${groups.join(', ')} order by ${groups.join(', ')}` : 'having count(*) > 0'}`;
  return rows<PromiseRow>(em, sql, params);
}
