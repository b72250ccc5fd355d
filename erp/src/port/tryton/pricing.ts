/**
 * The pricing port over Tryton: price-list lines exported as the pricing engine's condition records
 * (mapping.ts), carts priced with the shared engine over those records and every line checked
 * against Tryton's own computation (`product.product.sale_price_uom` in the customer's context), so
 * a price that would differ from Tryton's is an error, never a silently different price.
 *
 * Tryton's price depends on the quantity only through the price lists' quantity breaks, so it is
 * asked once per break band (one call for every product whose lines fall in the band), not once
 * per quantity — and once only for the same records: Tryton computes the same price from the same
 * price lists, so its answers are kept under a fingerprint of the records (any change of lines,
 * lists, list prices, rates or a customer's list makes a new fingerprint). Carts are priced over
 * records memoised for a few seconds; a line that disagrees with Tryton is priced again over fresh
 * records before it is called a mismatch. Order creation, exports and the change feed read fresh
 * records.
 */
import {
  DEFAULT_CONDITION_TYPES,
  DEFAULT_PROCEDURE,
  priceDocument,
  priceTiers,
  type ConditionRecord,
  type DocumentPrice,
} from '@portal/pricing-engine';
import { createHash } from 'node:crypto';
import { Decimal } from '@portal/platform/money';
import { minorUnits } from '@portal/platform/currency';
import { ErpRequestError, type Page, type PricingPort } from '../types.js';
import { chainOf, conditionsFrom, roundPrice, tierOf, type TPriceListLine } from './mapping.js';
import { pageOf } from './paging.js';
import { tDate } from './rpc.js';
import { readTaxes, shipToCountryOf, stampOf, taxClassOf, today, type Master, type TrytonSession } from './session.js';
import { taxConditionsFrom } from './tax-mapping.js';

const PRICING = { procedure: DEFAULT_PROCEDURE, conditionTypes: DEFAULT_CONDITION_TYPES };

/** An account as the pricing engine sees it: its currency, shared price list and tier (null where it has none). */
export interface PricingCustomer {
  accountId: string;
  currency: string;
  /** The currency's decimal places as Tryton keeps them (`currency.currency.digits`). */
  minorUnits: number;
  priceListId: string | null;
  tier: string | null;
  /** The party's ship-to country (its first address with a country): with the items' tax classes it selects the tax records. */
  shipToCountry: string | null;
}

export interface TrytonPricing {
  port: PricingPort;
  /** Every condition record the price lists express, in the company's and the customers' currencies (read now). */
  conditions(): Promise<ConditionRecord[]>;
  /** The pricing engine's customer for an account: contract, shared price list and tier. */
  pricingCustomer(accountId: string, m: Master): PricingCustomer;
  /** Tryton's unit prices for products at one quantity, as a sale line of this customer would get them. */
  trytonPrices(accountId: string, productIds: number[], quantity: number, date: string): Promise<Map<number, string>>;
  /** Tryton's unit prices for (product, quantity) pairs, asked once per quantity band: `<product id>|<quantity>` → price. */
  linePrices(accountId: string, wanted: { id: number; quantity: number }[], date: string): Promise<Map<string, string>>;
}

/** What the price lists say at one moment: the records, the quantity breaks, and a fingerprint of both. */
interface Snapshot {
  records: ConditionRecord[];
  breaks: number[];
  /** Changes whenever anything Tryton prices with changes (lines, lists, list prices, rates, customers' lists). */
  fingerprint: string;
}

/** Tryton's unit prices kept per session: far fewer than this many (account, product, band, date, records) keys are live. */
const PRICE_CACHE_MAX = 50_000;

/** The representative of a quantity: the largest price-list quantity break at or below it (1 at least). */
export function bandOf(quantity: number, breaks: readonly number[]): number {
  let rep = 1;
  for (const b of breaks) if (b <= quantity && b > rep) rep = b;
  return rep;
}

