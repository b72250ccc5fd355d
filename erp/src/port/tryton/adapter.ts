/**
 * The Tryton 6.0 adapter: every ERP port over Tryton's JSON-RPC (see docs/erp.md, "Tryton"). Tryton is
 * the system of record; this module only translates. Master data and price lists are read per
 * call (with a short memo), prices for a cart come from Tryton's own price-list computation
 * (`product.product.sale_price_uom` with the customer's context), availability from Tryton's stock
 * (on hand + dated draft/assigned moves) through the canonical cumulative-ATP rule, orders are
 * `sale.sale` (quote → confirm → process) made idempotent here (Tryton has no keys), and the change
 * feed is a poll over `write_date` (Tryton cannot push).
 */
import { createHash } from 'node:crypto';
import {
  DEFAULT_CONDITION_TYPES,
  DEFAULT_PROCEDURE,
  priceDocument,
  priceTiers,
  type ConditionRecord,
  type DocumentPrice,
} from '@portal/pricing-engine';
import { Decimal } from '@portal/platform/money';
import { checkMany, WorkingCalendar, type ItemSupply, type Movement } from '@portal/atp-engine';
import {
  ErpRequestError,
  ErpUnavailableError,
  type AvailabilityAnswer,
  type CreateSalesOrderInput,
  type ErpAccount,
  type ErpChangeEvent,
  type ErpContact,
  type ErpCreditMemo,
  type ErpDelivery,
  type ErpInvoice,
  type ErpItem,
  type ErpPorts,
  type ErpSalesOrder,
  type ErpWarehouse,
  type Page,
  type PageRequest,
} from '../types.js';
import { chainOf, conditionsFrom, orderStatus, roundPrice, tierOf, type TPriceList, type TPriceListLine, type TSale } from './mapping.js';
import { createTrytonRpc, micros, tDate, tDateTime, TrytonWarning, type TrytonRpc } from './rpc.js';

export interface TrytonErpOptions {
  url: string;
  database: string;
  user: string;
  password: string;
  timeoutMs?: number;
  /** Change feed: how often a waiting poll asks Tryton again. */
  pollIntervalMs?: number;
  /** Change feed: rows younger than this are not emitted yet (a transaction still committing could land behind the cursor). */
  settleMs?: number;
  /** Master data memo (items, parties, price lists). */
  cacheMs?: number;
}

type Row = Record<string, any>;
const PRICING = { procedure: DEFAULT_PROCEDURE, conditionTypes: DEFAULT_CONDITION_TYPES };
const UOM: Record<string, string> = { u: 'EA', m: 'M', BX: 'BX' };
const money2 = (s: string | number | null | undefined) => new Decimal(s ?? 0).toFixed(2);
/**
 * A condition record's version: the newest write of its Tryton rows in whole seconds (the portal
 * stores versions as 32-bit integers; two edits of one record within a second share a version).
 */
const stampOf = (r: Row) => Math.floor(Date.parse(String(r.write_date ?? r.create_date)) / 1000);
const today = () => new Date().toISOString().slice(0, 10);

/** Keys whose sale is past quotation (its id and payload hash no longer change), per process. */
const settledKeys = new Map<string, { id: number; hash: string }>();

/** In-process serialisation of creates per idempotency key (shared by every adapter instance of this process). */
const keyLocks = new Map<string, Promise<unknown>>();
function withKeyLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const prev = keyLocks.get(key) ?? Promise.resolve();
  const next = prev.catch(() => undefined).then(fn);
  const tail = next.catch(() => undefined);
  keyLocks.set(key, tail);
  void tail.then(() => {
    if (keyLocks.get(key) === tail) keyLocks.delete(key);
  });
  return next;
}

function encodeCursor(v: string | number): string {
  return `t1.${Buffer.from(JSON.stringify({ a: v })).toString('base64url')}`;
}
function decodeCursor(c: string | null | undefined): string | number | null {
  if (!c) return null;
  try {
    if (!c.startsWith('t1.')) throw new Error('prefix');
    const v = (JSON.parse(Buffer.from(c.slice(3), 'base64url').toString()) as { a: unknown }).a;
    if (typeof v === 'string' || typeof v === 'number') return v;
  } catch {
    /* fall through */
  }
  throw new ErpRequestError(400, 'BAD_CURSOR', 'cursor was not issued by this adapter');
}
function pageOf<T>(all: T[], key: (t: T) => string | number, req: PageRequest): Page<T> {
  const after = decodeCursor(req.cursor);
  const limit = Math.max(1, Math.min(req.limit ?? 100, 1000));
  const start = after === null ? 0 : all.findIndex((x) => key(x) > after);
  const items = start === -1 ? [] : all.slice(start, start + limit);
  const more = start !== -1 && start + limit < all.length;
  return { items, nextCursor: more ? encodeCursor(key(items[items.length - 1]!)) : null };
}

export interface TrytonErp extends ErpPorts {
  rpc: TrytonRpc;
  /** Order creation without the caller's timeout (internal: what a timed-out caller leaves running). */
  createUnbounded(input: CreateSalesOrderInput, idempotencyKey: string): Promise<{ order: ErpSalesOrder; replayed: boolean }>;
}

