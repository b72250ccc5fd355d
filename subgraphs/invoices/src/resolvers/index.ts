/** Invoices resolvers: thin; tenancy lives in the loaders and the list query. */
import { GraphQLError } from 'graphql';
import type { FilterQuery } from '@mikro-orm/core';
import { accountScope, canReadAccount } from '@portal/platform/auth';
import { decodeCursor, pageSize, selectsField, selectsRows, toConnection } from '@portal/platform/connection';
import { Decimal, DecimalScalar, MoneyResolvers } from '@portal/platform/money';
import { DateScalar, DateTimeScalar } from '@portal/platform/scalars';
import { aging, balances, daysOverdue, invoiceStatus } from '../domain/invoice-status.js';
import { Invoice, type BillingLine, type InvoiceEntity } from '../entities/index.js';
import type { Context } from '../context.js';
import type { Resolvers } from '../generated/resolvers.js';
import { filterConditions } from './invoice-filter.js';
import { receivablesQuery, receivablesResolvers } from './receivables.js';

/** The business date (the ERP's, through the service's business clock): due dates are compared with it. */
const today = (ctx: Context) => ctx.loaders.businessDate();
const invoiceKey = (i: InvoiceEntity) => `${i.issuedAt}|${i.number}`;
const money = (amount: Decimal | string, currency: string) => ({ amount, currency });
const sum = (values: string[]) => values.reduce((s, v) => s.plus(v), new Decimal(0));
const lineViews = (lines: BillingLine[], currency: string, orderId: string) => lines.map((l) => ({ ...l, currency, orderId }));
/** A billing document's tax per rate, as Money in its currency. */
const taxLineViews = (lines: { rate: string; base: string; amount: string }[] | null | undefined, currency: string) =>
  (lines ?? []).map((t) => ({ rate: t.rate, base: money(t.base, currency), amount: money(t.amount, currency) }));

/** An account's open invoices in its currency (tenancy checked). */
async function openInvoices(a: { id: string; currency: string }, ctx: Context) {
  if (!canReadAccount(ctx.viewer, a.id)) throw new GraphQLError('not your account', { extensions: { code: 'FORBIDDEN' } });
  return (await ctx.loaders.openInvoicesByAccount.load(a.id)).filter((i) => i.currency === a.currency);
}

