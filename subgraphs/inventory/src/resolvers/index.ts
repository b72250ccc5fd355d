/** Inventory resolvers: thin — arguments in, a query or loader call, entities out. */
import { GraphQLError } from 'graphql';
import type { FilterQuery } from '@mikro-orm/core';
import { decodeCursor, pageSize, selectsField, selectsRows, toConnection } from '@portal/platform/connection';
import { SearchTooLongError, parseItemSearch } from '../domain/item-search.js';
import { Item, type ItemEntity } from '../entities/index.js';
import { DateScalar, DateTimeScalar } from '@portal/platform/scalars';
import type { Context } from '../context.js';
import type { Resolvers } from '../generated/resolvers.js';

function searchFilter(search: string | null | undefined): FilterQuery<ItemEntity> {
  let parsed;
  try {
    parsed = parseItemSearch(search);
  } catch (err) {
    if (err instanceof SearchTooLongError)
      throw new GraphQLError(err.message, { extensions: { code: 'BAD_USER_INPUT', argumentName: 'search' } });
    throw err;
  }
  if (!parsed) return {};
  return { $or: [{ sku: { $like: parsed.skuPrefix } }, { $and: parsed.nameTerms.map((t) => ({ searchName: { $like: t } })) }] };
}

const validQuantity = (q: number) => Number.isSafeInteger(q) && q >= 1 && q <= 1_000_000;

function availabilityOf(
  ctx: Context,
  sku: string,
  quantity: number,
  requestedDate: string | null | undefined,
  warehouse: string | null | undefined,
) {
  if (!validQuantity(quantity))
    throw new GraphQLError('quantity must be an integer from 1 to 1000000', {
      extensions: { code: 'BAD_USER_INPUT', argumentName: 'quantity' },
    });
  if (warehouse !== null && warehouse !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(warehouse))
    throw new GraphQLError('unknown warehouse', { extensions: { code: 'BAD_USER_INPUT', argumentName: 'warehouse' } });
  return ctx.loaders.availability.load({ sku, quantity, requestedDate: requestedDate ?? null, warehouse: warehouse ?? null }).then((v) => {
    if (v instanceof GraphQLError) throw v;
    return v;
  });
}

export const resolvers: Resolvers = {
  Date: DateScalar,
  DateTime: DateTimeScalar,
  Query: {
    item: (_parent, { sku }, ctx) => ctx.loaders.itemBySku.load(sku),
    async items(_parent, { search, first, after }, ctx, info) {
      const limit = pageSize(first);
      const afterSku = decodeCursor(after);
      const where = searchFilter(search);
      const paged: FilterQuery<ItemEntity> = afterSku ? { $and: [where, { sku: { $gt: afterSku } }] } : where;
      // The rows and the count only when the query reads them.
      const [rows, total] = await Promise.all([
        limit === 0 || !selectsRows(info) ? Promise.resolve([]) : ctx.em.find(Item, paged, { orderBy: { sku: 'asc' }, limit: limit + 1 }),
        selectsField(info, 'totalCount') ? ctx.em.count(Item, where) : Promise.resolve(0),
      ]);
      for (const row of rows) ctx.loaders.itemBySku.prime(row.sku, row);
      return toConnection(rows, limit, (r) => r.sku, total);
    },
  },
  Item: {
    __resolveReference: (ref, ctx) => ctx.loaders.itemBySku.load(ref.sku),
    successor: (item, _args, ctx) => (item.successorSku ? ctx.loaders.itemBySku.load(item.successorSku) : null),
    discontinued: (item) => item.discontinued ?? false,
    availability: (item, { quantity, requestedDate, warehouse }, ctx) => availabilityOf(ctx, item.sku, quantity, requestedDate, warehouse),
  },
  CartLine: {
    __resolveReference: (ref) => ref,
    availability: (line, _a, ctx) => availabilityOf(ctx, line.sku, line.quantity, line.effectiveRequestedDate, null),
  },
};
