/**
 * Sales order creation with an idempotency key (same key + same payload → the same order,
 * replayed; same key + another payload → 422; concurrent duplicates → one order), pricing by the
 * pricing procedure, credit check (over the limit → created but on credit hold with a reason
 * code), ATP consumption into schedule lines, discontinued items → substitution proposed.
 */
import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { minorUnits } from '@portal/platform/currency';
import { HttpError } from '@portal/platform/http';
import { Decimal } from '@portal/platform/money';
import { confirmedOn, confirmNewLines, newIssueRows } from './confirmation.js';
import type { ErpContext } from './context.js';
import { creditExposureAndNumber, creditLockKey, HOLD_CREDIT, openOrderValue } from './credit.js';
import { Customer, type CustomerEntity } from './entities/index.js';
import { notifyAppended } from './feed.js';
import { lookUpAndReadSupply, writeNewOrder, type NewLine, type NewOrder } from './order-rows.js';
import { deriveOrderStatus, detailFromJson, detailOf, ORDER_JSON, readOrderDetail, type OrderDetail, type OrderJson } from './orders.js';
import { CONDITIONS_JSON, simulatePricing } from './pricing.js';
import {
  CUSTOMER_JSON,
  ITEMS_JSON,
  itemsBySku,
  query,
  textArray,
  WAREHOUSES_JSON,
  warehousesById,
  type CustomerRow,
  type ItemRow,
} from './projections.js';
import type { WarehouseRow } from './warehouses.js';
import type { WarehouseParams } from '@portal/atp-engine';
import type { ConditionRecord, ConditionRow, DocumentPrice } from '@portal/pricing-engine';
import { toConditionRecord } from '@portal/pricing-engine';

export interface CreateOrderInput {
  /** Null for an order entered in the ERP itself (admin API): no key, no portal id (it is then `erp:<number>`). */
  idempotencyKey: string | null;
  portalOrderId: string | null;
  accountId: string;
  customerReference?: string | null;
  requestedDeliveryDate?: string | null;
  lines: { sku: string; quantity: number; requestedDeliveryDate?: string | null }[];
}

/** Canonical hash of what the buyer submitted: key reuse with a different payload is refused. */
export function payloadHash(input: CreateOrderInput): string {
  const canonical = {
    portalOrderId: input.portalOrderId,
    accountId: input.accountId,
    customerReference: input.customerReference ?? null,
    requestedDeliveryDate: input.requestedDeliveryDate ?? null,
    lines: input.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, requestedDeliveryDate: l.requestedDeliveryDate ?? null })),
  };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

export async function loadCustomer(em: EntityManager, id: string): Promise<CustomerEntity> {
  const customer = await em.findOne(Customer, { id });
  if (!customer) throw new HttpError(404, 'UNKNOWN_CUSTOMER', `no customer ${id}`);
  return customer;
}

/** What an order is priced and promised with, read before its transaction (no lock protects it). */
interface Prepared {
  customer: CustomerRow;
  items: Map<string, ItemRow>;
  warehouses: Map<string, WarehouseParams>;
  priced: DocumentPrice;
  pricingDate: string;
}

/** What `prepareOrder` reads: the order's inputs, and the order its key already names (if committed). */
interface PrepareRow {
  customer: CustomerRow | null;
  items: ItemRow[];
  warehouses: WarehouseRow[];
  conditions: ConditionRow[];
  existing: { hash: string | null; detail: OrderJson } | null;
}

/**
 * In one statement: the customer, the items, the warehouses (read once, for the price and the
 * availability check) and the condition records, and the order the idempotency key already names
 * — outside the order's transaction, so no lock and no connection is held while they are read and
 * the price computed. A key already used by a committed order answers it (or refuses a different
 * payload) at once: what the order's transaction would find under the key's lock, as the key's
 * order never changes once committed. A refusal is returned, not thrown: a key already used (by an
 * order committed meanwhile) answers its order even if the cart could no longer be priced.
 */
