/**
 * Tryton → canonical shapes, pure (no I/O): price-list lines → condition records, sale/shipment/
 * invoice states → the portal's statuses. What Tryton can express but the canonical model cannot
 * (or the reverse) fails here with `TrytonMappingError`, naming the record, instead of a price
 * that would silently differ.
 *
 * Price lists (docs/erp.md, "How each port maps"): a party's `sale_price_list` is its contract (CUSTOMER_ITEM,
 * contract id = list name); that list's `parent` (product_price_list_parent) is the shared price
 * list (PRICE_LIST_ITEM, id = name) and its parent the tier list (`TIER-<tier>`, TIER_ITEM); the
 * product's list price is LIST. A list with a parent must end with the catch-all line
 * `parent_unit_price` (otherwise Tryton would skip the parent). Lines of one product and validity
 * window (product_price_list_dates) become one record; their minimum quantities its scales.
 */
import { Decimal } from '@portal/platform/money';
import type { ConditionRecord } from '@portal/pricing-engine';
import { ErpRequestError } from '../types.js';

export class TrytonMappingError extends ErpRequestError {
  constructor(message: string) {
    super(422, 'UNSUPPORTED_PRICE_FORMULA', message);
    this.name = 'TrytonMappingError';
  }
}

/** Tryton's price rounding (`round_price`: 4 places, the Decimal context's half-even). */
export const roundPrice = (d: Decimal) => d.toDecimalPlaces(4, Decimal.ROUND_HALF_EVEN);

export type Formula =
  { kind: 'constant'; value: Decimal } | { kind: 'factor'; of: 'list_price' | 'unit_price'; factor: Decimal } | { kind: 'parent' };

const NUM = String.raw`(-?\d+(?:\.\d+)?)`;
const DEC = String.raw`(?:Decimal\(\s*'${NUM}'\s*\)|Decimal\(\s*"${NUM}"\s*\)|${NUM})`;

/** The formulas the canonical model can express; anything else is a clear error. */
export function parseFormula(formula: string, where: string): Formula {
  const f = formula.trim();
  if (f === 'parent_unit_price') return { kind: 'parent' };
  let m = new RegExp(`^${DEC}$`).exec(f);
  if (m) return { kind: 'constant', value: new Decimal(m[1] ?? m[2] ?? m[3]!) };
  m =
    new RegExp(String.raw`^(list_price|unit_price)\s*\*\s*${DEC}$`).exec(f) ??
    new RegExp(String.raw`^${DEC}\s*\*\s*(list_price|unit_price)$`).exec(f);
  if (m) {
    const of = (m.find((x) => x === 'list_price' || x === 'unit_price') ?? 'list_price') as 'list_price' | 'unit_price';
    const num = m.slice(1).find((x) => x !== undefined && x !== of)!;
    return { kind: 'factor', of, factor: new Decimal(num) };
  }
  throw new TrytonMappingError(
    `${where}: formula "${formula}" cannot be expressed as a condition record (supported: Decimal('x'), list_price * Decimal('f'), ` +
      `unit_price * Decimal('f'), and a trailing catch-all parent_unit_price)`,
  );
}

export interface TPriceList {
  id: number;
  name: string;
  parent: number | null;
}
export interface TPriceListLine {
  id: number;
  price_list: number;
  sequence: number | null;
  product: number | null;
  category: number | null;
  quantity: number | null;
  formula: string;
  start_date: string | null;
  end_date: string | null;
  stamp: number;
}
export interface TProductPrice {
  id: number;
  sku: string;
  listPrice: string;
  stamp: number;
}
export interface TCustomer {
  accountId: string;
  currency: string;
  /** The party's sale price list (its contract list). */
  priceList: number | null;
}

export interface ChainRole {
  role: 'CUSTOMER_ITEM' | 'PRICE_LIST_ITEM' | 'TIER_ITEM';
  accountId?: string;
  currencies: Set<string>;
}

/** Which role each list plays, from the customers' chains. */
export function chainOf(customer: TCustomer, lists: Map<number, TPriceList>) {
  const contract = customer.priceList === null ? undefined : lists.get(customer.priceList);
  const shared = contract?.parent ? lists.get(contract.parent) : undefined;
  const tier = shared?.parent ? lists.get(shared.parent) : undefined;
  return { contract, shared, tier };
}

