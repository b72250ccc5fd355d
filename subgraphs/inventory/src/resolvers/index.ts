/** Inventory resolvers: thin — arguments in, a query or loader call, entities out. */
import { GraphQLError } from 'graphql';
import type { FilterQuery } from '@mikro-orm/core';
import { decodeCursor, pageSize, toConnection } from '@portal/platform/connection';
import { SearchTooLongError, parseItemSearch } from '../domain/item-search.js';
import { Item, type ItemEntity } from '../entities/index.js';
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

export const resolvers: Resolvers = {
  Query: {
    item: (_parent, { sku }, ctx) => ctx.loaders.itemBySku.load(sku),
    async items(_parent, { search, first, after }, ctx) {
      const limit = pageSize(first);
      const afterSku = decodeCursor(after);
      const where = searchFilter(search);
      const paged: FilterQuery<ItemEntity> = afterSku ? { $and: [where, { sku: { $gt: afterSku } }] } : where;
      const [rows, total] = await Promise.all([
        limit === 0 ? Promise.resolve([]) : ctx.em.find(Item, paged, { orderBy: { sku: 'asc' }, limit: limit + 1 }),
        ctx.em.count(Item, where),
      ]);
      for (const row of rows) ctx.loaders.itemBySku.prime(row.sku, row);
      return toConnection(rows, limit, (r) => r.sku, total);
    },
  },
  Item: {
    __resolveReference: (ref, ctx) => ctx.loaders.itemBySku.load(ref.sku),
    successor: (item, _args, ctx) => (item.successorSku ? ctx.loaders.itemBySku.load(item.successorSku) : null),
    discontinued: (item) => item.discontinued ?? false,
  },
};