export function createTrytonErp(opts: TrytonErpOptions): TrytonErp {
  const rpc = createTrytonRpc(opts);
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const pollIntervalMs = opts.pollIntervalMs ?? 1_000;
  const settleMs = opts.settleMs ?? 2_000;
  const cacheMs = opts.cacheMs ?? 10_000;

  const read = (model: string, domain: unknown[], fields: string[], order: unknown = null, limit: number | null = null, context = {}) =>
    rpc.model<Row[]>(model, 'search_read', [domain, 0, limit, order, fields], context);

  // ---- master data (memoised briefly) ----
  interface Master {
    products: Row[];
    bySku: Map<string, Row>;
    byId: Map<number, Row>;
    parties: Row[];
    accounts: Map<string, { party: Row; currency: string; warehouse: string; partial: boolean }>;
    warehouses: Row[];
    whByCode: Map<string, Row>;
    whById: Map<number, Row>;
    currencies: Map<string, number>;
    currencyCodes: Map<number, string>;
    company: { id: number; currency: string; timezone: string };
    lists: TPriceList[];
    leadTimes: Map<number, number>;
  }
  let master: { at: number; value: Promise<Master> } | null = null;
  function loadMaster(): Promise<Master> {
    if (master && Date.now() - master.at < cacheMs) return master.value;
    const value = (async (): Promise<Master> => {
      const ctx = await rpc.context();
      const [products, parties, warehouses, currencies, categories, lists, suppliers, companies] = await Promise.all([
        read(
          'product.product',
          [],
          [
            'code',
            'name',
            'list_price',
            'salable',
            'default_uom',
            'default_uom.symbol',
            'description',
            'template',
            'write_date',
            'create_date',
          ],
          [['code', 'ASC']],
        ),
        read(
          'party.party',
          [['categories.parent.name', '=', 'Currency']],
          [
            'code',
            'name',
            'categories',
            'sale_price_list',
            'credit_limit_amount',
            'customer_payment_term',
            'addresses',
            'write_date',
            'create_date',
          ],
        ),
        read('stock.location', [['type', '=', 'warehouse']], ['code', 'name', 'storage_location', 'output_location', 'input_location']),
        read('currency.currency', [], ['code']),
        read('party.category', [], ['name', 'parent.name']),
        read('product.price_list', [], ['name', 'parent']),
        read('purchase.product_supplier', [], ['template', 'product', 'lead_time']),
        read('company.company', [['id', '=', ctx.company]], ['currency', 'timezone']),
      ]);
      const currencyCodes = new Map(currencies.map((c) => [c.id as number, c.code as string]));
      const catName = new Map(categories.map((c) => [c.id as number, { name: c.name as string, parent: c['parent.']?.name as string }]));
      const accounts = new Map<string, { party: Row; currency: string; warehouse: string; partial: boolean }>();
      for (const p of parties) {
        const cats = (p.categories as number[]).map((id) => catName.get(id)).filter(Boolean) as { name: string; parent: string }[];
        const of = (parent: string) => cats.find((c) => c.parent === parent)?.name;
        accounts.set(p.code as string, {
          party: p,
          currency: of('Currency') ?? 'USD',
          warehouse: of('Warehouse') ?? 'WH-US',
          partial: of('Delivery') !== 'Complete',
        });
      }
      const leadTimes = new Map<number, number>();
      for (const s of suppliers) {
        const days = Math.round(Number(s.lead_time ?? 0) / 86_400);
        for (const p of products.filter((x) => (s.product ? x.id === s.product : x.template === s.template)))
          leadTimes.set(p.id as number, Math.max(leadTimes.get(p.id as number) ?? 0, days));
      }
      const company = companies[0]!;
      return {
        products,
        bySku: new Map(products.map((p) => [p.code as string, p])),
        byId: new Map(products.map((p) => [p.id as number, p])),
        parties,
        accounts,
        warehouses,
        whByCode: new Map(warehouses.map((w) => [w.code as string, w])),
        whById: new Map(warehouses.map((w) => [w.id as number, w])),
        currencies: new Map(currencies.map((c) => [c.code as string, c.id as number])),
        currencyCodes,
        company: {
          id: company.id as number,
          currency: currencyCodes.get(company.currency as number) ?? 'USD',
          timezone: company.timezone ?? 'UTC',
        },
        lists: lists.map((l) => ({ id: l.id as number, name: l.name as string, parent: (l.parent as number | null) ?? null })),
        leadTimes,
      };
    })();
    master = { at: Date.now(), value };
    value.catch(() => (master = null));
    return value;
  }

  const account = async (accountId: string) => {
    const m = await loadMaster();
    const a = m.accounts.get(accountId);
    if (!a) throw new ErpRequestError(404, 'UNKNOWN_CUSTOMER', `no Tryton party with code ${accountId}`);
    return { m, a };
  };

  function toItem(p: Row, m: Master): ErpItem {
    const successor = /Successor:\s*(\S+)/.exec(String(p.description ?? ''))?.[1] ?? null;
    return {
      sku: p.code,
      name: p.name,
      uom: UOM[p['default_uom.']?.symbol as string] ?? String(p['default_uom.']?.symbol ?? 'EA'),
      weightKg: '0.000',
      leadTimeDays: m.leadTimes.get(p.id as number) ?? 0,
      discontinued: !p.salable,
      successorSku: successor,
    };
  }

  function toWarehouse(w: Row, m: Master): ErpWarehouse {
    return {
      id: w.code,
      name: w.name,
      timeZone: m.company.timezone,
      workingDays: [1, 2, 3, 4, 5],
      holidays: [],
      cutoffTime: '23:59',
      pickPackDays: 0,
      loadingDays: 0,
      transitDays: 0,
    };
  }

  // ---- pricing ----
  async function conditions(): Promise<ConditionRecord[]> {
    const m = await loadMaster();
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

  function pricingCustomer(accountId: string, m: Master) {
    const a = m.accounts.get(accountId)!;
    const { shared, tier } = chainOf(
      { accountId, currency: a.currency, priceList: a.party.sale_price_list ?? null },
      new Map(m.lists.map((l) => [l.id, l])),
    );
    return { accountId, currency: a.currency, priceListId: shared?.name ?? null, tier: tierOf(tier) };
  }

  /** Tryton's unit prices for products at one quantity, as a sale line of this customer would get them. */
  async function trytonPrices(accountId: string, productIds: number[], quantity: number, date: string): Promise<Map<number, string>> {
    const { m, a } = await account(accountId);
    const rows = await rpc.model<Row[]>('product.product', 'read', [productIds, ['sale_price_uom']], {
      customer: a.party.id,
      price_list: a.party.sale_price_list,
      currency: m.currencies.get(a.currency),
      quantity,
      sale_date: tDate(date),
      date: tDate(date),
    });
    return new Map(rows.map((r) => [r.id as number, roundPrice(new Decimal(r.sale_price_uom ?? 0)).toFixed(4)]));
  }

  async function simulate(
    accountId: string,
    lines: { lineId: string; sku: string; quantity: number }[],
    pricingDate?: string,
  ): Promise<DocumentPrice> {
    const { m } = await account(accountId);
    const date = pricingDate ?? today();
    const doc = priceDocument({
      ...PRICING,
      records: await conditions(),
      customer: pricingCustomer(accountId, m),
      pricingDate: date,
      lines,
    });
    // Tryton is the system of record: each priced line is checked against Tryton's own price computation.
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

  // ---- availability ----
  async function supplyOf(productIds: number[], wh: Row): Promise<Map<number, ItemSupply>> {
    const day = today();
    const locations = (await read('stock.location', [['parent', 'child_of', [wh.id]]], ['id'])).map((l) => l.id as number);
    const [onHand, moves] = await Promise.all([
      rpc.model<Row[]>('product.product', 'read', [productIds, ['quantity']], {
        locations: [wh.id],
        stock_date_end: tDate(day),
        with_childs: true,
      }),
      read(
        'stock.move',
        [
          ['product', 'in', productIds],
          ['state', 'in', ['draft', 'assigned', 'staging']],
          ['OR', ['to_location', 'in', locations], ['from_location', 'in', locations]],
        ],
        ['product', 'quantity', 'from_location', 'to_location', 'planned_date', 'origin', 'shipment'],
      ),
    ]);
    const inside = new Set(locations);
    const out = new Map<number, ItemSupply>(
      onHand.map((r) => [r.id as number, { stockOnHand: Math.max(0, Math.floor(Number(r.quantity))), movements: [] }]),
    );
    for (const mv of moves) {
      const toIn = inside.has(mv.to_location as number);
      const fromIn = inside.has(mv.from_location as number);
      if (toIn === fromIn) continue; // inside the warehouse (storage → output): no change of its stock
      const movements = out.get(mv.product as number)?.movements as Movement[] | undefined;
      movements?.push({
        date: (mv.planned_date as string | null) ?? day,
        quantity: toIn ? Number(mv.quantity) : -Number(mv.quantity),
        kind: toIn ? 'PURCHASE_ORDER' : 'SALES_ORDER',
        ref: `stock.move,${mv.id}`,
      });
    }
    return out;
  }

  // ---- sales ----
  const SALE_FIELDS = [
    'number',
    'reference',
    'description',
    'comment',
    'state',
    'shipment_state',
    'invoice_state',
    'party',
    'currency',
    'warehouse',
    'sale_date',
    'untaxed_amount',
    'create_date',
    'write_date',
    'lines',
    'shipments',
    'invoices',
  ];
  async function loadSales(domain: unknown[], order: unknown = [['id', 'ASC']]): Promise<ErpSalesOrder[]> {
    const sales = await read('sale.sale', domain, SALE_FIELDS, order);
    return mapSales(sales);
  }
  async function mapSales(sales: Row[]): Promise<ErpSalesOrder[]> {
    if (!sales.length) return [];
    const m = await loadMaster();
    const lineIds = sales.flatMap((s) => s.lines as number[]);
    const shipmentIds = sales.flatMap((s) => s.shipments as number[]);
    const invoiceIds = sales.flatMap((s) => s.invoices as number[]);
    const [lines, shipments, invoices] = await Promise.all([
      rpc.model<Row[]>('sale.line', 'read', [
        lineIds,
        ['sale', 'product', 'quantity', 'unit_price', 'amount', 'moves', 'invoice_lines', 'shipping_date', 'type'],
      ]),
      rpc.model<Row[]>('stock.shipment.out', 'read', [shipmentIds, ['number', 'state']]),
      rpc.model<Row[]>('account.invoice', 'read', [invoiceIds, ['number', 'state']]),
    ]);
    const moveIds = lines.flatMap((l) => l.moves as number[]);
    const invLineIds = lines.flatMap((l) => l.invoice_lines as number[]);
    const [moves, invLines] = await Promise.all([
      rpc.model<Row[]>('stock.move', 'read', [moveIds, ['quantity', 'state', 'planned_date', 'to_location.type']]),
      rpc.model<Row[]>('account.invoice.line', 'read', [invLineIds, ['quantity', 'invoice.state']]),
    ]);
    const moveById = new Map(moves.map((x) => [x.id as number, x]));
    const invLineById = new Map(invLines.map((x) => [x.id as number, x]));
    const shipById = new Map(shipments.map((x) => [x.id as number, x]));
    const invById = new Map(invoices.map((x) => [x.id as number, x]));
    const partyCode = new Map(m.parties.map((p) => [p.id as number, p.code as string]));
    return sales.map((s) => {
      const sShipments = (s.shipments as number[]).map((id) => shipById.get(id)!).filter(Boolean);
      const { status, holdReason } = orderStatus(s as TSale, sShipments);
      const sLines = lines.filter((l) => l.sale === s.id && l.type === 'line').sort((a, b) => a.id - b.id);
      const confirmed = !['draft', 'quotation', 'cancelled'].includes(s.state as string);
      return {
        number: (s.number as string | null) ?? `draft-${s.id}`,
        portalOrderId: /^portal:(.*)$/m.exec(String(s.description ?? ''))?.[1] ?? '',
        accountId: partyCode.get(s.party as number) ?? '',
        status,
        holdReason,
        placedAt: new Date(Date.parse(s.create_date)).toISOString(),
        currency: m.currencyCodes.get(s.currency as number) ?? 'USD',
        requestedDeliveryDate: /^requested:(\S+)$/m.exec(String(s.comment ?? ''))?.[1] ?? null,
        warehouseId: (m.whById.get(s.warehouse as number)?.code as string) ?? '',
        pricingDate: (s.sale_date as string | null) ?? today(),
        customerReference: /^customer-reference:(.*)$/m.exec(String(s.comment ?? ''))?.[1] ?? null,
        netTotal: money2(s.untaxed_amount),
        freight: '0.00',
        lines: sLines.map((l, i) => {
          const lMoves = (l.moves as number[]).map((id) => moveById.get(id)!).filter((x) => x && x['to_location.']?.type === 'customer');
          const live = lMoves.filter((x) => x.state !== 'cancelled');
          const shipped = lMoves.filter((x) => x.state === 'done').reduce((t, x) => t + Number(x.quantity), 0);
          const invoiced = (l.invoice_lines as number[])
            .map((id) => invLineById.get(id))
            .filter((x) => x && ['posted', 'paid'].includes(x['invoice.']?.state as string))
            .reduce((t, x) => t + Number(x!.quantity), 0);
          const quantity = Number(l.quantity);
          const cancelled = confirmed && lMoves.length > 0 && live.length === 0;
          const date =
            (live[0]?.planned_date as string | undefined) ?? (l.shipping_date as string | null) ?? (s.sale_date as string) ?? today();
          return {
            lineNo: (i + 1) * 10,
            sku: (m.byId.get(l.product as number)?.code as string) ?? '',
            quantity,
            unitPrice: new Decimal(l.unit_price).toFixed(4),
            netAmount: money2(l.amount),
            status: cancelled
              ? 'CANCELLED'
              : !confirmed
                ? 'OPEN'
                : shipped >= quantity
                  ? 'SHIPPED'
                  : shipped > 0
                    ? 'PARTIALLY_SHIPPED'
                    : status === 'IN_FULFILLMENT'
                      ? 'IN_FULFILLMENT'
                      : 'CONFIRMED',
            confirmedQuantity: confirmed && !cancelled ? quantity : 0,
            shippedQuantity: shipped,
            invoicedQuantity: invoiced,
            scheduleLines: confirmed && !cancelled ? [{ availableDate: date, deliveryDate: date, quantity, basis: 'SUPPLY' as const }] : [],
            proposedSku: null,
            components: [],
          };
        }),
        deliveries: sShipments.filter((x) => x.state === 'done').map((x) => x.number as string),
        invoices: (s.invoices as number[])
          .map((id) => invById.get(id))
          .filter((x) => x && x.number && ['posted', 'paid'].includes(x.state as string))
          .map((x) => x!.number as string),
      };
    });
  }

  const payloadHash = (input: unknown) => createHash('sha256').update(JSON.stringify(input)).digest('hex');

  async function findByKey(key: string): Promise<Row | null> {
    return (await read('sale.sale', [['reference', '=', key]], ['comment', 'state'], [['id', 'ASC']], 1))[0] ?? null;
  }

  /** Confirm and process; the credit check's warning leaves the sale in quotation (a credit hold). */
  async function confirmAndProcess(id: number, ms: number) {
    try {
      await rpc.model('sale.sale', 'confirm', [[id]], {}, ms);
    } catch (err) {
      if (err instanceof TrytonWarning && /credit_limit/.test(err.warningName)) return;
      if (err instanceof ErpRequestError && /credit limit/i.test(err.message)) return;
      throw err;
    }
    await rpc.model('sale.sale', 'process', [[id]], {}, ms);
  }

  async function getSale(number: string) {
    return (await loadSales([['number', '=', number]]))[0] ?? null;
  }
  async function requireSale(number: string): Promise<{ order: ErpSalesOrder; row: Row }> {
    const row = (await read('sale.sale', [['number', '=', number]], SALE_FIELDS))[0];
    if (!row) throw new ErpRequestError(404, 'NOT_FOUND', `no sale ${number} in Tryton`);
    return { order: (await mapSales([row]))[0]!, row };
  }

  // ---- billing ----
  const INVOICE_FIELDS = [
    'number',
    'party',
    'currency',
    'invoice_date',
    'total_amount',
    'amount_to_pay',
    'state',
    'lines',
    'lines_to_pay',
    'write_date',
    'create_date',
    'description',
  ];
  async function mapInvoices(rows: Row[]): Promise<(ErpInvoice & { credit: boolean })[]> {
    if (!rows.length) return [];
    const m = await loadMaster();
    const partyCode = new Map(m.parties.map((p) => [p.id as number, p.code as string]));
    const [lines, toPay] = await Promise.all([
      rpc.model<Row[]>('account.invoice.line', 'read', [
        rows.flatMap((r) => r.lines as number[]),
        ['invoice', 'product', 'description', 'quantity', 'unit_price', 'amount', 'origin'],
      ]),
      rpc.model<Row[]>('account.move.line', 'read', [rows.flatMap((r) => r.lines_to_pay as number[]), ['maturity_date']]),
    ]);
    const saleLineIds = lines
      .map((l) => /^sale\.line,(\d+)$/.exec(String(l.origin ?? ''))?.[1])
      .filter(Boolean)
      .map(Number);
    const saleLines = await rpc.model<Row[]>('sale.line', 'read', [[...new Set(saleLineIds)], ['sale.number', 'sale.description']]);
    const saleOf = new Map(
      saleLines.map((l) => [l.id as number, { number: l['sale.']?.number as string, description: String(l['sale.']?.description ?? '') }]),
    );
    const due = new Map(toPay.map((x) => [x.id as number, x.maturity_date as string]));
    return rows.map((r) => {
      const iLines = lines.filter((l) => l.invoice === r.id).sort((a, b) => a.id - b.id);
      const sale = iLines.map((l) => saleOf.get(Number(/^sale\.line,(\d+)$/.exec(String(l.origin ?? ''))?.[1]))).find(Boolean);
      const dueDates = (r.lines_to_pay as number[])
        .map((id) => due.get(id))
        .filter(Boolean)
        .sort() as string[];
      const total = new Decimal(r.total_amount ?? 0);
      return {
        credit: total.isNegative(),
        number: r.number as string,
        accountId: partyCode.get(r.party as number) ?? '',
        orderNumber: sale?.number ?? '',
        deliveryNumber: null,
        portalOrderId: /^portal:(.*)$/m.exec(sale?.description ?? '')?.[1] ?? '',
        currency: m.currencyCodes.get(r.currency as number) ?? 'USD',
        issuedAt: (r.invoice_date as string | null) ?? today(),
        dueDate: dueDates[0] ?? (r.invoice_date as string) ?? today(),
        total: total.abs().toFixed(2),
        balance: new Decimal(r.amount_to_pay ?? 0).abs().toFixed(2),
        status: r.state === 'paid' ? 'PAID' : r.state === 'cancelled' ? 'CANCELLED' : 'OPEN',
        lines: iLines.map((l, i) => ({
          lineNo: (i + 1) * 10,
          sku: (m.byId.get(l.product as number)?.code as string) ?? 'FREIGHT',
          description: String(l.description ?? ''),
          quantity: Math.abs(Number(l.quantity)),
          unitPrice: new Decimal(l.unit_price ?? 0).toFixed(2),
          amount: new Decimal(l.amount ?? 0).abs().toFixed(2),
        })),
      };
    });
  }
  const invoiceRows = (extra: unknown[] = []) =>
    read('account.invoice', [['type', '=', 'out'], ['state', 'in', ['posted', 'paid']], ...extra], INVOICE_FIELDS, [['number', 'ASC']]);

  async function deliveries(domain: unknown[] = []): Promise<ErpDelivery[]> {
    const m = await loadMaster();
    const rows = await read(
      'stock.shipment.out',
      [['state', '=', 'done'], ...domain],
      ['number', 'reference', 'customer', 'warehouse', 'effective_date', 'outgoing_moves', 'write_date'],
      [['number', 'ASC']],
    );
    if (!rows.length) return [];
    const moves = await rpc.model<Row[]>('stock.move', 'read', [
      rows.flatMap((r) => r.outgoing_moves as number[]),
      ['shipment', 'product', 'quantity', 'origin'],
    ]);
    const saleLineIds = moves
      .map((mv) => /^sale\.line,(\d+)$/.exec(String(mv.origin ?? ''))?.[1])
      .filter(Boolean)
      .map(Number);
    const saleLines = await rpc.model<Row[]>('sale.line', 'read', [[...new Set(saleLineIds)], ['sale.number', 'sale.description']]);
    const saleOf = new Map(
      saleLines.map((l) => [l.id as number, { number: l['sale.']?.number as string, description: String(l['sale.']?.description ?? '') }]),
    );
    const partyCode = new Map(m.parties.map((p) => [p.id as number, p.code as string]));
    return rows.map((r) => {
      const rMoves = moves.filter((mv) => mv.shipment === `stock.shipment.out,${r.id}`);
      const sale = rMoves.map((mv) => saleOf.get(Number(/^sale\.line,(\d+)$/.exec(String(mv.origin ?? ''))?.[1]))).find(Boolean);
      const lines = rMoves.map((mv, i) => ({
        lineNo: (i + 1) * 10,
        sku: (m.byId.get(mv.product as number)?.code as string) ?? '',
        quantity: Number(mv.quantity),
      }));
      const shippedAt = new Date(Date.parse(r.write_date ?? `${r.effective_date}T00:00:00Z`)).toISOString();
      return {
        number: r.number as string,
        orderNumber: sale?.number ?? '',
        portalOrderId: /^portal:(.*)$/m.exec(sale?.description ?? '')?.[1] ?? null,
        accountId: partyCode.get(r.customer as number) ?? '',
        warehouseId: (m.whById.get(r.warehouse as number)?.code as string) ?? '',
        carrierId: 'NONE',
        trackingNumber: (r.reference as string | null) ?? r.number,
        trackingUrl: null,
        status: 'SHIPPED',
        shippedAt,
        plannedDeliveryDate: (r.effective_date as string | null) ?? shippedAt.slice(0, 10),
        deliveredAt: null,
        lines,
        packages: [{ packageNo: 1, trackingNumber: (r.reference as string | null) ?? r.number, lines }],
      };
    });
  }

  async function document(number: string, credit: boolean) {
    const rows = await read(
      'account.invoice',
      [
        ['number', '=', number],
        ['type', '=', 'out'],
      ],
      ['total_amount'],
    );
    const row = rows.find((r) => new Decimal(r.total_amount ?? 0).isNegative() === credit);
    if (!row) throw new ErpRequestError(404, 'NOT_FOUND', `no ${credit ? 'credit note' : 'invoice'} ${number} in Tryton`);
    const ctx = await rpc.context();
    const [ext, content] = await rpc.call<[string, Buffer | string]>(
      'report.account.invoice.execute',
      [[row.id], { id: row.id, ids: [row.id], model: 'account.invoice' }, ctx],
      Math.max(timeoutMs, 30_000),
    );
    const bytes = Buffer.isBuffer(content) ? content : Buffer.from(String(content));
    const types: Record<string, string> = {
      pdf: 'application/pdf',
      odt: 'application/vnd.oasis.opendocument.text',
      html: 'text/html',
      txt: 'text/plain',
    };
    return { contentType: types[ext] ?? 'application/octet-stream', bytes };
  }

  // ---- change feed: poll over write_date ----
  async function changes(after: number, limit: number): Promise<ErpChangeEvent[]> {
    const since = tDateTime(
      new Date(Math.floor(after / 1000))
        .toISOString()
        .replace(/\.(\d{3})Z$/, (_, ms: string) => `.${ms}${String(after % 1000).padStart(3, '0')}Z`),
    );
    const cutoff = (Date.now() - settleMs) * 1000;
    const changed = [
      'OR',
      ['write_date', '>', since],
      [
        ['write_date', '=', null],
        ['create_date', '>', since],
      ],
    ];
    const order = [
      ['write_date', 'ASC'],
      ['create_date', 'ASC'],
      ['id', 'ASC'],
    ];
    const n = limit + 50;
    const [sales, ships, invoices, plLines, products] = await Promise.all([
      read('sale.sale', [changed, ['state', '!=', 'draft']], SALE_FIELDS, order, n),
      read('stock.shipment.out', [changed, ['state', '=', 'done']], ['id', 'write_date', 'create_date'], order, n),
      read('account.invoice', [changed, ['type', '=', 'out'], ['state', 'in', ['posted', 'paid']]], INVOICE_FIELDS, order, n),
      read('product.price_list.line', [changed], ['product', 'write_date', 'create_date'], order, n),
      read(
        'product.product',
        [changed],
        ['code', 'name', 'list_price', 'salable', 'default_uom.symbol', 'description', 'template', 'write_date', 'create_date'],
        order,
        n,
      ),
    ]);
    const ts = (r: Row) => micros(String(r.write_date ?? r.create_date));
    const settled = (rows: Row[]) => rows.filter((r) => ts(r) > after && ts(r) <= cutoff);
    const events: ErpChangeEvent[] = [];
    const push = (model: string, r: Row, type: ErpChangeEvent['type'], key: string, payload: Record<string, unknown>, at = ts(r)) =>
      events.push({
        seq: at,
        id: `${model}:${r.id}:${type}:${key}:${at}`,
        type,
        key,
        occurredAt: new Date(Math.floor(at / 1000)).toISOString(),
        payload,
      });
    // A sale created since the cursor is `order.created` (at its create_date); a later write is `order.changed`.
    const inWindow = (at: number) => at > after && at <= cutoff;
    const s = sales.filter((r) => inWindow(micros(String(r.create_date))) || (r.write_date && inWindow(micros(String(r.write_date)))));
    const mappedSales = await mapSales(s);
    s.forEach((r, i) => {
      const created = micros(String(r.create_date));
      const written = r.write_date ? micros(String(r.write_date)) : null;
      if (inWindow(created)) push('sale.sale', r, 'order.created', mappedSales[i]!.number, mappedSales[i]! as never, created);
      if (written !== null && written !== created && inWindow(written))
        push('sale.sale', r, 'order.changed', mappedSales[i]!.number, mappedSales[i]! as never, written);
    });
    const sh = settled(ships);
    if (sh.length) {
      const ds = new Map((await deliveries([['id', 'in', sh.map((r) => r.id)]])).map((d) => [d.number, d]));
      const numbers = await rpc.model<Row[]>('stock.shipment.out', 'read', [sh.map((r) => r.id), ['number']]);
      sh.forEach((r) => {
        const d = ds.get(numbers.find((x) => x.id === r.id)?.number as string);
        if (d) push('stock.shipment.out', r, 'delivery.shipped', d.number, d as never);
      });
    }
    const inv = settled(invoices);
    const mappedInv = await mapInvoices(inv);
    inv.forEach((r, i) => {
      const { credit, ...x } = mappedInv[i]!;
      if (credit) {
        const memo: ErpCreditMemo & { invoice?: unknown } = { ...x, invoiceNumber: '', reason: 'CREDIT_NOTE' };
        push('account.invoice', r, 'credit_memo.issued', x.number, memo as never);
      } else push('account.invoice', r, 'invoice.posted', x.number, x as never);
    });
    const pl = settled(plLines);
    if (pl.length) {
      const all = await conditions();
      const m = await loadMaster();
      for (const r of pl) {
        const sku = m.byId.get(r.product as number)?.code as string | undefined;
        for (const c of all.filter((c) => c.sku === sku && c.access !== 'LIST'))
          push('product.price_list.line', r, 'condition.changed', c.id, c as never);
      }
    }
    const m = await loadMaster();
    for (const r of settled(products)) push('product.product', r, 'item.changed', r.code as string, toItem(r, m) as never);
    events.sort((a, b) => a.seq - b.seq || (a.id < b.id ? -1 : 1));
    if (events.length <= limit) return events;
    // Never split events of one instant (one Tryton transaction): the cursor is that instant.
    const last = events[limit - 1]!.seq;
    return events.filter((e) => e.seq <= last);
  }

  let longLived: ReturnType<typeof createTrytonErp> | undefined;

  /** Validation, then lookup-or-create under the key's lock, with long timeouts: runs to its end even when the caller stops waiting. */
  async function createUnbounded(
    input: CreateSalesOrderInput,
    idempotencyKey: string,
  ): Promise<{ order: ErpSalesOrder; replayed: boolean }> {
    // Validation runs under the key's lock too, so attempts are served in arrival order: a retry finds the first attempt's sale.
    const lockKey = `${opts.url}|${opts.database}|${idempotencyKey}`;
    let hash = '';
    // Under the lock only the decision (find or create) is made; reading the order back happens outside, in parallel.
    const { id: saleId, replayed } = await withKeyLock(lockKey, async (): Promise<{ id: number; replayed: boolean }> => {
      if (!idempotencyKey || idempotencyKey.length > 255)
        throw new ErpRequestError(400, 'VALIDATION_FAILED', 'idempotency key must be 1–255 characters');
      if (!input.lines?.length) throw new ErpRequestError(400, 'VALIDATION_FAILED', 'an order needs at least one line');
      for (const l of input.lines)
        if (!Number.isSafeInteger(l.quantity) || l.quantity < 1)
          throw new ErpRequestError(400, 'VALIDATION_FAILED', `${l.sku}: quantity must be a positive whole number`);
      const { m, a } = await account(input.accountId);
      for (const l of input.lines) {
        const p = m.bySku.get(l.sku);
        if (!p) throw new ErpRequestError(422, 'UNKNOWN_ITEM', `unknown SKU ${l.sku}`);
        if (!p.salable) throw new ErpRequestError(422, 'ITEM_DISCONTINUED', `${l.sku} is not salable in Tryton (discontinued)`);
      }
      hash = payloadHash({
        p: input.portalOrderId,
        a: input.accountId,
        r: input.customerReference ?? null,
        d: input.requestedDeliveryDate ?? null,
        l: input.lines,
      });
      const inner = Math.max(timeoutMs, 60_000);
      const known = settledKeys.get(lockKey);
      if (known) {
        if (known.hash !== hash)
          throw new ErpRequestError(422, 'IDEMPOTENCY_KEY_REUSED', 'this idempotency key was used for another order');
        return { id: known.id, replayed: true };
      }
      const found = await findByKey(idempotencyKey);
      if (found) {
        if (!String(found.comment ?? '').includes(`idempotency-hash:${hash}`))
          throw new ErpRequestError(422, 'IDEMPOTENCY_KEY_REUSED', 'this idempotency key was used for another order');
        // An attempt that stopped half-way (e.g. Tryton went down after the create) is completed; the workflow
        // ignores transitions already made, so this is safe even if its first owner is still at it.
        if (found.state === 'draft') await rpc.model('sale.sale', 'quote', [[found.id]], {}, inner);
        if (found.state === 'draft' || found.state === 'quotation') await confirmAndProcess(found.id as number, inner);
        return { id: found.id as number, replayed: true };
      }
      const date = today();
      const party = a.party;
      const prices = new Map<string, string>();
      for (const l of input.lines) {
        const id = m.bySku.get(l.sku)!.id as number;
        prices.set(`${l.sku}|${l.quantity}`, (await trytonPrices(input.accountId, [id], l.quantity, date)).get(id)!);
      }
      const comment = [
        `idempotency-hash:${hash}`,
        ...(input.requestedDeliveryDate ? [`requested:${input.requestedDeliveryDate}`] : []),
        ...(input.customerReference ? [`customer-reference:${input.customerReference}`] : []),
      ].join('\n');
      const createdAt = Date.now();
      const [id] = await rpc.model<number[]>(
        'sale.sale',
        'create',
        [
          [
            {
              party: party.id,
              company: m.company.id,
              currency: m.currencies.get(a.currency),
              warehouse: m.whByCode.get(a.warehouse)!.id,
              price_list: party.sale_price_list,
              payment_term: party.customer_payment_term,
              invoice_address: (party.addresses as number[])[0],
              shipment_address: (party.addresses as number[])[0],
              sale_date: tDate(date),
              reference: idempotencyKey,
              description: `portal:${input.portalOrderId}`,
              comment,
              lines: [
                [
                  'create',
                  input.lines.map((l) => {
                    const p = m.bySku.get(l.sku)!;
                    return {
                      type: 'line',
                      product: p.id,
                      quantity: l.quantity,
                      unit: p.default_uom,
                      unit_price: { __class__: 'Decimal', decimal: prices.get(`${l.sku}|${l.quantity}`) },
                      description: p.name,
                    };
                  }),
                ],
              ],
            },
          ],
        ],
        {},
        inner,
      );
      // The lock is per process: another process (a second replica) may be creating the same key right now.
      // The lowest sale id wins and the other draft is deleted. A lower id that is not committed yet is
      // invisible, so the check is repeated after twice the time our own create took (its commit window).
      let winner = await findByKey(idempotencyKey);
      if (winner?.id === id) {
        await new Promise((r) => setTimeout(r, Math.max(250, 2 * (Date.now() - createdAt))));
        winner = await findByKey(idempotencyKey);
      }
      if (winner && winner.id !== id) {
        await rpc.model('sale.sale', 'delete', [[id]], {}, inner);
        if (winner.state === 'draft') await rpc.model('sale.sale', 'quote', [[winner.id]], {}, inner);
        await confirmAndProcess(winner.id as number, inner);
        return { id: winner.id as number, replayed: true };
      }
      await rpc.model('sale.sale', 'quote', [[id]], {}, inner);
      await confirmAndProcess(id!, inner);
      return { id: id!, replayed: false };
    });
    const order = (await loadSales([['id', '=', saleId]]))[0]!;
    // Past quotation the sale and its payload hash cannot change: later attempts of this key need no lookup.
    if (order.status !== 'ON_HOLD') {
      settledKeys.set(lockKey, { id: saleId, hash });
      if (settledKeys.size > 10_000) settledKeys.delete(settledKeys.keys().next().value!);
    }
    return { order, replayed };
  }

  return {
    rpc,
    createUnbounded,
    inventory: {
      async exportItems(req) {
        const m = await loadMaster();
        return pageOf(
          m.products.map((p) => toItem(p, m)),
          (i) => i.sku,
          req,
        );
      },
      async warehouses() {
        const m = await loadMaster();
        return m.warehouses.filter((w) => w.code).map((w) => toWarehouse(w, m));
      },
      async checkAvailability(accountId, lines, o = {}) {
        const { m, a } = await account(accountId);
        for (const l of lines) {
          if (!m.bySku.has(l.sku)) throw new ErpRequestError(422, 'UNKNOWN_ITEM', `unknown SKU ${l.sku}`);
          if (!Number.isSafeInteger(l.quantity) || l.quantity < 1)
            throw new ErpRequestError(400, 'VALIDATION_FAILED', `line ${l.lineId}: quantity must be a positive whole number`);
        }
        const byWh = new Map<string, number[]>();
        for (const l of lines) {
          const wh = l.warehouseId ?? a.warehouse;
          if (!m.whByCode.has(wh)) throw new ErpRequestError(422, 'UNKNOWN_WAREHOUSE', `unknown warehouse ${wh}`);
          byWh.set(wh, [...new Set([...(byWh.get(wh) ?? []), m.bySku.get(l.sku)!.id as number])]);
        }
        const supplies = new Map<string, ItemSupply>();
        await Promise.all(
          [...byWh].map(async ([wh, ids]) => {
            for (const [id, s] of await supplyOf(ids, m.whByCode.get(wh)!)) supplies.set(`${m.byId.get(id)!.code}|${wh}`, s);
          }),
        );
        const now = new Date();
        const calendar = WorkingCalendar.mondayToFriday();
        const results = checkMany({
          now,
          supplyOf: (sku, wh) => supplies.get(`${sku}|${wh}`) ?? { stockOnHand: 0, movements: [] },
          lines: lines.map((l) => {
            const w = toWarehouse(m.whByCode.get(l.warehouseId ?? a.warehouse)!, m);
            return {
              sku: l.sku,
              quantity: l.quantity,
              requestedDeliveryDate: l.requestedDeliveryDate ?? null,
              partialDelivery: o.partialDelivery ?? a.partial,
              leadTimeDays: m.leadTimes.get(m.bySku.get(l.sku)!.id as number) ?? 0,
              warehouse: {
                id: w.id,
                calendar,
                timeZone: w.timeZone,
                cutoffTime: w.cutoffTime,
                pickPackDays: 0,
                loadingDays: 0,
                transitDays: 0,
              },
            };
          }),
        });
        return {
          checkedAt: now.toISOString(),
          lines: results.map((r, i): AvailabilityAnswer => {
            const { schedulingStart: _s, ...rest } = r;
            return { ...rest, lineId: lines[i]!.lineId, sku: lines[i]!.sku };
          }),
        };
      },
    },
    pricing: {
      async exportConditions(req) {
        return pageOf(await conditions(), (c) => c.id, req);
      },
      async exportCustomers(req) {
        const m = await loadMaster();
        return pageOf(
          [...m.accounts.keys()].sort().map((id) => pricingCustomer(id, m)),
          (c) => c.accountId,
          req,
        ) as Page<{ accountId: string; currency: string; tier: string; priceListId: string }>;
      },
      simulate,
      async tiers(accountId, sku, pricingDate) {
        const { m } = await account(accountId);
        return priceTiers({
          ...PRICING,
          records: await conditions(),
          customer: pricingCustomer(accountId, m),
          pricingDate: pricingDate ?? today(),
          sku,
        });
      },
    },
    orders: {
      async exportAccounts(req) {
        const m = await loadMaster();
        const [contacts, terms] = await Promise.all([
          read(
            'party.contact_mechanism',
            [
              ['type', '=', 'email'],
              ['party', 'in', m.parties.map((p) => p.id)],
            ],
            ['party', 'value', 'name', 'comment'],
          ),
          read('account.invoice.payment_term.line.delta', [], ['line.payment', 'days']).catch(() => [] as Row[]),
        ]);
        const days = new Map(terms.map((t) => [t['line.']?.payment as number, Number(t.days)]));
        const accounts: ErpAccount[] = [...m.accounts.entries()]
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([id, a]) => {
            const pc = pricingCustomer(id, m);
            return {
              id,
              name: a.party.name,
              currency: a.currency,
              tier: pc.tier ?? '',
              priceListId: pc.priceListId ?? '',
              paymentTermsDays: days.get(a.party.customer_payment_term as number) ?? 0,
              creditLimit: money2(a.party.credit_limit_amount),
              defaultWarehouse: a.warehouse,
              partialDelivery: a.partial,
              contacts: contacts
                .filter((c) => c.party === a.party.id)
                .map((c): ErpContact => {
                  const note = String(c.comment ?? '');
                  const kv = (k: string) => new RegExp(`${k}=(\\S+)`).exec(note)?.[1] ?? null;
                  return {
                    userId: kv('user') ?? c.value,
                    name: c.name ?? c.value,
                    email: c.value,
                    role: (kv('role') ?? 'buyer') as ErpContact['role'],
                    spendingLimit: kv('spendingLimit'),
                  };
                }),
            };
          });
        return pageOf(accounts, (a) => a.id, req);
      },
      async exportSalesOrders(req) {
        const after = decodeCursor(req.cursor);
        const limit = Math.max(1, Math.min(req.limit ?? 100, 1000));
        const rows = await read(
          'sale.sale',
          [['number', '!=', null], ...(after === null ? [] : [['id', '>', Number(after)]])],
          SALE_FIELDS,
          [['id', 'ASC']],
          limit + 1,
        );
        const items = await mapSales(rows.slice(0, limit));
        return { items, nextCursor: rows.length > limit ? encodeCursor(rows[limit - 1]!.id as number) : null };
      },
      async exportDeliveries(req) {
        return pageOf(await deliveries(), (d) => d.number, req);
      },
      async createSalesOrder(input, idempotencyKey) {
        // A caller with a short timeout still gets a create that finishes in Tryton, so its retry replays it.
        const runner =
          timeoutMs >= 60_000 ? createUnbounded : (longLived ??= createTrytonErp({ ...opts, timeoutMs: 60_000 })).createUnbounded;
        const work = runner(input, idempotencyKey);
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new ErpUnavailableError(`Tryton did not confirm the order within ${timeoutMs} ms (retry with the same key)`)),
            timeoutMs,
          );
        });
        try {
          return await Promise.race([work, timeout]);
        } finally {
          clearTimeout(timer);
          work.catch(() => undefined);
        }
      },
      getSalesOrder: getSale,
      async findSalesOrderByPortalId(portalOrderId) {
        return (await loadSales([['description', '=', `portal:${portalOrderId}`]]))[0] ?? null;
      },
      async cancelLine(orderNumber, lineNo) {
        const { order, row } = await requireSale(orderNumber);
        const line = order.lines.find((l) => l.lineNo === lineNo);
        if (!line) throw new ErpRequestError(404, 'NOT_FOUND', `order ${orderNumber} has no line ${lineNo}`);
        const open = order.lines.filter((l) => l.status !== 'CANCELLED');
        if (open.length !== 1 || open[0]!.lineNo !== lineNo || line.shippedQuantity > 0)
          throw new ErpRequestError(
            409,
            'NOT_SUPPORTED_BY_ERP',
            'Tryton 6.0 cancels a confirmed sale as a whole (its unshipped shipments), not one line of several',
          );
        const ships = await rpc.model<Row[]>('stock.shipment.out', 'read', [row.shipments, ['state']]);
        const cancellable = ships.filter((s) => ['draft', 'waiting', 'assigned'].includes(s.state as string)).map((s) => s.id);
        if (cancellable.length) await rpc.model('stock.shipment.out', 'cancel', [cancellable]);
        else if (['draft', 'quotation'].includes(row.state as string)) await rpc.model('sale.sale', 'cancel', [[row.id]]);
        return (await getSale(orderNumber))!;
      },
      async acceptSubstitution() {
        throw new ErpRequestError(409, 'NOT_SUPPORTED_BY_ERP', 'Tryton 6.0 does not propose substitutions');
      },
      async releaseCreditHold(orderNumber) {
        const { order, row } = await requireSale(orderNumber);
        if (order.status !== 'ON_HOLD') throw new ErpRequestError(409, 'NOT_ON_HOLD', `order ${orderNumber} is not on credit hold`);
        // Accepting the credit-limit warning is how a Tryton user with the credit-limit right releases it.
        await rpc.model('res.user.warning', 'create', [
          [{ user: await rpc.userId(), name: `credit_limit_amount_sale.sale,${row.id}`, always: false }],
        ]);
        await confirmAndProcess(row.id as number, Math.max(timeoutMs, 60_000));
        return (await getSale(orderNumber))!;
      },
    },
    invoices: {
      // Tryton 6.0's stock invoice report is an OpenDocument text (no converter configured).
      documentContentType: 'application/vnd.oasis.opendocument.text',
      async exportInvoices(req) {
        const all = (await mapInvoices(await invoiceRows())).filter((i) => !i.credit).map(({ credit: _c, ...i }) => i);
        return pageOf(all, (i) => i.number, req);
      },
      async exportCreditMemos(req) {
        const all = (await mapInvoices(await invoiceRows()))
          .filter((i) => i.credit)
          .map(({ credit: _c, status: _s, balance: _b, dueDate: _d, deliveryNumber: _n, ...i }): ErpCreditMemo => ({
            ...i,
            invoiceNumber: '',
            reason: 'CREDIT_NOTE',
          }));
        return pageOf(all, (i) => i.number, req);
      },
      async exportPayments(req) {
        return pageOf([], () => '', req);
      },
      async getInvoice(number) {
        const rows = await invoiceRows([['number', '=', number]]);
        const inv = (await mapInvoices(rows)).find((i) => !i.credit);
        if (!inv) return null;
        const { credit: _c, ...rest } = inv;
        return rest;
      },
      invoiceDocument: (number) => document(number, false),
      creditMemoDocument: (number) => document(number, true),
    },
    events: {
      async poll(after, o = {}) {
        if (!Number.isSafeInteger(after) || after < 0)
          throw new ErpRequestError(400, 'BAD_CURSOR', 'after must be a non-negative feed position');
        const limit = Math.max(1, Math.min(o.limit ?? 100, 1000));
        const until = Date.now() + (o.waitMs ?? 0);
        for (;;) {
          const events = await changes(after, limit);
          if (events.length || Date.now() >= until) return { events, nextCursor: events.length ? events[events.length - 1]!.seq : after };
          await new Promise((r) => setTimeout(r, Math.min(pollIntervalMs, Math.max(0, until - Date.now()))));
        }
      },
      async head() {
        const cutoff = (Date.now() - settleMs) * 1000;
        const models = ['sale.sale', 'stock.shipment.out', 'account.invoice', 'product.price_list.line', 'product.product'];
        const rows = await Promise.all(
          models.flatMap((model) => [
            read(model, [['write_date', '!=', null]], ['write_date'], [['write_date', 'DESC']], 5),
            read(model, [], ['create_date'], [['create_date', 'DESC']], 5),
          ]),
        );
        const stamps = rows
          .flat()
          .map((r) => micros(String(r.write_date ?? r.create_date)))
          .filter((t) => t <= cutoff);
        return stamps.length ? Math.max(...stamps) : 0;
      },
    },
    ping: () => rpc.ping(),
  };
}