export const tierOf = (l: TPriceList | undefined) => (l ? l.name.replace(/^TIER-/, '') : null);

/**
 * The canonical records of a price-list setup. `rates` converts company-currency (USD) amounts
 * into each customer currency as Tryton does for a sale (`amount × rate`, then `round_price`).
 */
export function conditionsFrom(input: {
  lists: TPriceList[];
  lines: TPriceListLine[];
  products: TProductPrice[];
  customers: TCustomer[];
  companyCurrency: string;
  rates: Map<string, string>;
}): ConditionRecord[] {
  const lists = new Map(input.lists.map((l) => [l.id, l]));
  const products = new Map(input.products.map((p) => [p.id, p]));
  const roles = new Map<number, ChainRole[]>();
  const addRole = (l: TPriceList | undefined, role: ChainRole['role'], currency: string, accountId?: string) => {
    if (!l) return;
    const list = roles.get(l.id) ?? [];
    let r = list.find((x) => x.role === role && x.accountId === accountId);
    if (!r) list.push((r = { role, ...(accountId ? { accountId } : {}), currencies: new Set() }));
    r.currencies.add(currency);
    roles.set(l.id, list);
  };
  const currencies = new Set<string>();
  for (const c of input.customers) {
    // A customer in a currency Tryton has no rate for cannot be priced (its lines are NO_PRICE);
    // the others' prices do not depend on it.
    if (c.currency !== input.companyCurrency && !input.rates.has(c.currency)) continue;
    currencies.add(c.currency);
    const { contract, shared, tier } = chainOf(c, lists);
    addRole(contract, 'CUSTOMER_ITEM', c.currency, c.accountId);
    addRole(shared, 'PRICE_LIST_ITEM', c.currency);
    addRole(tier, 'TIER_ITEM', c.currency);
  }

  const convert = (usd: Decimal, currency: string) => {
    if (currency === input.companyCurrency) return roundPrice(usd);
    const rate = input.rates.get(currency);
    if (!rate) throw new TrytonMappingError(`no ${currency} rate in Tryton: accounts in ${currency} cannot be priced`);
    return roundPrice(usd.times(rate));
  };
  const out: ConditionRecord[] = [];
  const money = (d: Decimal) => {
    const s = d.toFixed(4);
    return s.endsWith('00') ? d.toFixed(2) : s;
  };

  // LIST: the product's list price, in every customer currency.
  for (const p of input.products)
    for (const currency of [...currencies].sort())
      out.push({
        id: `PR00-LIST-${p.sku}-${currency}`,
        version: p.stamp,
        conditionType: 'PR00',
        access: 'LIST',
        sku: p.sku,
        accountId: null,
        priceListId: null,
        tier: null,
        currency,
        amount: money(convert(new Decimal(p.listPrice), currency)),
        rate: null,
        scales: [],
        validFrom: '2000-01-01',
        validTo: null,
        contractId: null,
        contractVersion: null,
      });

  const byList = new Map<number, TPriceListLine[]>();
  for (const l of input.lines) byList.set(l.price_list, [...(byList.get(l.price_list) ?? []), l]);
  for (const [listId, listRoles] of roles) {
    const list = lists.get(listId)!;
    const lines = (byList.get(listId) ?? []).sort((a, b) => (a.sequence ?? 0) - (b.sequence ?? 0) || a.id - b.id);
    const catchAll = lines.findIndex(
      (l) => l.product === null && l.category === null && parseFormula(l.formula, where(list, l)).kind === 'parent',
    );
    if (list.parent !== null && catchAll === -1)
      throw new TrytonMappingError(
        `price list ${list.name} has a parent but no catch-all line "parent_unit_price": its parent would never apply`,
      );
    // Lines after the catch-all can never match.
    const reachable = catchAll === -1 ? lines : lines.slice(0, catchAll);
    const groups = new Map<string, TPriceListLine[]>();
    for (const l of reachable) {
      if (l.product === null)
        throw new TrytonMappingError(`${where(list, l)}: a line for a category or all products (other than the catch-all) has no item key`);
      const f = parseFormula(l.formula, where(list, l));
      if (f.kind === 'parent') throw new TrytonMappingError(`${where(list, l)}: parent_unit_price is only supported as the catch-all line`);
      const key = `${l.product}|${l.start_date ?? ''}|${l.end_date ?? ''}`;
      groups.set(key, [...(groups.get(key) ?? []), l]);
    }
    for (const group of groups.values()) {
      const product = products.get(group[0]!.product!);
      if (!product) continue;
      // First match wins in sequence order: a line is reachable only below every earlier line's threshold.
      const bands: { from: Decimal; usd: Decimal }[] = [];
      let floor = Infinity;
      for (const l of group) {
        const from = l.quantity ?? 0;
        if (from >= floor) continue;
        floor = from;
        const f = parseFormula(l.formula, where(list, l)) as Exclude<Formula, { kind: 'parent' }>;
        const usd = f.kind === 'constant' ? f.value : new Decimal(product.listPrice).times(f.factor);
        bands.push({ from: new Decimal(from), usd });
      }
      bands.sort((a, b) => a.from.comparedTo(b.from));
      const first = group[0]!;
      const stamp = Math.max(...group.map((l) => l.stamp));
      for (const role of listRoles)
        for (const currency of [...role.currencies].sort()) {
          const values = bands.map((b) => ({ from: b.from, amount: money(convert(b.usd, currency)) }));
          const flat = values.find((v) => v.from.lte(1));
          const scales =
            values.length > 1 || !flat ? values.map((v) => ({ from: v.from.lte(1) ? '1' : v.from.toFixed(0), amount: v.amount })) : [];
          const suffix = `${role.role === 'CUSTOMER_ITEM' ? `K-${role.accountId}` : role.role === 'TIER_ITEM' ? `TIER-${tierOf(list)}` : list.name}-${product.sku}`;
          const dated = first.start_date || first.end_date ? `@${first.start_date ?? ''}` : '';
          const multi = role.currencies.size > 1 && currency !== input.companyCurrency ? `-${currency}` : '';
          out.push({
            id: `PR00-${suffix}${dated && groupsWithSameProduct(groups, first) > 1 ? dated : ''}${multi}`,
            version: stamp,
            conditionType: 'PR00',
            access: role.role,
            sku: product.sku,
            accountId: role.role === 'CUSTOMER_ITEM' ? role.accountId! : null,
            priceListId: role.role === 'PRICE_LIST_ITEM' ? list.name : null,
            tier: role.role === 'TIER_ITEM' ? tierOf(list) : null,
            currency,
            amount: flat ? flat.amount : null,
            rate: null,
            scales,
            validFrom: first.start_date ?? '2000-01-01',
            validTo: first.end_date,
            contractId: role.role === 'CUSTOMER_ITEM' ? list.name : null,
            contractVersion: null,
          });
        }
    }
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function groupsWithSameProduct(groups: Map<string, TPriceListLine[]>, line: TPriceListLine) {
  let n = 0;
  for (const key of groups.keys()) if (key.startsWith(`${line.product}|`)) n++;
  return n;
}

const where = (list: TPriceList, l: TPriceListLine) => `price list ${list.name}, line ${l.id}`;

// ---- sales ----

export interface TSale {
  state: string;
  shipment_state: string;
  /** The hold recorded on a sale the portal made when Tryton refused to confirm it (null: none). */
  holdReason: string | null;
}

/**
 * Tryton sale state → the portal's order status. A sale in draft or quotation is not confirmed yet
 * (RECEIVED) — unless the portal's attempt to confirm it was refused by the credit check (a hold).
 */
export function orderStatus(s: TSale, shipments: { state?: unknown }[]): { status: string; holdReason: string | null } {
  if (s.state === 'cancelled') return { status: 'CANCELLED', holdReason: null };
  if (s.state === 'draft' || s.state === 'quotation')
    return s.holdReason ? { status: 'ON_HOLD', holdReason: s.holdReason } : { status: 'RECEIVED', holdReason: null };
  if (shipments.length > 0 && shipments.every((x) => x.state === 'cancelled')) return { status: 'CANCELLED', holdReason: null };
  if (s.shipment_state === 'sent' || s.state === 'done') return { status: 'COMPLETED', holdReason: null };
  if (s.shipment_state === 'partially shipped') return { status: 'PARTIALLY_SHIPPED', holdReason: null };
  if (shipments.some((x) => ['assigned', 'picked', 'packed'].includes(String(x.state))))
    return { status: 'IN_FULFILLMENT', holdReason: null };
  return { status: 'CONFIRMED', holdReason: null };
}
