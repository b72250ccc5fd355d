/** Pricing resolvers: thin — the price loader does the batched work, the engine the pricing. */
import { GraphQLError } from 'graphql';
import { DecimalScalar } from '@portal/platform/money';
import { DateScalar } from '@portal/platform/scalars';
import type { Resolvers } from '../generated/resolvers.js';

export const resolvers: Resolvers = {
  Decimal: DecimalScalar,
  Date: DateScalar,
  Item: {
    __resolveReference: (ref) => ({ sku: ref.sku }),
    price(item, { quantity }, ctx) {
      if (!Number.isSafeInteger(quantity) || quantity < 1)
        throw new GraphQLError('quantity must be a positive integer', { extensions: { code: 'BAD_USER_INPUT', argumentName: 'quantity' } });
      return ctx.loaders.price.load({ sku: item.sku, quantity });
    },
  },
  LinePrice: {
    unitPrice: (p) => ({ amount: p.unitPrice, currency: p.currency }),
    netAmount: (p) => ({ amount: p.netAmount, currency: p.currency }),
    listPrice: (p) => ({ amount: p.listPrice, currency: p.currency }),
    components: (p) => p.components.map((c) => ({ ...c, amount: { amount: c.amount, currency: p.currency } })),
  },
};
