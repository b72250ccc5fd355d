/**
 * Receivables as of a business date, in one SQL statement: per account and currency, and per
 * currency over the same accounts. What was owed on `asOf` is rebuilt from the documents — each
 * invoice issued by then, less the payments received and the credit memos issued by then (never
 * below zero, as the ERP keeps it) — so a past date shows what was open on that day, not today's
 * balances. Amounts stay numeric in the database and come back as decimal strings.
 */
import type { EntityManager } from '@mikro-orm/postgresql';

export interface ReceivablesScope {
  /** undefined = every account. */
  accountIds: string[] | undefined;
  asOf: string;
  salesPeriodDays: number;
  overdueOnly: boolean;
}

export interface ReceivablesQuery extends ReceivablesScope {
  /** How many account rows to return (the totals cover every account). */
  accountRows: number;
}

export interface ReceivablesRow {
  /** null on a currency total. */
  accountId: string | null;
  currency: string;
  open: string;
  overdue: string;
  current: string;
  days1To30: string;
  days31To60: string;
  days61To90: string;
  over90: string;
  openInvoices: number;
  overdueInvoices: number;
  oldestDaysOverdue: number;
  sales: string;
  daysSalesOutstanding: number | null;
}

const SUMS = ['open', 'overdue', 'current', 'days1To30', 'days31To60', 'days61To90', 'over90', 'sales'] as const;

/** Account rows (most overdue first) followed by currency totals, as `{ byAccount, totals }`. */
export async function receivables(
  em: EntityManager,
  scope: ReceivablesQuery,
): Promise<{ byAccount: ReceivablesRow[]; totals: ReceivablesRow[] }> {
  if (scope.accountIds?.length === 0) return { byAccount: [], totals: [] };
  const dayAfter = new Date(Date.parse(`${scope.asOf}T00:00:00Z`) + 86_400_000).toISOString();
  const params: unknown[] = [dayAfter, scope.asOf, scope.asOf, scope.asOf];
  let accounts = '';
  if (scope.accountIds) {
    accounts = ' and i.account_id in (?)';
    params.push(scope.accountIds);
  }
  params.push(scope.asOf, scope.salesPeriodDays, scope.salesPeriodDays);
  const bucket = (cond: string) => `coalesce(sum(open) filter (where open > 0 and ${cond}), 0)`;
  const dso = (open: string, sales: string) => `round(${open} / nullif(${sales}, 0) * ?::int, 1)::float8`;
  const sql = `with inv as (
      select i.account_id, i.currency, i.total, i.issued_at, i.due_date,
        greatest(i.total
          - coalesce((select sum(p.amount) from "invoices"."payment" p where p.invoice_number = i.number and p.received_at < ?), 0)
          - coalesce((select sum(c.total) from "invoices"."credit_memo" c where c.invoice_number = i.number and c.issued_at <= ?::date), 0),
          0) as open,
        ?::date - i.due_date as days_past_due
      from "invoices"."invoice" i
      where i.erp_status <> 'CANCELLED' and i.issued_at <= ?::date${accounts}
    ), per_account as (
      select account_id, currency,
        coalesce(sum(open), 0) as "open",
        ${bucket('days_past_due > 0')} as "overdue",
        ${bucket('days_past_due <= 0')} as "current",
        ${bucket('days_past_due between 1 and 30')} as "days1To30",
        ${bucket('days_past_due between 31 and 60')} as "days31To60",
        ${bucket('days_past_due between 61 and 90')} as "days61To90",
        ${bucket('days_past_due > 90')} as "over90",
        (count(*) filter (where open > 0))::int as "openInvoices",
        (count(*) filter (where open > 0 and days_past_due > 0))::int as "overdueInvoices",
        coalesce(max(days_past_due) filter (where open > 0 and days_past_due > 0), 0)::int as "oldestDaysOverdue",
        coalesce(sum(total) filter (where issued_at > ?::date - ?::int), 0) as "sales"
      from inv
      group by account_id, currency
    ), kept as (
      select * from per_account where ${scope.overdueOnly ? '"overdue" > 0' : '"open" > 0 or "sales" > 0'}
    )
    select * from (
      (select false as "total", account_id as "accountId", currency, ${SUMS.map((c) => `"${c}"::text as "${c}"`).join(', ')},
        "openInvoices", "overdueInvoices", "oldestDaysOverdue", ${dso('"open"', '"sales"')} as "daysSalesOutstanding"
      from kept order by "overdue" desc, "open" desc, account_id, currency limit ?)
      union all
      select true, null, currency, ${SUMS.map((c) => `sum("${c}")::text as "${c}"`).join(', ')},
        sum("openInvoices")::int, sum("overdueInvoices")::int, max("oldestDaysOverdue")::int,
        ${dso('sum("open")', 'sum("sales")')}
      from kept group by currency
    ) r
    order by "total", "overdue"::numeric desc, "open"::numeric desc, "accountId", "currency"`;
  params.push(scope.accountRows, scope.salesPeriodDays);
  const all = await em.getConnection().execute<(ReceivablesRow & { total: boolean })[]>(sql, params);
  const strip = ({ total: _t, ...row }: ReceivablesRow & { total: boolean }) => row;
  return {
    byAccount: all.filter((r) => !r.total).map(strip),
    totals: all
      .filter((r) => r.total)
      .map(strip)
      .sort((a, b) => a.currency.localeCompare(b.currency)),
  };
}
