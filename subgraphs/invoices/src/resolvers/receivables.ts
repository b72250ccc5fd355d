/**
 * The receivables report: scope and date from the arguments and the viewer (analysts: every
 * account or `accountIds`; everyone else: their own), figures from one SQL statement
 * (entities/receivables-report.ts). `byAccount` and `totals` share that statement.
 */
import { GraphQLError } from 'graphql';
import { accountScope } from '@portal/platform/auth';
import { receivables, type ReceivablesRow, type ReceivablesScope } from '../entities/receivables-report.js';
import type { Context } from '../context.js';
import type { QueryResolvers, ReceivablesReportResolvers, ReceivablesResolvers } from '../generated/resolvers.js';

export const MAX_SALES_PERIOD_DAYS = 3660;
/** Business dates a report accepts: what a database date and timestamp hold without surprises. */
const EARLIEST_DATE = '1900-01-01';
const LATEST_DATE = '9998-12-31';
export const MAX_ACCOUNT_ROWS = 1000;
const DEFAULT_ACCOUNT_ROWS = 100;

type Result = Awaited<ReturnType<typeof receivables>>;

/** The report as resolvers see it: its scope, and the statement's result per requested row count. */
export interface ReceivablesReportParent extends ReceivablesScope {
  runs: Map<number, Promise<Result>>;
}

const bad = (message: string, argumentName: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', argumentName } });

function run(report: ReceivablesReportParent, accountRows: number, ctx: Context): Promise<Result> {
  let result = report.runs.get(accountRows);
  if (!result) {
    result = receivables(ctx.em, { ...report, accountRows });
    report.runs.set(accountRows, result);
  }
  return result;
}

const money = (amount: string, currency: string) => ({ amount, currency });

export const receivablesQuery: Pick<QueryResolvers<Context>, 'receivables'> = {
  async receivables(_p, { asOf, accountIds, overdueOnly, salesPeriodDays }, ctx) {
    const days = salesPeriodDays ?? 90;
    if (!Number.isInteger(days) || days < 1 || days > MAX_SALES_PERIOD_DAYS)
      throw bad(`salesPeriodDays: 1 to ${MAX_SALES_PERIOD_DAYS}`, 'salesPeriodDays');
    if (asOf && (asOf < EARLIEST_DATE || asOf > LATEST_DATE))
      throw bad(`asOf: ${asOf} is not between ${EARLIEST_DATE} and ${LATEST_DATE}`, 'asOf');
    return {
      accountIds: accountScope(ctx.viewer, accountIds),
      // As of the business date (the ERP's) when none is given: the day statuses and overdue amounts are judged by everywhere.
      asOf: asOf ?? (await ctx.loaders.businessDate()),
      salesPeriodDays: days,
      overdueOnly: overdueOnly ?? false,
      runs: new Map(),
    };
  },
};

export const receivablesResolvers: { ReceivablesReport: ReceivablesReportResolvers<Context>; Receivables: ReceivablesResolvers<Context> } =
  {
    ReceivablesReport: {
      async byAccount(report, { first }, ctx) {
        const rows = first ?? DEFAULT_ACCOUNT_ROWS;
        if (!Number.isInteger(rows) || rows < 0 || rows > MAX_ACCOUNT_ROWS) throw bad(`first: 0 to ${MAX_ACCOUNT_ROWS}`, 'first');
        return (await run(report, rows, ctx)).byAccount;
      },
      // Whichever row count was asked for already: the totals do not depend on it.
      totals: async (report, _a, ctx) => (await (report.runs.values().next().value ?? run(report, DEFAULT_ACCOUNT_ROWS, ctx))).totals,
    },
    Receivables: {
      account: (r: ReceivablesRow) => (r.accountId ? { id: r.accountId, currency: r.currency } : null),
      open: (r) => money(r.open, r.currency),
      overdue: (r) => money(r.overdue, r.currency),
      aging: (r) => ({
        current: money(r.current, r.currency),
        days1To30: money(r.days1To30, r.currency),
        days31To60: money(r.days31To60, r.currency),
        days61To90: money(r.days61To90, r.currency),
        over90: money(r.over90, r.currency),
      }),
      sales: (r) => money(r.sales, r.currency),
    },
  };