export const resolvers: Resolvers = {
  Decimal: DecimalScalar,
  Money: MoneyResolvers,
  Date: DateScalar,
  DateTime: DateTimeScalar,
  ...receivablesResolvers,
  Query: {
    ...receivablesQuery,
    invoice: (_p, { number }, ctx) => (number.length > 64 ? null : ctx.loaders.invoiceByNumber.load(number)),
    creditMemo: (_p, { number }, ctx) => (number.length > 64 ? null : ctx.loaders.creditMemoByNumber.load(number)),
    async invoices(_p, { filter, first, after, accountIds }, ctx, info) {
      const limit = pageSize(first);
      const scope = accountScope(ctx.viewer, accountIds);
      const where: FilterQuery<InvoiceEntity> = {
        $and: [scope ? { accountId: { $in: scope } } : {}, ...filterConditions(filter, await today(ctx))],
      };
      const afterKey = decodeCursor(after);
      let paged = where;
      if (afterKey) {
        const [issuedAt, number] = afterKey.split('|');
        if (!issuedAt || !number || !/^\d{4}-\d{2}-\d{2}$/.test(issuedAt))
          throw new GraphQLError('`after` is not a cursor this API issued', { extensions: { code: 'BAD_USER_INPUT' } });
        paged = { $and: [where, { $or: [{ issuedAt: { $lt: issuedAt } }, { issuedAt, number: { $gt: number } }] }] };
      }
      // The rows and the count only when the query reads them.
      const [rows, total] = await Promise.all([
        limit === 0 || !selectsRows(info)
          ? Promise.resolve([])
          : ctx.em.find(Invoice, paged, { orderBy: { issuedAt: 'desc', number: 'asc' }, limit: limit + 1 }),
        selectsField(info, 'totalCount') ? ctx.em.count(Invoice, where) : Promise.resolve(0),
      ]);
      return toConnection(rows, limit, invoiceKey, total);
    },
  },
  Invoice: {
    __resolveReference: (ref, ctx) => ctx.loaders.invoiceByNumber.load(ref.number),
    status: async (i, _a, ctx) => invoiceStatus(i, await today(ctx)),
    async daysOverdue(i, _a, ctx) {
      const day = await today(ctx);
      return invoiceStatus(i, day) === 'OVERDUE' ? daysOverdue(i.dueDate, day) : 0;
    },
    total: (i) => money(i.total, i.currency),
    headerDiscount: (i) => money(i.headerDiscount ?? '0', i.currency),
    tax: (i) => money(i.tax ?? '0', i.currency),
    taxLines: (i) => taxLineViews(i.taxLines, i.currency),
    balance: (i) => money(i.balance, i.currency),
    paidAmount: async (i, _a, ctx) => money(sum((await ctx.loaders.paymentsByInvoice.load(i.number)).map((p) => p.amount)), i.currency),
    creditedAmount: async (i, _a, ctx) =>
      money(sum((await ctx.loaders.creditMemosByInvoice.load(i.number)).map((c) => c.total)), i.currency),
    order: (i) => ({ id: i.orderId }),
    lines: (i) => lineViews(i.lines, i.currency, i.orderId),
    payments: async (i, _a, ctx) => (await ctx.loaders.paymentsByInvoice.load(i.number)).map((p) => ({ ...p, currency: i.currency })),
    creditMemos: (i, _a, ctx) => ctx.loaders.creditMemosByInvoice.load(i.number),
    document: (i, _a, ctx) => ctx.loaders.document('invoices', i.number, i.accountId),
    account: (i) => ({ id: i.accountId, currency: i.currency }),
  },
  CreditMemo: {
    __resolveReference: (ref, ctx) => ctx.loaders.creditMemoByNumber.load(ref.number),
    total: (c) => money(c.total, c.currency),
    headerDiscount: (c) => money(c.headerDiscount ?? '0', c.currency),
    tax: (c) => money(c.tax ?? '0', c.currency),
    taxLines: (c) => taxLineViews(c.taxLines, c.currency),
    // Through the order's invoices (the same batch `Order.invoices` uses), so memos cost no extra query.
    invoice: async (c, _a, ctx) => (await ctx.loaders.invoicesByOrder.load(c.orderId)).find((i) => i.number === c.invoiceNumber) ?? null,
    order: (c) => ({ id: c.orderId }),
    lines: (c) => lineViews(c.lines, c.currency, c.orderId),
    document: (c, _a, ctx) => ctx.loaders.document('credit-memos', c.number, c.accountId),
  },
  BillingLine: {
    orderLineId: (l) => (l.lineNo > 0 ? `${l.orderId}:${l.lineNo}` : null),
    unitPrice: (l) => money(l.unitPrice, l.currency),
    amount: (l) => money(l.amount, l.currency),
  },
  Payment: {
    amount: (p) => money(p.amount, p.currency),
  },
  Order: {
    __resolveReference: (ref) => ({ id: ref.id }),
    invoices: (o, _a, ctx) => ctx.loaders.invoicesByOrder.load(o.id),
    creditMemos: (o, _a, ctx) => ctx.loaders.creditMemosByOrder.load(o.id),
  },
  Account: {
    __resolveReference: (ref) => ref,
    openBalance: async (a, _args, ctx) => money(balances(await openInvoices(a, ctx), await today(ctx)).open, a.currency),
    overdueAmount: async (a, _args, ctx) => money(balances(await openInvoices(a, ctx), await today(ctx)).overdue, a.currency),
    creditBalance: async (a, _args, ctx) => money(await ctx.loaders.creditBalanceByAccount.load(a.id), a.currency),
    async aging(a, _args, ctx) {
      const b = aging(await openInvoices(a, ctx), await today(ctx));
      return {
        current: money(b.current, a.currency),
        days1To30: money(b.days1To30, a.currency),
        days31To60: money(b.days31To60, a.currency),
        days61To90: money(b.days61To90, a.currency),
        over90: money(b.over90, a.currency),
      };
    },
  },
};
