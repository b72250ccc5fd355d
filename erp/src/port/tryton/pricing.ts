/**
 * The pricing port over Tryton: price-list lines exported as the pricing engine's condition records
 * (mapping.ts), carts priced with the shared engine over those records and every line checked
 * against Tryton's own computation (`product.product.sale_price_uom` in the customer's context), so
 * a price that would differ from Tryton's is an error, never a silently different price.
 */
import {
  DEFAULT_CONDITION_TYPES,
  DEFAULT_PROCEDURE,
  priceDocument,
  priceTiers,
  type ConditionRecord,
  type DocumentPrice,
} from '@portal/pricing-engine';
import { Decimal } from '@portal/platform/money';
import { ErpRequestError, type Page, type PricingPort } from '../types.js';
import { chainOf, conditionsFrom, roundPrice, tierOf, type TPriceListLine } from './mapping.js';
import { pageOf } from './paging.js';
import { tDate } from './rpc.js';
import { stampOf, today, type Master, type TrytonSession } from './session.js';

const PRICING = { procedure: DEFAULT_PROCEDURE, conditionTypes: DEFAULT_CONDITION_TYPES };

/** An account as the pricing engine sees it: its currency, shared price list and tier (null where it has none). */
export interface PricingCustomer {
  accountId: string;
  currency: string;
  priceListId: string | null;
  tier: string | null;
}

export interface TrytonPricing {
  port: PricingPort;
  /** Every condition record the price lists express, in the company's and the customers' currencies. */
  conditions(): Promise<ConditionRecord[]>;
  /** The pricing engine's customer for an account: contract, shared price list and tier. */
  pricingCustomer(accountId: string, m: Master): PricingCustomer;
  /** Tryton's unit prices for products at one quantity, as a sale line of this customer would get them. */
  trytonPrices(accountId: string, productIds: number[], quantity: number, date: string): Promise<Map<number, string>>;
}

export function createTrytonPricing(session: TrytonSession): TrytonPricing {
  const { rpc, read } = session;

  async function conditions(): Promise<ConditionRecord[]> {
    const m = await session.master();
    const [lines, rates] = await Promise.all([
      read(
        'product.price_list.line',
        [],
        ['price_list', 'sequence', 'product', 'category', 'quantity', 'formula', 'start_date', 'end_date', 'write_date', 'create_date'],
      ),
      read('currency.currency', [], ['code', 'rate'], null, null, { date: tDate(today()) }),
    ]);
    const companyRate = new Decimal(rates.find((r) => r.code === m.company.currency)?.rate ?? 1);
    return conditionsFrom({
      lists: m.lists,
      lines: lines.map((l) => ({ ...l, stamp: stampOf(l) }) as TPriceListLine),
      products: m.products.map((p) => ({ id: p.id, sku: p.code, listPrice: String(p.list_price), stamp: stampOf(p) })),
      customers: [...m.accounts.entries()].map(([accountId, a]) => ({
        accountId,
        currency: a.currency,
        priceList: (a.party.sale_price_list as number | null) ?? null,
      })),
      companyCurrency: m.company.currency,
      rates: new Map(rates.filter((r) => r.rate).map((r) => [r.code as string, new Decimal(r.rate).div(companyRate).toString()])),
    });
  }

  function pricingCustomer(accountId: string, m: Master): PricingCustomer {
    const a = m.accounts.get(accountId)!;
    const { shared, tier } = chainOf(
      { accountId, currency: a.currency, priceList: a.party.sale_price_list ?? null },
      new Map(m.lists.map((l) => [l.id, l])),
    );
    return { accountId, currency: a.currency, priceListId: shared?.name ?? null, tier: tierOf(tier) };
  }

  async function trytonPrices(accountId: string, productIds: number[], quantity: number, date: string): Promise<Map<number, string>> {
    const { m, a } = await session.account(accountId);
    const rows = await rpc.model<Record<string, any>[]>('product.product', 'read', [productIds, ['sale_price_uom']], {
      customer: a.party.id,
      price_list: a.party.sale_price_list,
      currency: m.currencies.get(a.currency),
      quantity,
      sale_date: tDate(date),
      date: tDate(date),
    });
    return new Map(rows.map((r) => [r.id as number, roundPrice(new Decimal(r.sale_price_uom ?? 0)).toFixed(4)]));
  }

  /** Tryton's price for every (product, quantity) of the document, asked once per quantity. */
  async function trytonPricesFor(accountId: string, m: Master, doc: DocumentPrice, date: string): Promise<Map<string, string>> {
    const byQty = new Map<number, number[]>();
    for (const l of doc.lines) {
      const id = m.bySku.get(l.sku)?.id as number | undefined;
      if (id !== undefined) byQty.set(l.quantity, [...new Set([...(byQty.get(l.quantity) ?? []), id])]);
    }
    const prices = new Map<string, string>();
    await Promise.all(
      [...byQty].map(async ([q, ids]) => {
        for (const [id, price] of await trytonPrices(accountId, ids, q, date)) prices.set(`${id}|${q}`, price);
      }),
    );
    return prices;
  }

  async function simulate(
    accountId: string,
    lines: { lineId: string; sku: string; quantity: number }[],
    pricingDate?: string,
  ): Promise<DocumentPrice> {
    const { m } = await session.account(accountId);
    const date = pricingDate ?? today();
    const doc = priceDocument({
      ...PRICING,
      records: await conditions(),
      customer: pricingCustomer(accountId, m),
      pricingDate: date,
      lines,
    });
    // Tryton is the system of record: each priced line is checked against Tryton's own price computation.
    const prices = await trytonPricesFor(accountId, m, doc, date);
    for (const l of doc.lines) {
      const tryton = prices.get(`${m.bySku.get(l.sku)?.id}|${l.quantity}`);
      const amount = tryton && new Decimal(tryton).times(l.quantity).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN);
      if (amount && !amount.eq(l.grossAmount))
        throw new ErpRequestError(
          409,
          'PRICE_MAPPING_MISMATCH',
          `line ${l.lineId} (${l.sku} × ${l.quantity}): Tryton prices ${amount.toFixed(2)}, the exported conditions give ${l.grossAmount}`,
        );
    }
    return doc;
  }

  const port: PricingPort = {
    async exportConditions(req) {
      return pageOf(await conditions(), (c) => c.id, req);
    },
    async exportCustomers(req) {
      const m = await session.master();
      return pageOf(
        [...m.accounts.keys()].sort().map((id) => pricingCustomer(id, m)),
        (c) => c.accountId,
        req,
      ) as Page<{ accountId: string; currency: string; tier: string; priceListId: string }>;
    },
    simulate,
    async tiers(accountId, sku, pricingDate) {
      const { m } = await session.account(accountId);
      return priceTiers({
        ...PRICING,
        records: await conditions(),
        customer: pricingCustomer(accountId, m),
        pricingDate: pricingDate ?? today(),
        sku,
      });
    },
  };

  return { port, conditions, pricingCustomer, trytonPrices };
}
