/** Invoices resolvers: thin; tenancy lives in the loaders and the list query. */
import { GraphQLError } from 'graphql';
import type { FilterQuery } from '@mikro-orm/core';
import { canReadAccount } from '@portal/platform/auth';
import { decodeCursor, pageSize, toConnection } from '@portal/platform/connection';
import { DecimalScalar } from '@portal/platform/money';
import { DateScalar } from '@portal/platform/scalars';
import { balances, invoiceStatus } from '../domain/invoice-status.js';
import { Invoice, type InvoiceEntity } from '../entities/index.js';
import type { Context } from '../context.js';
import type { Resolvers } from '../generated/resolvers.js';

/** Open and overdue sums of an account's invoices in its currency (tenancy checked). */
async function accountBalances(a: { id: string; currency: string }, ctx: Context) {
  if (!canReadAccount(ctx.viewer, a.id)) throw new GraphQLError('not your account', { extensions: { code: 'FORBIDDEN' } });
  const invoices = await ctx.loaders.invoicesByAccount.load(a.id);
  return balances(
    invoices.filter((i) => i.currency === a.currency),
    today(),
  );
}

const today = () => new Date().toISOString().slice(0, 10);
const invoiceKey = (i: InvoiceEntity) => `${i.issuedAt}|${i.number}`;

export const resolvers: Resolvers = {
  Decimal: DecimalScalar,
  Date: DateScalar,
  Query: {
    invoice: (_p, { number }, ctx) => (number.length > 64 ? null : ctx.loaders.invoiceByNumber.load(number)),
    async invoices(_p, { filter, first, after }, ctx) {
      const limit = pageSize(first);
      const where: FilterQuery<InvoiceEntity> = { accountId: ctx.viewer.accountId };
      if (filter?.orderId) where.orderId = filter.orderId;
      const afterKey = decodeCursor(after);
      let paged: FilterQuery<InvoiceEntity> = where;
      if (afterKey) {
        const [issuedAt, number] = afterKey.split('|');
        if (!issuedAt || !number)
          throw new GraphQLError('`after` is not a cursor this API issued', { extensions: { code: 'BAD_USER_INPUT' } });
        paged = { $and: [where, { $or: [{ issuedAt: { $lt: issuedAt } }, { issuedAt, number: { $gt: number } }] }] };
      }
      const day = today();
      if (!filter?.status) {
        const [rows, total] = await Promise.all([
          limit === 0
            ? Promise.resolve([])
            : ctx.em.find(Invoice, paged, { orderBy: { issuedAt: 'desc', number: 'asc' }, limit: limit + 1 }),
          ctx.em.count(Invoice, where),
        ]);
        return toConnection(rows, limit, invoiceKey, total);
      }
      // The status is derived (OVERDUE depends on the day), so that filter runs after loading.
      const all = await ctx.em.find(Invoice, where, { orderBy: { issuedAt: 'desc', number: 'asc' } });
      const matching = all.filter((r) => invoiceStatus(r, day) === filter.status);
      const afterIndex = afterKey ? matching.findIndex((r) => invoiceKey(r) === afterKey) : -1;
      const total = matching.length;
      return toConnection(matching.slice(afterIndex + 1, afterIndex + 2 + limit), limit, invoiceKey, total);
    },
  },
  Invoice: {
    __resolveReference: (ref, ctx) => ctx.loaders.invoiceByNumber.load(ref.number),
    status: (i) => invoiceStatus(i, today()),
    total: (i) => ({ amount: i.total, currency: i.currency }),
    balance: (i) => ({ amount: i.balance, currency: i.currency }),
    order: (i) => ({ id: i.orderId }),
  },
  Order: {
    __resolveReference: (ref) => ({ id: ref.id }),
    invoices: (o, _a, ctx) => ctx.loaders.invoicesByOrder.load(o.id),
  },
  Account: {
    __resolveReference: (ref) => ref,
    openBalance: async (a, _args, ctx) => ({ amount: (await accountBalances(a, ctx)).open, currency: a.currency }),
    overdueAmount: async (a, _args, ctx) => ({ amount: (await accountBalances(a, ctx)).overdue, currency: a.currency }),
  },
};
