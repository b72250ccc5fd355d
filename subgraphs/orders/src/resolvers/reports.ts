/**
 * Analysts' reading across accounts: the `accounts` list, `Order.account`, and the order and
 * fulfilment reports. Scope comes from the viewer (analysts: every account or `accountIds`;
 * everyone else: their own account only); figures come from SQL aggregates
 * (entities/order-reports.ts). Accounts on report rows resolve through the batched account loader.
 */
import { GraphQLError } from 'graphql';
import type { FilterQuery } from '@mikro-orm/core';
import { accountScope } from '@portal/platform/auth';
import { decodeCursor, pageSize, toConnection } from '@portal/platform/connection';
import { resolveRange, rate, type ReportInterval } from '../domain/report-range.js';
import { Account, type AccountEntity, type OrderEntity } from '../entities/index.js';
import { onTimeDelivery, orderAggregates, promiseAccuracy, topItems, type ReportScope } from '../entities/order-reports.js';
import type { Context } from '../context.js';
import type { Resolvers } from '../generated/resolvers.js';

const MAX_TOP_ITEMS = 100;

const bad = (message: string, argumentName: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', argumentName } });

/** The range's end, when none is given, is the business date (the ERP's, through the service's business clock). */
async function reportScope(
  ctx: Context,
  range: { from?: string | null; to?: string | null } | null | undefined,
  accountIds?: string[] | null,
) {
  const resolved = resolveRange(range, await ctx.loaders.businessDate());
  if (typeof resolved === 'string') throw bad(resolved, 'range');
  return { accountIds: accountScope(ctx.viewer, accountIds), range: resolved } satisfies ReportScope;
}

const accountOf = async (id: string | null, ctx: Context) => (id ? ctx.loaders.accountById.load(id) : null);
const money = (amount: string, currency: string) => ({ amount, currency });

/** Search text as a LIKE pattern (its wildcards escaped). */
const likeEscaped = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export const reportResolvers: Resolvers = {
  Query: {
    async accounts(_p, { first, after, filter }, ctx) {
      const limit = pageSize(first);
      const scope = accountScope(ctx.viewer);
      const conditions: FilterQuery<AccountEntity>[] = scope ? [{ id: { $in: scope } }] : [];
      const search = filter?.search?.trim();
      if (search) {
        if (search.length > 64) throw bad('search: at most 64 characters', 'filter');
        const like = likeEscaped(search);
        conditions.push({ $or: [{ id: { $ilike: `${like}%` } }, { name: { $ilike: `%${like}%` } }] });
      }
      const where: FilterQuery<AccountEntity> = conditions.length ? { $and: conditions } : {};
      const afterId = decodeCursor(after);
      const paged: FilterQuery<AccountEntity> = afterId ? { $and: [where, { id: { $gt: afterId } }] } : where;
      const [rows, total] = await Promise.all([
        limit === 0 ? Promise.resolve([]) : ctx.em.find(Account, paged, { orderBy: { id: 'asc' }, limit: limit + 1 }),
        ctx.em.count(Account, where),
      ]);
      for (const r of rows) ctx.loaders.accountById.prime(r.id, r);
      return toConnection(rows, limit, (a) => a.id, total);
    },
    orderReport: (_p, { range, accountIds }, ctx) => reportScope(ctx, range, accountIds),
    fulfilmentReport: (_p, { range, accountIds }, ctx) => reportScope(ctx, range, accountIds),
  },
  Order: {
    async account(o: OrderEntity, _a, ctx) {
      // Accounts are synced before their orders; one the portal has not synced yet (created in the
      // ERP since) is described from the order rather than failing the list.
      const account = await ctx.loaders.accountById.load(o.accountId);
      return account ?? ({ id: o.accountId, name: o.accountId, currency: o.currency } as AccountEntity);
    },
  },
  OrderReport: {
    from: (r) => r.range.from,
    to: (r) => r.range.to,
    totals: (r, { perAccount }, ctx) => orderAggregates(ctx.em, r, { status: false, interval: null, account: !!perAccount }),
    byStatus: (r, { perAccount }, ctx) => orderAggregates(ctx.em, r, { status: true, interval: null, account: !!perAccount }),
    byPeriod: (r, { interval, perAccount }, ctx) =>
      orderAggregates(ctx.em, r, { status: true, interval: interval as ReportInterval, account: !!perAccount }),
    topItems(r, { first, rankBy }, ctx) {
      const n = first ?? 10;
      if (!Number.isInteger(n) || n < 0 || n > MAX_TOP_ITEMS) throw bad(`first: 0 to ${MAX_TOP_ITEMS}`, 'first');
      return topItems(ctx.em, r, n, rankBy ?? 'NET_AMOUNT');
    },
  },
  OrderAggregate: {
    status: (a) => a.status as never,
    account: (a, _args, ctx) => accountOf(a.accountId, ctx),
    netAmount: (a) => money(a.netAmount, a.currency),
  },
  TopItem: {
    item: (t) => ({ sku: t.sku }),
    netAmount: (t) => money(t.netAmount, t.currency),
  },
  FulfilmentReport: {
    from: (r) => r.range.from,
    to: (r) => r.range.to,
    onTimeDelivery: (r, { interval, perAccount }, ctx) =>
      onTimeDelivery(ctx.em, r, { interval: (interval ?? null) as ReportInterval | null, account: !!perAccount }),
    promiseAccuracy: (r, { interval, perAccount }, ctx) =>
      promiseAccuracy(ctx.em, r, { interval: (interval ?? null) as ReportInterval | null, account: !!perAccount }),
  },
  OnTimeDelivery: {
    account: (d, _a, ctx) => accountOf(d.accountId, ctx),
    onTimeVsConfirmedRate: (d) => rate(d.onTimeVsConfirmed, d.confirmedLines),
    onTimeVsRequestedRate: (d) => rate(d.onTimeVsRequested, d.requestedLines),
  },
  PromiseAccuracy: {
    account: (p, _a, ctx) => accountOf(p.accountId, ctx),
    heldRate: (p) => rate(p.heldLines, p.confirmedLines),
  },
};