async function prepareOrder(
  ctx: ErpContext,
  input: CreateOrderInput,
  hash: string,
): Promise<{ replay: OrderDetail } | { prepared: Prepared | HttpError }> {
  const skus = [...new Set(input.lines.map((l) => l.sku))];
  const pricingDate = ctx.clock.today();
  const [row] = await query<PrepareRow>(
    ctx.orm.em,
    `with p as (select ?::text as account, ${textArray} as skus, ?::date as date, ?::text as key)
     select ${CUSTOMER_JSON} as customer, ${ITEMS_JSON} as items, ${WAREHOUSES_JSON} as warehouses,
            ${CONDITIONS_JSON} as conditions,
            (select json_build_object('hash', o.payload_hash, 'detail', ${ORDER_JSON})
               from "erp"."sales_order" o where o.idempotency_key = p.key) as existing
       from p left join "erp"."customer" c on c.id = p.account`,
    [input.accountId, JSON.stringify(skus), pricingDate, input.idempotencyKey],
  );
  const { customer, existing } = row!;
  if (existing) {
    if (existing.hash !== hash) throw keyReused();
    return { replay: detailFromJson(existing.detail) };
  }
  const refuse = (err: HttpError) => ({ prepared: err });
  if (!customer) return refuse(new HttpError(404, 'UNKNOWN_CUSTOMER', `no customer ${input.accountId}`));
  const items = itemsBySku(row!.items);
  const unknown = skus.filter((s) => !items.has(s));
  if (unknown.length) return refuse(new HttpError(422, 'UNKNOWN_ITEM', `unknown SKU(s): ${unknown.join(', ')}`));
  const records: ConditionRecord[] = row!.conditions.map(toConditionRecord);
  let priced: DocumentPrice;
  try {
    priced = await simulatePricing(
      ctx.orm.em,
      customer,
      input.lines.map((l, i) => ({ lineId: String((i + 1) * 10), sku: l.sku, quantity: l.quantity })),
      pricingDate,
      items,
      records,
    );
  } catch (err) {
    if (err instanceof HttpError) return refuse(err);
    throw err;
  }
  if (priced.errors.length)
    return refuse(new HttpError(422, 'NO_PRICE', priced.errors.map((e) => `line ${e.lineId}: ${e.message}`).join('; ')));
  // The minimum order value is on the goods: net after header discounts, before freight and tax.
  const goods = new Decimal(priced.totals.net).minus(priced.totals.headerDiscount);
  if (customer.minimumOrderValue !== null && customer.minimumOrderValue !== undefined && goods.lt(customer.minimumOrderValue))
    return refuse(
      new HttpError(
        422,
        'MINIMUM_ORDER_VALUE_NOT_MET',
        `the order's value ${goods.toFixed(minorUnits(customer.currency))} ${customer.currency} is below the minimum order value ${new Decimal(customer.minimumOrderValue).toFixed(minorUnits(customer.currency))}`,
      ),
    );
  return { prepared: { customer, items, warehouses: warehousesById(row!.warehouses), priced, pricingDate } };
}

const keyReused = () => new HttpError(422, 'IDEMPOTENCY_KEY_REUSED', 'this idempotency key was used for a different order payload');

/**
 * Create an order in a number of statements that does not grow with its lines. Before the
 * transaction, in one statement: the customer, items, warehouses and condition records (for the
 * price and the availability check), and the order the key already names (a replay ends here).
 * In the transaction: the key's, the portal order's and every item's ATP lock in one statement;
 * the look-up of the key and the portal order with stock and movements (the customer's credit lock
 * taken with them when nothing was found), checked per round of repeated SKUs in memory; the
 * credit exposure with the order number; the order, its lines, their issues and the
 * `order.created` event last, in one statement (the feed's lock, held for it and the commit). The
 * detail answered is the one the event carries, not read back.
 */