/** Condition records and the price lists' quantity breaks, read now. */
async function loadSnapshot(session: TrytonSession): Promise<Snapshot> {
  const { read } = session;
  const m = await session.master();
  const [lines, rates, tax] = await Promise.all([
    read(
      'product.price_list.line',
      [],
      ['price_list', 'sequence', 'product', 'category', 'quantity', 'formula', 'start_date', 'end_date', 'write_date', 'create_date'],
    ),
    read('currency.currency', [], ['code', 'rate'], null, null, { date: tDate(today()) }),
    // Taxes, rules and categories read now too: a changed rate is in the next records (and on the change feed).
    readTaxes(session.rpc, read),
  ]);
  const companyRate = new Decimal(rates.find((r) => r.code === m.company.currency)?.rate ?? 1);
  const breaks = [...new Set(lines.map((l) => Number(l.quantity ?? 0)).filter((q) => q > 1))].sort((a, b) => a - b);
  const records = conditionsFrom({
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
  // Tax: TX00 records per ship-to country and tax class, from the taxes Tryton's rules give the parties shipping there.
  records.push(
    ...taxConditionsFrom({
      categories: [...tax.categories.values()],
      taxes: [...tax.taxes.values()],
      ruleLines: [...tax.ruleLines.values()].flat(),
      customers: [...m.accounts.entries()].map(([accountId, a]) => ({
        accountId,
        currency: a.currency,
        country: shipToCountryOf(a.party),
        rule: (a.party.customer_tax_rule as number | null) ?? null,
      })),
      date: today(),
    }),
  );
  const fingerprint = createHash('sha1')
    .update(JSON.stringify([records, breaks]))
    .digest('hex');
  return { records, breaks, fingerprint };
}

export function createTrytonPricing(session: TrytonSession): TrytonPricing {
  const { rpc } = session;
  const cacheMs = session.opts.cacheMs ?? 5_000;

  const load = () => loadSnapshot(session);
  /** Tryton's unit prices, keyed by the snapshot's fingerprint: valid for as long as the records are the same. */
  const priceCache = session.store<string, Promise<string>>('pricing:tryton-prices');

  let generation = 0;
  /** The records, from the session's memo when it is younger than `cacheMs` (or `fresh`: read now, and memoised). */
  function cached(fresh = false) {
    if (fresh) generation++;
    return session.shared(`pricing:conditions:${generation}`, cacheMs, load);
  }
  const conditions = async () => (await cached(true)).records;

  function pricingCustomer(accountId: string, m: Master): PricingCustomer {
    const a = m.accounts.get(accountId)!;
    const { shared, tier } = chainOf(
      { accountId, currency: a.currency, priceList: a.party.sale_price_list ?? null },
      new Map(m.lists.map((l) => [l.id, l])),
    );
    return {
      accountId,
      currency: a.currency,
      minorUnits: m.currencyDigits.get(a.currency) ?? minorUnits(a.currency),
      priceListId: shared?.name ?? null,
      tier: tierOf(tier),
      shipToCountry: shipToCountryOf(a.party),
    };
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

  /**
   * Tryton's unit price for every (product, quantity): asked once per quantity band, and only once
   * for the same records (Tryton computes the same price from the same price lists). `<product id>|<quantity>` → price.
   */
  async function pricesByBand(
    accountId: string,
    wanted: { id: number; quantity: number }[],
    snap: Snapshot,
    date: string,
  ): Promise<Map<string, string>> {
    const key = (id: number, band: number) => `${snap.fingerprint}|${accountId}|${date}|${id}|${band}`;
    const byBand = new Map<number, Set<number>>();
    for (const w of wanted) {
      const band = bandOf(w.quantity, snap.breaks);
      if (!priceCache.has(key(w.id, band))) byBand.set(band, (byBand.get(band) ?? new Set()).add(w.id));
    }
    if (priceCache.size > PRICE_CACHE_MAX) priceCache.clear();
    for (const [band, ids] of byBand) {
      const asked = trytonPrices(accountId, [...ids], band, date);
      for (const id of ids) {
        const price = asked.then((m) => m.get(id)!);
        priceCache.set(key(id, band), price);
        price.catch(() => priceCache.delete(key(id, band)));
      }
    }
    return new Map(
      await Promise.all(
        wanted.map(async (w) => [`${w.id}|${w.quantity}`, await priceCache.get(key(w.id, bandOf(w.quantity, snap.breaks)))!] as const),
      ),
    );
  }

  /** The document priced over the records, and the first line whose amount Tryton computes otherwise. */
  async function priceAndCheck(
    accountId: string,
    m: Master,
    lines: { lineId: string; sku: string; quantity: number }[],
    date: string,
    fresh: boolean,
  ) {
    const snap = await cached(fresh);
    const customer = pricingCustomer(accountId, m);
    const doc = priceDocument({
      ...PRICING,
      records: snap.records,
      customer,
      pricingDate: date,
      // The lines' tax classes only where tax can apply (a customer without a ship-to country pays none).
      lines: lines.map((l) => {
        const p = customer.shipToCountry ? m.bySku.get(l.sku) : undefined;
        return p ? { ...l, taxClass: taxClassOf(p, m) } : l;
      }),
    });
    const wanted = doc.lines.flatMap((l) => {
      const id = m.bySku.get(l.sku)?.id as number | undefined;
      return id === undefined ? [] : [{ id, quantity: l.quantity }];
    });
    const prices = await pricesByBand(accountId, wanted, snap, date);
    const mismatch = doc.lines
      .map((l) => {
        const tryton = prices.get(`${m.bySku.get(l.sku)?.id}|${l.quantity}`);
        const amount = tryton && new Decimal(tryton).times(l.quantity).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN);
        return amount && !amount.eq(l.grossAmount) ? { l, amount } : null;
      })
      .find(Boolean);
    return { doc, mismatch };
  }

  async function simulate(
    accountId: string,
    lines: { lineId: string; sku: string; quantity: number }[],
    pricingDate?: string,
  ): Promise<DocumentPrice> {
    const { m } = await session.account(accountId);
    const date = pricingDate ?? today();
    // Tryton is the system of record: each priced line is checked against Tryton's own price computation,
    // over fresh records before a difference is reported (the memo may predate a price change).
    let { doc, mismatch } = await priceAndCheck(accountId, m, lines, date, false);
    if (mismatch) ({ doc, mismatch } = await priceAndCheck(accountId, m, lines, date, true));
    if (mismatch)
      throw new ErpRequestError(
        409,
        'PRICE_MAPPING_MISMATCH',
        `line ${mismatch.l.lineId} (${mismatch.l.sku} × ${mismatch.l.quantity}): Tryton prices ${mismatch.amount.toFixed(2)}, the exported conditions give ${mismatch.l.grossAmount}`,
      );
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
      ) as Page<{ accountId: string; currency: string; tier: string; priceListId: string; shipToCountry: string | null }>;
    },
    async exportItemTaxClasses(req) {
      const m = await session.master();
      return pageOf(
        m.products.map((p) => ({ sku: p.code as string, taxClass: taxClassOf(p, m) })),
        (i) => i.sku,
        req,
      );
    },
    simulate,
    async tiers(accountId, sku, pricingDate) {
      const { m } = await session.account(accountId);
      return priceTiers({
        ...PRICING,
        records: (await cached()).records,
        customer: pricingCustomer(accountId, m),
        pricingDate: pricingDate ?? today(),
        sku,
      });
    },
  };

  /** Tryton's unit prices for (product, quantity) pairs as sale lines of this customer would get them, one call per quantity band. */
  async function linePrices(accountId: string, wanted: { id: number; quantity: number }[], date: string) {
    // A sale line gets the price Tryton gives now: the records are read afresh (Tryton's price for the same records is kept).
    return pricesByBand(accountId, wanted, await cached(true), date);
  }

  return { port, conditions, pricingCustomer, trytonPrices, linePrices };
}
