/**
 * The seed blueprint: master data, pricing conditions, stock and supply, and a script of
 * business actions (orders, payments, credits...) that the ERP replays through its own order,
 * fulfilment and billing code so history is consistent. Deterministic from a seed number, a scale
 * and the business date. `pnpm run token` reads the personas from here; subgraphs never import
 * this (they learn the data from the ERP through the ports).
 */
import { Decimal } from '@portal/platform/money';
import { addDays } from '@portal/atp-engine';
import {
  ATP_DEMO_SKU,
  CARRIERS,
  DEMO_SCALE,
  FAMILIES,
  NAMED_ACCOUNTS,
  SIZES,
  STORY,
  TAX_DEMO_ACCOUNT,
  YEN_CONTRACT_PRICES,
  YEN_DEMO_ACCOUNT,
  WAREHOUSES,
  personasFor,
} from './master-data.js';
import { pick, rng } from './random.js';
import type { SeedAccount, SeedAction, SeedBlueprint, SeedCondition, SeedItem, SeedMovement, SeedScale, SeedStock } from './types.js';

export * from './master-data.js';
export type * from './types.js';

const cents = (r: () => number, min: number, max: number) => new Decimal(Math.floor(min * 100 + r() * (max - min) * 100)).div(100);
const money = (d: Decimal) => d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
const EUR_RATE = '0.92';