export async function createSalesOrder(ctx: ErpContext, input: CreateOrderInput): Promise<{ order: OrderDetail; replayed: boolean }> {
  const hash = payloadHash(input);
  const before = await prepareOrder(ctx, input, hash);
  if ('replay' in before) return { order: before.replay, replayed: true };
  const { prepared } = before;
  const result = await ctx.orm.em.fork().transactional(async (tx): Promise<{ number: string; created: OrderDetail | null }> => {
    const key = input.idempotencyKey;
    const portalId = input.portalOrderId;
    const ready = prepared instanceof HttpError ? null : prepared;
    const warehouseId = ready?.customer.defaultWarehouse ?? '';
    // A discontinued item with a successor is proposed for substitution, not confirmed.
    const substituted = (sku: string) => Boolean(ready?.items.get(sku)?.discontinued && ready.items.get(sku)!.successorSku);
    const toConfirm = input.lines.flatMap((l, index) =>
      substituted(l.sku)
        ? []
        : [
            {
              index,
              sku: l.sku,
              quantity: l.quantity,
              requestedDeliveryDate: l.requestedDeliveryDate ?? input.requestedDeliveryDate ?? null,
            },
          ],
    );
    // The key first, then the portal order id, then every item's ATP lock, sorted (two orders never
    // wait on each other in opposite order); the credit lock comes later, after any ATP lock, as
    // every credit check takes them. Under the ATP locks (in the same round trip): stock and
    // movements; the credit lock is taken with them (unless an order was found), so the exposure
    // read next sees every order of this customer committed before.
    const { found, supply } = await lookUpAndReadSupply(tx, {
      locks: [
        ...(key !== null ? [`order-key:${key}`] : []),
        ...(portalId !== null ? [`portal-order:${portalId}`] : []),
        ...(ready ? [...new Set(toConfirm.map((l) => `atp:${l.sku}@${warehouseId}`))].sort() : []),
      ],
      key,
      portalId,
      skus: ready ? [...new Set(toConfirm.map((l) => l.sku))] : [],
      warehouseId,
      creditLock: ready ? creditLockKey(ready.customer.id) : null,
    });
    const existing = key !== null ? found.find((o) => o.idempotencyKey === key) : undefined;
    if (existing) {
      if (existing.payloadHash !== hash) throw keyReused();
      return { number: existing.number, created: null };
    }
    if (portalId !== null && found.some((o) => o.portalOrderId === portalId))
      throw new HttpError(409, 'PORTAL_ORDER_EXISTS', `portal order ${portalId} was already created with another idempotency key`);
    if (!ready) throw prepared as HttpError;
    const { customer, items, priced, pricingDate } = ready;
    const lineTax = new Map(priced.lineTaxes.map((t) => [t.lineId, t]));
    const now = ctx.clock.now();

    const confirmed = await confirmNewLines(ctx, tx, customer, warehouseId, toConfirm, {
      items,
      warehouses: ready.warehouses,
      supply,
    });
    // The exposure (the new order is not written yet: nothing to leave out) and the order's number
    // in one statement, the last read: the number range is locked from here to commit.
    const { exposure, number } = await creditExposureAndNumber(tx, customer.id, 'order');
    const lineId = (i: number) => `${number}:${(i + 1) * 10}`;
    const order: NewOrder = {
      number,
      // An order entered in the ERP itself is known to the portal by its number.
      portalOrderId: portalId ?? `erp:${number}`,
      idempotencyKey: key,
      payloadHash: key === null ? null : hash,
      customerId: customer.id,
      status: 'CONFIRMED',
      holdReason: null,
      creditReleasedBy: null,
      placedAt: now,
      currency: customer.currency,
      requestedDeliveryDate: input.requestedDeliveryDate ?? null,
      warehouseId,
      partialDelivery: customer.partialDelivery,
      pricingDate,
      netTotal: priced.totals.net,
      freight: priced.totals.freight,
      headerDiscount: priced.totals.headerDiscount,
      tax: priced.totals.tax,
      taxLines: priced.taxLines,
      customerReference: input.customerReference ?? null,
      updatedAt: now,
    };
    const lines = priced.lines.map((pl, i): NewLine => {
      const line: NewLine = {
        id: lineId(i),
        orderNumber: number,
        lineNo: (i + 1) * 10,
        sku: pl.sku,
        quantity: pl.quantity,
        unitPrice: pl.unitPrice,
        netAmount: pl.netAmount,
        status: 'OPEN',
        confirmedQuantity: 0,
        shippedQuantity: 0,
        invoicedQuantity: 0,
        cancelledQuantity: 0,
        scheduleLines: [],
        proposedSku: null,
        components: pl.components,
        requestedDeliveryDate: input.lines[i]?.requestedDeliveryDate ?? null,
        taxClass: lineTax.get(pl.lineId)?.taxClass ?? null,
        taxRate: lineTax.get(pl.lineId)?.rate ?? null,
        headerDiscount: lineTax.get(pl.lineId)?.headerDiscount ?? '0',
        taxAmount: lineTax.get(pl.lineId)?.amount ?? '0',
      };
      const scheduleLines = confirmed.get(i);
      if (scheduleLines) confirmedOn(line, scheduleLines);
      else {
        line.status = 'SUBSTITUTION_PROPOSED';
        line.proposedSku = items.get(pl.sku)!.successorSku ?? null;
      }
      return line;
    });
    const issues = newIssueRows(
      warehouseId,
      toConfirm.map((l) => ({ lineId: lineId(l.index), sku: l.sku, scheduleLines: confirmed.get(l.index) ?? [] })),
    );
    // The new order counts as it will be invoiced (its total: after header discount, with freight and tax).
    if (exposure.plus(openOrderValue(order, lines)).gt(customer.creditLimit)) order.holdReason = HOLD_CREDIT;
    order.status = deriveOrderStatus(order, lines);
    // A new order has no deliveries or invoices yet: its detail as it now stands.
    const created = detailOf(order, lines, [], []);
    await writeNewOrder(tx, order, lines, issues, key === null ? { ...created } : { ...created, idempotencyKey: key });
    return { number, created };
  });
  notifyAppended(['order.created']);
  if (result.created) return { order: result.created, replayed: false };
  const order = await readOrderDetail(ctx.orm.em, 'number', result.number);
  return { order: order!, replayed: true };
}
