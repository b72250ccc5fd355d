/**
 * The reports page's three views — orders by status over time, receivables aging, on-time delivery
 * and promise accuracy — drawn from the report aggregates, with the formatting and period rules
 * they share (the page itself, sign-in and filters: main.ts).
 */
import { renderChart, type Series } from './chart.js';

export const STATUSES = ['SUBMITTED', 'CONFIRMED', 'IN_FULFILLMENT', 'PARTIALLY_SHIPPED', 'COMPLETED', 'ON_HOLD', 'CANCELLED'] as const;
export const STATUS_LABELS: Record<string, string> = {
  SUBMITTED: 'Submitted',
  CONFIRMED: 'Confirmed',
  IN_FULFILLMENT: 'In fulfilment',
  PARTIALLY_SHIPPED: 'Partially shipped',
  COMPLETED: 'Completed',
  ON_HOLD: 'On hold',
  CANCELLED: 'Cancelled',
};
export const BUCKETS = [
  ['current', 'Not yet due'],
  ['days1To30', '1–30 days'],
  ['days31To60', '31–60 days'],
  ['days61To90', '61–90 days'],
  ['over90', 'Over 90 days'],
] as const;

export type Interval = 'DAY' | 'WEEK' | 'MONTH';
export interface Money {
  amount: string;
  currency: string;
}

export const $ = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector)!;

// ---- formatting ----

/** A decimal string with thousands separators, exactly as given (no floating point). */
export function amount(m: Money): string {
  const [int = '0', frac] = m.amount.split('.');
  const sign = int.startsWith('-') ? '-' : '';
  const digits = int.replace('-', '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${m.currency} ${sign}${digits}${frac !== undefined ? `.${frac}` : ''}`;
}
export const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);

// ---- periods (the same rule as the API: ISO weeks start on Monday) ----

