/** Pricing resolvers: thin — the price loader does the batched work, the shared engine the pricing. */
import { GraphQLError } from 'graphql';
import { DecimalScalar } from '@portal/platform/money';
import { DateScalar } from '@portal/platform/scalars';
import type { PriceComponentType, Resolvers } from '../generated/resolvers.js';

export const resolvers: Resolvers = {
  Decimal: DecimalScalar,
  Date: DateScalar,
  Item: {
    __resolveReference: (ref) => ({ sku: ref.sku }),
    price(item, { quantity }, ctx) {
      if (!Number.isSafeInteger(quantity) || quantity < 1 || quantity > 1_000_000)
        throw new GraphQLError('quantity must be an integer from 1 to 1000000', {
          extensions: { code: 'BAD_USER_INPUT', argumentName: 'quantity' },
        });
      return ctx.loaders.price.load({ sku: item.sku, quantity });
    },
  },
  LinePrice: {
    unitPrice: (p) => ({ amount: p.unitPrice, currency: p.currency }),
    netAmount: (p) => ({ amount: p.netAmount, currency: p.currency }),
    listPrice: (p) => ({ amount: p.listPrice, currency: p.currency }),
    basis: (p) => ({
      source: p.basis.source,
      contractId: p.basis.contractId,
      contractVersion: p.basis.contractVersion,
      priceListId: p.basis.priceListId,
      tierMinQuantity: p.basis.tierMinQuantity,
      validFrom: p.basis.validFrom,
      validTo: p.basis.validTo,
    }),
    components: (p) =>
      p.components.map((c) => ({
        type: c.type as PriceComponentType,
        label: c.label,
        rate: c.rate,
        amount: { amount: c.amount, currency: p.currency },
        conditionId: c.conditionId,
        conditionVersion: c.conditionVersion,
      })),
  },
};
