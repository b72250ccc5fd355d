/** Pricing resolvers: thin — loaders batch the data, the shared engine prices, quotes snapshot. */
import { GraphQLError } from 'graphql';
import { canReadAccount, hasRole } from '@portal/platform/auth';
import { Decimal, DecimalScalar, formatDecimal } from '@portal/platform/money';
import { DateScalar, DateTimeScalar } from '@portal/platform/scalars';
import type { Context } from '../context.js';
import { snapshotQuote } from '../domain/quotes.js';
import { contractsOf } from '../contracts.js';
import { saveQuote } from '../quote-store.js';
import { MoneyAmountResolvers } from '../money-text.js';
import type { PriceComponentType, PriceSource, Resolvers } from '../generated/resolvers.js';

const badQuantity = () =>
  new GraphQLError('quantity must be an integer from 1 to 1000000', { extensions: { code: 'BAD_USER_INPUT', argumentName: 'quantity' } });
const validQuantity = (q: number) => Number.isSafeInteger(q) && q >= 1 && q <= 1_000_000;

/** The minimum order value and what the cart's goods (net after header discounts) lack to reach it. */
function minimumOf(minimum: string | null, t: { net: string; headerDiscount: string }, currency: string) {
  if (minimum === null) return { minimumOrderValue: null, belowMinimumBy: null };
  const short = new Decimal(minimum).minus(t.net).plus(t.headerDiscount);
  return {
    minimumOrderValue: { amount: new Decimal(minimum).toFixed(), currency },
    belowMinimumBy: short.gt(0) ? { amount: short.toFixed(), currency } : null,
  };
}

export function createResolvers(opts: { quoteTtlHours: number; status: () => Promise<Record<string, unknown>> }): Resolvers {
  const money = (amount: string, currency: string) => ({ amount, currency });
  const cartOf = (cart: { id: string; lines: { id: string; sku: string; quantity: number }[] }, ctx: Context) => {
    if (cart.lines.some((l) => !validQuantity(l.quantity))) throw badQuantity();
    return ctx.loaders.cart.load({ id: cart.id, lines: cart.lines.map((l) => ({ id: l.id, sku: l.sku, quantity: l.quantity })) });
  };
  return {
    Decimal: DecimalScalar,
    Money: MoneyAmountResolvers,
    Date: DateScalar,
    DateTime: DateTimeScalar,
    Query: {
      async pricingSyncStatus(_p, _a, ctx) {
        if (!hasRole(ctx.viewer, 'admin', 'analyst'))
          throw new GraphQLError('pricing sync status is for admins and analysts', { extensions: { code: 'FORBIDDEN' } });
        return (await opts.status()) as never;
      },
    },
    Item: {
      __resolveReference: (ref) => ({ sku: ref.sku }),
      price(item, { quantity }, ctx) {
        if (!validQuantity(quantity)) throw badQuantity();
        return ctx.loaders.price.load({ sku: item.sku, quantity });
      },
      priceTiers: (item, _a, ctx) => ctx.loaders.tiers.load(item.sku),
    },
    PriceTier: {
      unitPrice: (t) => money(t.unitPrice, t.currency),
      source: (t) => t.source as PriceSource,
      price: (t) => ({ ...t.price, currency: t.currency, pricingDate: t.pricingDate }),
    },
    CartLine: {
      __resolveReference: (ref) => ref,
      price(line, _a, ctx) {
        if (!validQuantity(line.quantity)) throw badQuantity();
        return ctx.loaders.price.load({ sku: line.sku, quantity: line.quantity });
      },
    },
    Cart: {
      __resolveReference: (ref) => ref,
      async totals(cart, _a, ctx) {
        const priced = await cartOf(cart, ctx);
        if (!priced) return null;
        const t = priced.doc.totals;
        const c = priced.doc.currency;
        const unpriced = priced.doc.errors.map((e) => e.sku);
        return {
          subtotal: money(t.subtotal, c),
          discount: money(t.discount, c),
          surcharge: money(t.surcharge, c),
          freight: money(t.freight, c),
          net: money(t.net, c),
          headerDiscount: money(t.headerDiscount, c),
          tax: money(t.tax, c),
          taxLines: priced.doc.taxLines.map((l) => ({ label: l.label, rate: l.rate, base: money(l.base, c), amount: money(l.amount, c) })),
          total: money(t.total, c),
          ...minimumOf(priced.customer.minimumOrderValue ?? null, t, c),
          unpricedSkus: unpriced,
        };
      },
      async quote(cart, _a, ctx) {
        const priced = await cartOf(cart, ctx);
        if (!priced) return null;
        const now = new Date((await ctx.loaders.businessNow()).at);
        const stored = await saveQuote(
          ctx.em,
          snapshotQuote(priced.doc, ctx.viewer.accountId, cart.id, priced.customer.minimumOrderValue ?? null),
          'portal',
          opts.quoteTtlHours,
          now,
        );
        return { id: stored.id, pricingDate: stored.pricingDate, expiresAt: stored.expiresAt };
      },
    },
    Account: {
      __resolveReference: (ref) => ({ id: ref.id }),
      async contracts(account, { withinDays }, ctx) {
        if (!canReadAccount(ctx.viewer, account.id)) return [];
        const days = withinDays ?? 30;
        if (!Number.isSafeInteger(days) || days < 0 || days > 3650)
          throw new GraphQLError('withinDays must be between 0 and 3650', {
            extensions: { code: 'BAD_USER_INPUT', argumentName: 'withinDays' },
          });
        return contractsOf(ctx.em, account.id, days, (await ctx.loaders.businessNow()).date);
      },
    },
    ContractItem: {
      item: (i) => ({ sku: i.sku }),
    },
    LinePrice: {
      unitPrice: (p) => money(p.unitPrice, p.currency),
      netAmount: (p) => money(p.netAmount, p.currency),
      listPrice: (p) => money(p.listPrice, p.currency),
      basis: (p) => ({
        source: p.basis.source,
        contractId: p.basis.contractId,
        contractVersion: p.basis.contractVersion,
        priceListId: p.basis.priceListId,
        tierMinQuantity: p.basis.tierMinQuantity,
        validFrom: p.basis.validFrom,
        validTo: p.basis.validTo,
        conditionId: p.basis.conditionId,
        conditionVersion: p.basis.conditionVersion,
      }),
      components: (p) =>
        p.components.map((c) => ({
          type: c.type as PriceComponentType,
          label: c.label,
          // The engine's normalised text; shown with two places at least (see PriceComponent.rate).
          rate: c.rate,
          amount: money(c.amount, p.currency),
          conditionId: c.conditionId,
          conditionVersion: c.conditionVersion,
        })),
    },
    PriceComponent: {
      // Formatted only when asked for: most pages show a component's amount, not its rate.
      rate: (c) => (c.rate === null || c.rate === undefined ? null : formatDecimal(c.rate)),
    },
  };
}