export const DAY_MS = 86_400_000;
export const addDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
export function periodStart(day: string, interval: Interval): string {
  if (interval === 'DAY') return day;
  if (interval === 'MONTH') return `${day.slice(0, 8)}01`;
  return addDays(day, -((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7));
}
export function periods(from: string, to: string, interval: Interval): string[] {
  const out: string[] = [];
  for (let p = periodStart(from, interval); p <= to;) {
    out.push(p);
    if (interval === 'DAY') p = addDays(p, 1);
    else if (interval === 'WEEK') p = addDays(p, 7);
    else {
      const [y, m] = [Number(p.slice(0, 4)), Number(p.slice(5, 7))];
      p = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
    }
  }
  return out;
}

// ---- orders by status over time ----

export interface Aggregate {
  periodStart: string | null;
  status: string;
  currency: string;
  orderCount: number;
  netAmount: Money;
}
export interface OrderReport {
  from: string;
  to: string;
  totals: { currency: string; orderCount: number; netAmount: Money }[];
  byStatus: Aggregate[];
  byPeriod: Aggregate[];
}

export function ordersChart(r: OrderReport, interval: Interval, variables: Record<string, unknown>): void {
  const labels = periods(r.from, r.to, interval);
  const at = new Map(labels.map((l, i) => [l, i]));
  // Orders are counted across currencies (a count adds up); amounts stay per currency, in the notes.
  const series: Series[] = STATUSES.filter((s) => r.byStatus.some((b) => b.status === s)).map((status) => {
    const values: (number | null)[] = labels.map(() => null);
    for (const row of r.byPeriod)
      if (row.status === status) {
        const i = at.get(row.periodStart!)!;
        values[i] = (values[i] ?? 0) + row.orderCount;
      }
    const count = r.byStatus.filter((b) => b.status === status).reduce((n, b) => n + b.orderCount, 0);
    return { key: status, label: STATUS_LABELS[status] ?? status, values, legend: String(count) };
  });
  const total = r.totals.reduce((n, t) => n + t.orderCount, 0);
  renderChart($('#orders'), {
    id: 'orders-by-status',
    title: `Orders by status, ${r.from} to ${r.to}`,
    operation: 'OrdersByStatus',
    variables,
    labels,
    series,
    stacked: true,
    labelEvery: labels.length > 45 ? 7 : labels.length > 20 ? 3 : 1,
    notes: [`${total} orders in all`, ...r.totals.map((t) => `Net ${amount(t.netAmount)} (${t.orderCount} orders in ${t.currency})`)],
    csv: [
      ['period_start', 'status', 'currency', 'order_count', 'net_amount'],
      ...r.byPeriod.map((row) => [row.periodStart, row.status, row.currency, row.orderCount, row.netAmount.amount]),
    ],
    empty: 'No order was placed in this range.',
  });
}

// ---- receivables aging by account ----

export interface Receivables {
  account?: { id: string; name: string } | null;
  currency: string;
  open: Money;
  overdue: Money;
  aging: Record<(typeof BUCKETS)[number][0], { amount: string }>;
  openInvoices: number;
  overdueInvoices: number;
  daysSalesOutstanding: number | null;
}
export interface ReceivablesReport {
  asOf: string;
  salesPeriodDays: number;
  byAccount: Receivables[];
  totals: Receivables[];
}

export function receivablesCharts(r: ReceivablesReport, variables: Record<string, unknown>): void {
  const host = $('#receivables');
  host.replaceChildren();
  if (!r.totals.length) {
    const none = document.createElement('section');
    host.append(none);
    renderChart(none, {
      id: 'receivables-aging',
      title: `Receivables aging by account, as of ${r.asOf}`,
      operation: 'ReceivablesAging',
      variables,
      labels: [],
      series: [],
      csv: [['account_id']],
      empty: 'Nothing was owed on this day.',
    });
    return;
  }
  // One chart per currency: bars in different currencies never share an axis.
  for (const total of r.totals) {
    const rows = r.byAccount.filter((a) => a.currency === total.currency);
    const section = document.createElement('section');
    host.append(section);
    renderChart(section, {
      id: `receivables-aging-${total.currency}`,
      title: `Receivables aging by account in ${total.currency}, as of ${r.asOf}`,
      operation: 'ReceivablesAging',
      variables,
      labels: rows.map((a) => a.account?.name ?? a.account?.id ?? ''),
      series: BUCKETS.map(([key, label]) => ({
        key,
        label,
        values: rows.map((a) => (Number(a.aging[key].amount) > 0 ? Number(a.aging[key].amount) : null)),
        legend: amount({ amount: total.aging[key].amount, currency: total.currency }),
      })),
      horizontal: true,
      stacked: true,
      format: (v) => v.toLocaleString('en-US', { maximumFractionDigits: 0 }),
      notes: [
        `Open ${amount(total.open)} on ${total.openInvoices} invoices · overdue ${amount(total.overdue)} on ${total.overdueInvoices}`,
        `Days sales outstanding (last ${r.salesPeriodDays} days' invoices): ${total.daysSalesOutstanding ?? '—'}`,
      ],
      csv: [
        ['account_id', 'account_name', 'currency', ...BUCKETS.map(([k]) => k), 'open', 'overdue', 'days_sales_outstanding'],
        ...rows.map((a) => [
          a.account?.id ?? '',
          a.account?.name ?? '',
          a.currency,
          ...BUCKETS.map(([k]) => a.aging[k].amount),
          a.open.amount,
          a.overdue.amount,
          a.daysSalesOutstanding,
        ]),
      ],
    });
  }
}

// ---- on-time delivery and promise accuracy ----

export interface OnTime {
  periodStart: string;
  deliveredLines: number;
  confirmedLines: number;
  onTimeVsConfirmed: number;
  onTimeVsConfirmedRate: number | null;
  requestedLines: number;
  onTimeVsRequested: number;
  onTimeVsRequestedRate: number | null;
  averageDaysLate: number | null;
}
export interface FulfilmentReport {
  from: string;
  to: string;
  overall: {
    deliveredLines: number;
    onTimeVsConfirmedRate: number | null;
    onTimeVsRequestedRate: number | null;
    averageDaysLate: number | null;
  }[];
  onTimeDelivery: OnTime[];
  promiseAccuracy: {
    account: { id: string; name: string };
    promisedLines: number;
    confirmedLines: number;
    heldLines: number;
    heldRate: number | null;
    averageDeviationDays: number | null;
  }[];
}

export function fulfilmentCharts(r: FulfilmentReport, interval: Interval, variables: Record<string, unknown>): void {
  const labels = periods(r.from, r.to, interval);
  const at = new Map(labels.map((l, i) => [l, i]));
  const rates = (pick: (o: OnTime) => number | null) => {
    const values: (number | null)[] = labels.map(() => null);
    for (const o of r.onTimeDelivery) {
      const rate = pick(o);
      if (rate !== null) values[at.get(o.periodStart)!] = Math.round(rate * 1000) / 10;
    }
    return values;
  };
  const overall = r.overall[0];
  renderChart($('#ontime'), {
    id: 'on-time-delivery',
    title: `On-time delivery, ${r.from} to ${r.to}`,
    description: "Delivered lines on or before the ERP's confirmed date and the buyer's requested date, per period.",
    labelEvery: labels.length > 14 ? 7 : 1,
    operation: 'OnTimeDelivery',
    variables,
    labels,
    series: [
      {
        key: 'confirmed',
        label: 'On time vs confirmed date',
        values: rates((o) => o.onTimeVsConfirmedRate),
        legend: percent(overall?.onTimeVsConfirmedRate ?? null),
      },
      {
        key: 'requested',
        label: 'On time vs requested date',
        values: rates((o) => o.onTimeVsRequestedRate),
        legend: percent(overall?.onTimeVsRequestedRate ?? null),
      },
    ],
    format: (v) => `${v}%`,
    max: 100,
    notes: overall
      ? [
          `${overall.deliveredLines} delivered lines · late ones ${overall.averageDaysLate === null ? 'none' : `${overall.averageDaysLate} days late on average`}`,
        ]
      : [],
    csv: [
      [
        'period_start',
        'delivered_lines',
        'confirmed_lines',
        'on_time_vs_confirmed',
        'on_time_vs_confirmed_rate',
        'requested_lines',
        'on_time_vs_requested',
        'on_time_vs_requested_rate',
        'average_days_late',
      ],
      ...r.onTimeDelivery.map((o) => [
        o.periodStart,
        o.deliveredLines,
        o.confirmedLines,
        o.onTimeVsConfirmed,
        o.onTimeVsConfirmedRate,
        o.requestedLines,
        o.onTimeVsRequested,
        o.onTimeVsRequestedRate,
        o.averageDaysLate,
      ]),
    ],
    empty: 'Nothing was delivered in this range.',
  });
  const promised = r.promiseAccuracy.reduce((n, p) => n + p.promisedLines, 0);
  const held = r.promiseAccuracy.reduce((n, p) => n + p.heldLines, 0);
  const confirmed = r.promiseAccuracy.reduce((n, p) => n + p.confirmedLines, 0);
  renderChart($('#promises'), {
    id: 'promise-accuracy',
    title: `Promise accuracy by account, orders placed ${r.from} to ${r.to}`,
    description: "ATP dates promised at submit that the ERP's first confirmation kept (confirmed on or before the promise).",
    operation: 'OnTimeDelivery',
    variables,
    labels: r.promiseAccuracy.map((p) => p.account.name),
    series: [
      {
        key: 'held',
        label: 'ATP promises the ERP confirmed in time',
        values: r.promiseAccuracy.map((p) => (p.heldRate === null ? null : Math.round(p.heldRate * 1000) / 10)),
        legend: `${held} of ${confirmed} (${percent(confirmed ? held / confirmed : null)})`,
      },
    ],
    horizontal: true,
    format: (v) => `${v}%`,
    max: 100,
    notes: [`${promised} order lines were submitted with an ATP promise`],
    csv: [
      ['account_id', 'account_name', 'promised_lines', 'confirmed_lines', 'held_lines', 'held_rate', 'average_deviation_days'],
      ...r.promiseAccuracy.map((p) => [
        p.account.id,
        p.account.name,
        p.promisedLines,
        p.confirmedLines,
        p.heldLines,
        p.heldRate,
        p.averageDeviationDays,
      ]),
    ],
    empty: 'No order in this range was placed with an ATP promise (orders placed in the ERP directly carry none).',
  });
}