export function buildBlueprint(opts: { seed?: number; businessDate: string; scale?: Partial<SeedScale> }): SeedBlueprint {
  const seed = opts.seed ?? 42;
  const scale = { ...DEMO_SCALE, ...opts.scale };
  const r = rng(seed);
  const today = opts.businessDate;
  const yesterday = addDays(today, -1);
  const yearStart = `${today.slice(0, 4)}-01-01`;
  const yearEnd = `${Number(today.slice(0, 4)) + 1}-12-31`;

  // ---- accounts and users ----
  const accounts: SeedAccount[] = NAMED_ACCOUNTS.slice(0, Math.min(scale.accounts, NAMED_ACCOUNTS.length));
  for (let i = accounts.length; i < scale.accounts; i++) {
    const eur = r() < 0.3;
    accounts.push({
      id: `CUST${String(i + 1).padStart(5, '0')}`,
      name: `Customer ${i + 1} ${eur ? 'GmbH' : 'Inc.'}`,
      currency: eur ? 'EUR' : 'USD',
      tier: pick(r, ['GOLD', 'SILVER', 'BRONZE'] as const),
      priceListId: eur ? 'PL-EU-OEM' : pick(r, ['PL-US-DIST', 'PL-US-STD']),
      paymentTermsDays: pick(r, [14, 30, 45, 60]),
      creditLimit: money(cents(r, 10_000, 500_000)),
      defaultWarehouse: eur ? 'WH-EU' : 'WH-US',
      partialDelivery: r() < 0.7,
      addressLines: [`${Math.floor(r() * 9000) + 100} Commerce St`, eur ? 'Hamburg' : 'Denver, CO', eur ? 'Germany' : 'USA'],
    });
  }

  // ---- items ----
  const items: SeedItem[] = [];
  for (let i = 0; items.length < scale.items; i++) {
    const [code, label, uom] = FAMILIES[i % FAMILIES.length]!;
    const size = SIZES[Math.floor(i / FAMILIES.length) % SIZES.length]!;
    items.push({
      sku: `${code}-${String(i + 1).padStart(4, '0')}`,
      name: `${label} ${size}`,
      uom,
      weightKg: new Decimal(Math.floor(r() * 20000) + 10).div(1000).toFixed(3),
      leadTimeDays: 3 + Math.floor(r() * 25),
      discontinued: false,
      successorSku: null,
    });
  }
  const bySku = new Map(items.map((i) => [i.sku, i]));
  const discontinued = bySku.get(STORY.discontinuedSku);
  if (discontinued && bySku.has(STORY.successorSku)) {
    discontinued.discontinued = true;
    discontinued.successorSku = STORY.successorSku;
  }
  items.push({
    sku: ATP_DEMO_SKU,
    name: 'ATP demo part (worked example)',
    uom: 'EA',
    weightKg: '1.000',
    leadTimeDays: 10,
    discontinued: false,
    successorSku: null,
  });

  // ---- pricing conditions ----
  const conditions: SeedCondition[] = [];
  const base = {
    version: 1,
    accountId: null,
    priceListId: null,
    tier: null,
    amount: null,
    rate: null,
    scales: [],
    validFrom: yearStart,
    validTo: null,
    contractId: null,
    contractVersion: null,
  };
  const listUsd = new Map<string, Decimal>();
  for (const item of items) {
    const usd = item.sku === ATP_DEMO_SKU ? new Decimal('19.90') : cents(r, 1, 400);
    listUsd.set(item.sku, usd);
    for (const [currency, amount] of [
      ['USD', usd],
      ['EUR', usd.mul(EUR_RATE)],
    ] as const)
      conditions.push({
        ...base,
        id: `PR00-LIST-${item.sku}-${currency}`,
        conditionType: 'PR00',
        access: 'LIST',
        sku: item.sku,
        currency,
        amount: money(amount),
      });
  }
  const list = (sku: string) => listUsd.get(sku) ?? new Decimal(10);
  // Price lists: distributors get 8 % under list on every fourth item, OEM (EUR) 5 %.
  items.forEach((item, i) => {
    if (i % 4 !== 3 && item.sku !== STORY.priceListSku) return;
    conditions.push({
      ...base,
      id: `PR00-PL-US-DIST-${item.sku}`,
      conditionType: 'PR00',
      access: 'PRICE_LIST_ITEM',
      sku: item.sku,
      priceListId: 'PL-US-DIST',
      currency: 'USD',
      amount: money(list(item.sku).mul('0.92')),
    });
    conditions.push({
      ...base,
      id: `PR00-PL-EU-OEM-${item.sku}`,
      conditionType: 'PR00',
      access: 'PRICE_LIST_ITEM',
      sku: item.sku,
      priceListId: 'PL-EU-OEM',
      currency: 'EUR',
      amount: money(list(item.sku).mul(EUR_RATE).mul('0.95')),
    });
  });
  // Tier price for GOLD customers on the tier story item.
  conditions.push({
    ...base,
    id: `PR00-TIER-GOLD-${STORY.tierSku}`,
    conditionType: 'PR00',
    access: 'TIER_ITEM',
    sku: STORY.tierSku,
    tier: 'GOLD',
    currency: 'USD',
    amount: money(list(STORY.tierSku).mul('0.90')),
  });
  // ACME contract: quantity scales on the contract item, an expired and a future-dated contract.
  const contract = (
    id: string,
    sku: string,
    validFrom: string,
    validTo: string | null,
    factor: string,
    scales: SeedCondition['scales'] = [],
  ) =>
    conditions.push({
      ...base,
      id,
      conditionType: 'PR00',
      access: 'CUSTOMER_ITEM',
      sku,
      accountId: 'ACME',
      currency: 'USD',
      amount: money(list(sku).mul(factor)),
      scales,
      validFrom,
      validTo,
      contractId: 'K-ACME-2026',
      contractVersion: 1,
    });
  const c1 = list(STORY.contractSku);
  contract(`PR00-K-ACME-${STORY.contractSku}`, STORY.contractSku, yearStart, yearEnd, '0.85', [
    { from: '1', amount: money(c1.mul('0.85')) },
    { from: '100', amount: money(c1.mul('0.80')) },
    { from: '500', amount: money(c1.mul('0.75')) },
  ]);
  contract(`PR00-K-ACME-${STORY.expiredContractSku}`, STORY.expiredContractSku, yearStart, yesterday, '0.70');
  contract(`PR00-K-ACME-${STORY.futureContractSku}`, STORY.futureContractSku, addDays(today, 10), yearEnd, '0.80');
  if (!conditions.some((c) => c.id === `PR00-PL-US-DIST-${STORY.expiredContractSku}`))
    conditions.push({
      ...base,
      id: `PR00-PL-US-DIST-${STORY.expiredContractSku}`,
      conditionType: 'PR00',
      access: 'PRICE_LIST_ITEM',
      sku: STORY.expiredContractSku,
      priceListId: 'PL-US-DIST',
      currency: 'USD',
      amount: money(list(STORY.expiredContractSku).mul('0.92')),
    });
  // GLOBEX: 3 % customer discount on everything (K007, item-independent access by customer).
  conditions.push({
    ...base,
    id: 'K007-GLOBEX',
    conditionType: 'K007',
    access: 'CUSTOMER',
    sku: null,
    accountId: 'GLOBEX',
    currency: 'EUR',
    rate: '3',
  });
  // Volume discount scale on the volume story item (every customer).
  for (const currency of ['USD', 'EUR'])
    conditions.push({
      ...base,
      id: `K004-${STORY.volumeDiscountSku}-${currency}`,
      conditionType: 'K004',
      access: 'LIST',
      sku: STORY.volumeDiscountSku,
      currency,
      rate: '0',
      scales: [
        { from: '50', rate: '2' },
        { from: '200', rate: '5' },
      ],
    });
  // Freight: 25.00 per order, free from 500.00 net (EUR: 20.00 / 450.00).
  conditions.push({
    ...base,
    id: 'KF00-ALL-USD',
    conditionType: 'KF00',
    access: 'ALL',
    sku: null,
    currency: 'USD',
    amount: '25.00',
    scales: [
      { from: '0', amount: '25.00' },
      { from: '500', amount: '0.00' },
    ],
  });
  conditions.push({
    ...base,
    id: 'KF00-ALL-EUR',
    conditionType: 'KF00',
    access: 'ALL',
    sku: null,
    currency: 'EUR',
    amount: '20.00',
    scales: [
      { from: '0', amount: '20.00' },
      { from: '450', amount: '0.00' },
    ],
  });
  // Extra random contracts (scale knob for benchmarks), never on the story items tests rely on.
  const storySkus = new Set<string>([...Object.values(STORY), ATP_DEMO_SKU]);
  const contractable = items.filter((i) => !storySkus.has(i.sku));
  for (let k = 0; k < scale.conditions; k++) {
    const account = pick(r, accounts);
    const item = pick(r, contractable);
    const from = addDays(today, -Math.floor(r() * 200));
    const to = r() < 0.3 ? addDays(today, Math.floor(r() * 120) - 30) : null;
    conditions.push({
      ...base,
      id: `PR00-K-${account.id}-${item.sku}-${k}`,
      conditionType: 'PR00',
      access: 'CUSTOMER_ITEM',
      sku: item.sku,
      accountId: account.id,
      currency: account.currency,
      amount: money(
        list(item.sku)
          .mul(account.currency === 'EUR' ? EUR_RATE : '1')
          .mul(new Decimal(80 + Math.floor(r() * 15)).div(100)),
      ),
      validFrom: from,
      validTo: to && to >= from ? to : null,
      contractId: `K-${account.id}-${today.slice(0, 4)}`,
      contractVersion: 1,
    });
  }

  // ---- stock and supply ----
  const stock: SeedStock[] = [];
  const movements: SeedMovement[] = [];
  let po = 1;
  for (const item of items) {
    if (item.sku === ATP_DEMO_SKU) continue;
    for (const wh of WAREHOUSES) {
      const onHand = item.sku === STORY.contractSku ? 5000 : Math.floor(r() * 400) + (r() < 0.1 ? 0 : 40);
      stock.push({ sku: item.sku, warehouseId: wh.id, onHand });
      if (r() < 0.4)
        movements.push({
          id: `PO-${String(po++).padStart(6, '0')}`,
          sku: item.sku,
          warehouseId: wh.id,
          day: 2 + Math.floor(r() * 15),
          quantity: 50 + Math.floor(r() * 300),
          kind: 'PURCHASE_ORDER',
          ref: `PO-${String(po).padStart(6, '0')}`,
        });
    }
  }
  // The ATP worked example, in both warehouses (partial-delivery ACME on WH-US, complete-delivery GLOBEX on WH-EU):
  // stock +100 d0, SO −40 d1, PO +50 d2, SO −80 d3, PO +60 d5, SO −30 d6.
  for (const wh of WAREHOUSES) {
    stock.push({ sku: ATP_DEMO_SKU, warehouseId: wh.id, onHand: 100 });
    const m = (day: number, quantity: number, kind: SeedMovement['kind'], ref: string) =>
      movements.push({ id: `${ref}@${wh.id}`, sku: ATP_DEMO_SKU, warehouseId: wh.id, day, quantity, kind, ref });
    m(1, -40, 'ALLOCATION', 'ATP-DEMO-SO-1');
    m(2, 50, 'PURCHASE_ORDER', 'ATP-DEMO-PO-1');
    m(3, -80, 'ALLOCATION', 'ATP-DEMO-SO-2');
    m(5, 60, 'PURCHASE_ORDER', 'ATP-DEMO-PO-2');
    m(6, -30, 'ALLOCATION', 'ATP-DEMO-SO-3');
  }

  // ---- history: orders in every status, payments, a credit memo ----
  const actions: SeedAction[] = [];
  const regular = items.filter((i) => !i.discontinued && i.sku !== ATP_DEMO_SKU);
  const small = (account: SeedAccount) =>
    Array.from({ length: 1 + Math.floor(r() * 3) }, () => ({
      sku: pick(r, regular).sku,
      quantity: 1 + Math.floor(r() * (account.id === 'INITECH' ? 3 : 12)),
    }));
  let n = 0;
  const order = (day: number, account: SeedAccount, lines = small(account), requestedInDays?: number) => {
    const ref = `${account.id.toLowerCase()}-${++n}`;
    actions.push({ kind: 'order', day, ref, accountId: account.id, lines, ...(requestedInDays !== undefined ? { requestedInDays } : {}) });
    return ref;
  };
  for (const account of accounts.slice(0, 3)) {
    const done = order(-20, account); // completed, invoiced
    actions.push({ kind: 'pay', day: -5, ref: done, share: 'full' });
    const partly = order(-12, account); // completed, half paid
    actions.push({ kind: 'pay', day: -2, ref: partly, share: 'half' });
    order(-3, account); // shipped (in transit) or in fulfilment
    order(0, account, small(account), 15); // confirmed, not started
  }
  const acme = accounts[0]!;
  // Partially shipped: stock for part now, the rest arrives from a purchase order.
  const partialSku = regular[7]!.sku;
  const partialOnHand = stock.find((s) => s.sku === partialSku && s.warehouseId === acme.defaultWarehouse)?.onHand ?? 0;
  order(-4, acme, [{ sku: partialSku, quantity: partialOnHand + 60 }]);
  actions.push({ kind: 'cancel-line', day: -6, ref: order(-6, acme, [{ sku: regular[3]!.sku, quantity: 2 }]), lineNo: 10 }); // cancelled the day it was placed
  actions.push({
    kind: 'credit-memo',
    day: -8,
    ref: actions.find((a) => a.kind === 'order' && a.accountId === 'ACME')!.ref,
    reason: 'RETURN',
    quantity: 1,
  });
  const holdSku = regular[11]!.sku;
  // INITECH over its credit limit → created, but on credit hold.
  if (accounts[2]) order(-1, accounts[2], [{ sku: holdSku, quantity: Math.ceil(new Decimal(20000).div(list(holdSku)).toNumber()) }]);
  order(-2, acme, [{ sku: STORY.discontinuedSku, quantity: 5 }]); // substitution proposed
  for (let k = actions.filter((a) => a.kind === 'order').length; k < scale.orders; k++) {
    const account = pick(r, accounts);
    order(-Math.floor(r() * 25), account);
  }
  actions.sort((a, b) => a.day - b.day);

  // ---- tax, header discount, minimum order value (no random draws: the rest stays as it was) ----
  // Every item has a tax class: mostly STANDARD, every tenth REDUCED, every twenty-fifth EXEMPT.
  items.forEach((item, i) => {
    item.taxClass = i % 25 === 24 ? 'EXEMPT' : i % 10 === 9 ? 'REDUCED' : 'STANDARD';
  });
  // Tax records exist for Germany only, and only HOOLI ships there.
  for (const [taxClass, rate] of [
    ['STANDARD', '19'],
    ['REDUCED', '7'],
    ['EXEMPT', '0'],
  ] as const)
    conditions.push({
      ...base,
      id: `TX00-DE-${taxClass}-EUR`,
      conditionType: 'TX00',
      access: 'COUNTRY_TAX_CLASS',
      sku: null,
      currency: 'EUR',
      rate,
      country: 'DE',
      taxClass,
    });
  // HOOLI: 2 % off the order from 1,000.00 net.
  conditions.push({
    ...base,
    id: 'HD00-HOOLI',
    conditionType: 'HD00',
    access: 'CUSTOMER',
    sku: null,
    accountId: TAX_DEMO_ACCOUNT.id,
    currency: 'EUR',
    scales: [{ from: '1000', rate: '2' }],
  });
  const withTaxDemo = accounts.some((a) => a.id === TAX_DEMO_ACCOUNT.id) ? accounts : [...accounts, { ...TAX_DEMO_ACCOUNT }];

  // ---- the yen account: contract prices in JPY (no random draws either) ----
  for (const p of YEN_CONTRACT_PRICES)
    conditions.push({
      ...base,
      id: `PR00-K-${YEN_DEMO_ACCOUNT.id}-${p.sku}`,
      conditionType: 'PR00',
      access: 'CUSTOMER_ITEM',
      sku: p.sku,
      accountId: YEN_DEMO_ACCOUNT.id,
      currency: YEN_DEMO_ACCOUNT.currency,
      amount: p.amount,
      scales: p.scales ?? [],
      contractId: `K-${YEN_DEMO_ACCOUNT.id}-${today.slice(0, 4)}`,
      contractVersion: 1,
    });
  const withDemo = withTaxDemo.some((a) => a.id === YEN_DEMO_ACCOUNT.id) ? withTaxDemo : [...withTaxDemo, { ...YEN_DEMO_ACCOUNT }];

  return {
    seed,
    businessDate: today,
    warehouses: WAREHOUSES,
    carriers: CARRIERS,
    accounts: withDemo,
    users: personasFor(withDemo),
    items,
    conditions,
    stock,
    movements,
    actions,
  };
}
