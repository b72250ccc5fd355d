/**
 * Sales orders: creation with an idempotency key (same key + same payload → the same order,
 * replayed; same key + another payload → 422; concurrent duplicates → one order), pricing by the
 * pricing procedure, credit check (over the limit → created but on credit hold with a reason
 * code), ATP consumption into schedule lines, discontinued items → substitution proposed; then
 * line cancellation, accepting a substitution and releasing a credit hold.
 */
import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { amountText, minorUnits } from '@portal/platform/currency';
import { HttpError } from '@portal/platform/http';
import { Decimal } from '@portal/platform/money';
import { checkAvailability } from './availability.js';
import type { ErpContext } from './context.js';
import {
  Customer,
  Delivery,
  Invoice,
  Item,
  Movement,
  SalesOrder,
  SalesOrderLine,
  type CustomerEntity,
  type ItemEntity,
  type ScheduleLine,
  type SalesOrderEntity,
  type SalesOrderLineEntity,
} from './entities/index.js';
import { appendEvent, notifyAppended } from './feed.js';
import { nextNumber } from './numbers.js';
import { simulatePricing } from './pricing.js';

export interface CreateOrderInput {
  /** Null for an order entered in the ERP itself (admin API): no key, no portal id (it is then `erp:<number>`). */
  idempotencyKey: string | null;
  portalOrderId: string | null;
  accountId: string;
  customerReference?: string | null;
  requestedDeliveryDate?: string | null;
  lines: { sku: string; quantity: number; requestedDeliveryDate?: string | null }[];
}

export const HOLD_CREDIT = 'CREDIT_LIMIT_EXCEEDED';

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

/** Transaction-scoped advisory lock (serialises work on one key across connections). */
export async function lock(tx: EntityManager, key: string): Promise<void> {
  await tx.getConnection().execute(`select pg_advisory_xact_lock(hashtext(?))`, [key], 'all', tx.getTransactionContext());
}

/** Several advisory locks in one round trip, taken in the order given (callers sort them). */
export async function lockAll(tx: EntityManager, keys: string[]): Promise<void> {
  if (!keys.length) return;
  await tx
    .getConnection()
    .execute(
      `select pg_advisory_xact_lock(hashtext(k)) from jsonb_array_elements_text(?::jsonb) with ordinality as t(k, n) order by n`,
      [JSON.stringify(keys)],
      'all',
      tx.getTransactionContext(),
    );
}

/**
 * Credit exposure from committed documents: the open (not yet invoiced) value of the customer's
 * other orders plus its open receivables. The order being checked is left out by number (its own
 * value is added once by the caller), so it does not matter whether its lines were already written.
 */
export async function creditExposure(tx: EntityManager, customerId: string, exceptOrder: string | null): Promise<Decimal> {
  const rows = await tx
    .getConnection()
    .execute<{ open_orders: string | null; open_invoices: string | null; credit_balance: string | null }[]>(
      `select
       (select coalesce(sum(l.net_amount * (l.quantity - l.cancelled_quantity - l.invoiced_quantity)
                            / nullif(l.quantity - l.cancelled_quantity, 0)), 0)
          from "erp"."sales_order_line" l join "erp"."sales_order" o on o.number = l.order_number
         where o.customer_id = ? and o.number <> ? and l.status <> 'CANCELLED' and o.status <> 'CANCELLED') as open_orders,
       (select coalesce(sum(balance), 0) from "erp"."invoice" where customer_id = ? and status = 'OPEN') as open_invoices,
       (select credit_balance from "erp"."customer" where id = ?) as credit_balance`,
      [customerId, exceptOrder ?? '', customerId, customerId],
      'all',
      tx.getTransactionContext(),
    );
  // Credit the customer holds with us lowers what it owes.
  return new Decimal(rows[0]?.open_orders ?? 0).plus(rows[0]?.open_invoices ?? 0).minus(rows[0]?.credit_balance ?? 0);
}

/** The open (not yet invoiced) value of an order's lines. */
export function openOrderValue(
  lines: Pick<SalesOrderLineEntity, 'status' | 'netAmount' | 'quantity' | 'cancelledQuantity' | 'invoicedQuantity'>[],
): Decimal {
  return lines
    .filter((l) => l.status !== 'CANCELLED' && l.quantity - l.cancelledQuantity > 0)
    .reduce(
      (s, l) =>
        s.plus(new Decimal(l.netAmount).mul(l.quantity - l.cancelledQuantity - l.invoicedQuantity).div(l.quantity - l.cancelledQuantity)),
      new Decimal(0),
    );
}

/**
 * One customer's credit checks run one at a time (until the checking transaction commits), so two
 * orders checked at the same moment cannot both use the same headroom.
 */
export async function lockCredit(tx: EntityManager, customerId: string): Promise<void> {
  await lock(tx, creditLockKey(customerId));
}

const creditLockKey = (customerId: string) => `credit:${customerId}`;

/** The portal-facing order status, derived from the lines and the hold. */
export function deriveOrderStatus(
  order: Pick<SalesOrderEntity, 'holdReason'>,
  lines: Pick<SalesOrderLineEntity, 'status' | 'quantity' | 'shippedQuantity' | 'cancelledQuantity'>[],
): string {
  if (order.holdReason) return 'ON_HOLD';
  const active = lines.filter((l) => l.status !== 'CANCELLED');
  if (!active.length) return 'CANCELLED';
  if (active.every((l) => l.shippedQuantity + l.cancelledQuantity >= l.quantity)) return 'COMPLETED';
  if (active.some((l) => l.shippedQuantity > 0)) return 'PARTIALLY_SHIPPED';
  if (active.some((l) => l.status === 'IN_FULFILLMENT')) return 'IN_FULFILLMENT';
  return 'CONFIRMED';
}

export interface OrderDetail {
  number: string;
  portalOrderId: string;
  accountId: string;
  status: string;
  holdReason: string | null;
  placedAt: string;
  currency: string;
  requestedDeliveryDate: string | null;
  warehouseId: string;
  pricingDate: string;
  customerReference: string | null;
  netTotal: string;
  freight: string;
  /** Header discounts (positive), tax, and the tax per rate; total = netTotal − headerDiscount + freight + tax. */
  headerDiscount: string;
  tax: string;
  total: string;
  taxLines: { conditionType: string; label: string; rate: string; base: string; amount: string }[];
  lines: {
    lineNo: number;
    sku: string;
    quantity: number;
    unitPrice: string;
    netAmount: string;
    status: string;
    confirmedQuantity: number;
    shippedQuantity: number;
    invoicedQuantity: number;
    cancelledQuantity: number;
    scheduleLines: { availableDate: string; deliveryDate: string; quantity: number }[];
    proposedSku: string | null;
    components: unknown[];
    requestedDeliveryDate: string | null;
    taxClass: string | null;
    taxRate: string | null;
    headerDiscount: string;
    taxAmount: string;
  }[];
  deliveries: string[];
  invoices: string[];
}

export async function orderDetail(em: EntityManager, number: string): Promise<OrderDetail | null> {
  const order = await em.findOne(SalesOrder, { number });
  if (!order) return null;
  // Sequential: inside a transaction all queries share one connection.
  const lines = await em.find(SalesOrderLine, { orderNumber: number }, { orderBy: { lineNo: 'asc' } });
  const deliveries = await em.find(Delivery, { orderNumber: number }, { orderBy: { number: 'asc' }, fields: ['number'] });
  const invoices = await em.find(Invoice, { orderNumber: number }, { orderBy: { number: 'asc' }, fields: ['number'] });
  return detailOf(
    order,
    lines,
    deliveries.map((d) => d.number),
    invoices.map((i) => i.number),
  );
}

/** An order as its detail shows it, from its row, its lines (by line number) and its documents' numbers. */
function detailOf(order: SalesOrderEntity, lines: SalesOrderLineEntity[], deliveries: string[], invoices: string[]): OrderDetail {
  return {
    number: order.number,
    portalOrderId: order.portalOrderId,
    accountId: order.customerId,
    status: order.status,
    holdReason: order.holdReason ?? null,
    placedAt: order.placedAt.toISOString(),
    currency: order.currency,
    requestedDeliveryDate: order.requestedDeliveryDate ?? null,
    warehouseId: order.warehouseId,
    pricingDate: order.pricingDate,
    customerReference: order.customerReference ?? null,
    netTotal: amountText(order.netTotal, order.currency),
    freight: amountText(order.freight, order.currency),
    headerDiscount: new Decimal(order.headerDiscount).toFixed(minorUnits(order.currency)),
    tax: new Decimal(order.tax).toFixed(minorUnits(order.currency)),
    total: new Decimal(order.netTotal).minus(order.headerDiscount).plus(order.freight).plus(order.tax).toFixed(minorUnits(order.currency)),
    taxLines: order.taxLines,
    lines: lines.map((l) => ({
      lineNo: l.lineNo,
      sku: l.sku,
      quantity: l.quantity,
      unitPrice: new Decimal(l.unitPrice).toFixed(4),
      netAmount: amountText(l.netAmount, order.currency),
      status: l.status,
      confirmedQuantity: l.confirmedQuantity,
      shippedQuantity: l.shippedQuantity,
      invoicedQuantity: l.invoicedQuantity,
      cancelledQuantity: l.cancelledQuantity,
      scheduleLines: l.scheduleLines,
      proposedSku: l.proposedSku ?? null,
      components: l.components,
      requestedDeliveryDate: l.requestedDeliveryDate ?? null,
      taxClass: l.taxClass ?? null,
      taxRate: l.taxRate === null || l.taxRate === undefined ? null : new Decimal(l.taxRate).toFixed(),
      headerDiscount: new Decimal(l.headerDiscount).toFixed(minorUnits(order.currency)),
      taxAmount: new Decimal(l.taxAmount).toFixed(minorUnits(order.currency)),
    })),
    deliveries,
    invoices,
  };
}

async function loadCustomer(em: EntityManager, id: string): Promise<CustomerEntity> {
  const customer = await em.findOne(Customer, { id });
  if (!customer) throw new HttpError(404, 'UNKNOWN_CUSTOMER', `no customer ${id}`);
  return customer;
}

/** Confirm a line against ATP: schedule lines become dated issues that later checks see. */
async function confirmLine(
  ctx: ErpContext,
  tx: EntityManager,
  order: SalesOrderEntity,
  line: SalesOrderLineEntity,
  customer: CustomerEntity,
): Promise<void> {
  await lock(tx, `atp:${line.sku}@${order.warehouseId}`);
  const [atp] = await checkAvailability(tx, ctx.clock.now(), customer, [
    {
      lineId: line.id,
      sku: line.sku,
      quantity: line.quantity,
      requestedDeliveryDate: line.requestedDeliveryDate ?? order.requestedDeliveryDate ?? null,
      warehouseId: order.warehouseId,
    },
  ]);
  if (!atp) throw new Error('availability check returned no answer');
  bookConfirmation(tx, order.warehouseId, line, atp.scheduleLines);
}

/** A line confirmed on these schedule lines: status, confirmed quantity and its ATP issues. */
function bookConfirmation(tx: EntityManager, warehouseId: string, line: SalesOrderLineEntity, scheduleLines: ScheduleLine[]): void {
  confirmedOn(line, scheduleLines);
  bookIssues(tx, warehouseId, line.id, line.sku, scheduleLines);
}

function confirmedOn(line: SalesOrderLineEntity, scheduleLines: ScheduleLine[]): void {
  line.scheduleLines = scheduleLines;
  line.confirmedQuantity = scheduleLines.reduce((s, l) => s + l.quantity, 0);
  line.status = 'CONFIRMED';
}

/** The dated issues of a confirmation, which later checks see. */
function bookIssues(tx: EntityManager, warehouseId: string, lineId: string, sku: string, scheduleLines: ScheduleLine[]): void {
  scheduleLines.forEach((sl, i) => {
    // A confirmation at the replenishment lead time rests on supply procured for it, not on what is
    // there: booked as an issue, it would use up (cumulative ATP looks ahead) stock on hand that a
    // later order could ship today. At the lead time everything is available anyway.
    if (sl.basis === 'LEAD_TIME') return;
    tx.create(Movement, {
      id: `${lineId}#${i + 1}`,
      sku,
      warehouseId,
      date: sl.availableDate,
      quantity: -sl.quantity,
      kind: 'SALES_ORDER',
      ref: lineId,
    });
  });
}

/**
 * The schedule lines of a new order's lines, by index, in one availability check per round: the
 * first line of each SKU in the first round, a second line of the same SKU in the next (it must see
 * what the first booked), and so on — the same answers as checking the lines one by one.
 */
async function confirmNewLines(
  ctx: ErpContext,
  tx: EntityManager,
  customer: CustomerEntity,
  warehouseId: string,
  lines: { index: number; lineId: string; sku: string; quantity: number; requestedDeliveryDate: string | null }[],
  items: Map<string, ItemEntity>,
): Promise<Map<number, ScheduleLine[]>> {
  const confirmed = new Map<number, ScheduleLine[]>();
  for (let pending = lines; pending.length;) {
    const seen = new Set<string>();
    const round = pending.filter((l) => !seen.has(l.sku) && seen.add(l.sku));
    pending = pending.filter((l) => !round.includes(l));
    const results = await checkAvailability(
      tx,
      ctx.clock.now(),
      customer,
      round.map((l) => ({
        lineId: l.lineId,
        sku: l.sku,
        quantity: l.quantity,
        requestedDeliveryDate: l.requestedDeliveryDate,
        warehouseId,
      })),
      { items },
    );
    round.forEach((l, k) => {
      const atp = results[k];
      if (!atp) throw new Error('availability check returned no answer');
      confirmed.set(l.index, atp.scheduleLines);
      bookIssues(tx, warehouseId, l.lineId, l.sku, atp.scheduleLines);
    });
    // The next round (another line of an SKU of this one) must see what this one booked.
    if (pending.length) await tx.flush();
  }
  return confirmed;
}

async function orderEvent(
  tx: EntityManager,
  ctx: ErpContext,
  type: 'order.created' | 'order.changed',
  order: SalesOrderEntity,
  extra: Record<string, unknown> = {},
): Promise<void> {
  await tx.flush();
  const detail = await orderDetail(tx, order.number);
  await appendEvent(tx, ctx.clock.now(), type, order.number, { ...detail, ...extra });
}

/**
 * Create an order in one transaction, in a number of statements that does not grow with its lines:
 * the key's and the portal order's locks and their look-up, the customer, items and prices, one
 * availability check for all lines (per round of repeated SKUs), the credit check, then every row
 * written at commit; the detail answered is the one the `order.created` event carries.
 */
export async function createSalesOrder(ctx: ErpContext, input: CreateOrderInput): Promise<{ order: OrderDetail; replayed: boolean }> {
  const hash = payloadHash(input);
  const result = await ctx.orm.em.fork().transactional(async (tx): Promise<{ number: string; created: OrderDetail | null }> => {
    const key = input.idempotencyKey;
    const portalId = input.portalOrderId;
    // The key first, then the portal order id (the order every creation takes them in).
    await lockAll(tx, [...(key !== null ? [`order-key:${key}`] : []), ...(portalId !== null ? [`portal-order:${portalId}`] : [])]);
    if (key !== null || portalId !== null) {
      const found = await tx.find(SalesOrder, {
        $or: [...(key !== null ? [{ idempotencyKey: key }] : []), ...(portalId !== null ? [{ portalOrderId: portalId }] : [])],
      });
      const existing = key !== null ? found.find((o) => o.idempotencyKey === key) : undefined;
      if (existing) {
        if (existing.payloadHash !== hash)
          throw new HttpError(422, 'IDEMPOTENCY_KEY_REUSED', 'this idempotency key was used for a different order payload');
        return { number: existing.number, created: null };
      }
      if (portalId !== null && found.some((o) => o.portalOrderId === portalId))
        throw new HttpError(409, 'PORTAL_ORDER_EXISTS', `portal order ${portalId} was already created with another idempotency key`);
    }
    const customer = await loadCustomer(tx, input.accountId);
    const skus = [...new Set(input.lines.map((l) => l.sku))];
    const items = new Map((await tx.find(Item, { sku: { $in: skus } })).map((i) => [i.sku, i]));
    const unknown = skus.filter((s) => !items.has(s));
    if (unknown.length) throw new HttpError(422, 'UNKNOWN_ITEM', `unknown SKU(s): ${unknown.join(', ')}`);

    const now = ctx.clock.now();
    const pricingDate = ctx.clock.today();
    const priced = await simulatePricing(
      tx,
      customer,
      input.lines.map((l, i) => ({ lineId: String((i + 1) * 10), sku: l.sku, quantity: l.quantity })),
      pricingDate,
    );
    if (priced.errors.length) throw new HttpError(422, 'NO_PRICE', priced.errors.map((e) => `line ${e.lineId}: ${e.message}`).join('; '));
    // The minimum order value is on the goods: net after header discounts, before freight and tax.
    const goods = new Decimal(priced.totals.net).minus(priced.totals.headerDiscount);
    if (customer.minimumOrderValue !== null && customer.minimumOrderValue !== undefined && goods.lt(customer.minimumOrderValue))
      throw new HttpError(
        422,
        'MINIMUM_ORDER_VALUE_NOT_MET',
        `the order's value ${goods.toFixed(minorUnits(customer.currency))} ${customer.currency} is below the minimum order value ${new Decimal(customer.minimumOrderValue).toFixed(minorUnits(customer.currency))}`,
      );
    const lineTax = new Map(priced.lineTaxes.map((t) => [t.lineId, t]));

    const number = await nextNumber(tx, 'order');
    const warehouseId = customer.defaultWarehouse;
    const lineId = (i: number) => `${number}:${(i + 1) * 10}`;
    // A discontinued item with a successor is proposed for substitution, not confirmed.
    const substituted = (sku: string) => Boolean(items.get(sku)!.discontinued && items.get(sku)!.successorSku);
    const toConfirm = priced.lines.flatMap((pl, i) =>
      substituted(pl.sku)
        ? []
        : [
            {
              index: i,
              lineId: lineId(i),
              sku: pl.sku,
              quantity: pl.quantity,
              requestedDeliveryDate: input.lines[i]?.requestedDeliveryDate ?? input.requestedDeliveryDate ?? null,
            },
          ],
    );
    // Every item's ATP lock, sorted (two orders never wait on each other in opposite order), then
    // the credit lock, as every credit check takes it after any ATP lock.
    await lockAll(tx, [...[...new Set(toConfirm.map((l) => `atp:${l.sku}@${warehouseId}`))].sort(), creditLockKey(customer.id)]);
    const confirmed = await confirmNewLines(ctx, tx, customer, warehouseId, toConfirm, items);

    const order = tx.create(SalesOrder, {
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
    });
    const lines = priced.lines.map((pl, i) => {
      const line = tx.create(SalesOrderLine, {
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
      });
      const scheduleLines = confirmed.get(i);
      if (scheduleLines) confirmedOn(line, scheduleLines);
      else {
        line.status = 'SUBSTITUTION_PROPOSED';
        line.proposedSku = items.get(pl.sku)!.successorSku;
      }
      return line;
    });
    const exposure = await creditExposure(tx, customer.id, number);
    if (exposure.plus(priced.totals.net).gt(customer.creditLimit)) order.holdReason = HOLD_CREDIT;
    order.status = deriveOrderStatus(order, lines);
    // The rows before the feed's lock, which every appender of the ERP waits for until commit.
    await tx.flush();
    // A new order has no deliveries or invoices yet: its detail as it now stands.
    const created = detailOf(order, lines, [], []);
    await appendEvent(tx, now, 'order.created', number, key === null ? { ...created } : { ...created, idempotencyKey: key });
    return { number, created };
  });
  notifyAppended();
  if (result.created) return { order: result.created, replayed: false };
  const order = await orderDetail(ctx.orm.em.fork(), result.number);
  return { order: order!, replayed: true };
}

async function mutateOrder(
  ctx: ErpContext,
  number: string,
  change: (tx: EntityManager, order: SalesOrderEntity, lines: SalesOrderLineEntity[]) => Promise<Record<string, unknown>>,
): Promise<OrderDetail> {
  await ctx.orm.em.fork().transactional(async (tx) => {
    await lock(tx, `order:${number}`);
    const order = await tx.findOne(SalesOrder, { number });
    if (!order) throw new HttpError(404, 'UNKNOWN_ORDER', `no sales order ${number}`);
    const lines = await tx.find(SalesOrderLine, { orderNumber: number }, { orderBy: { lineNo: 'asc' } });
    const extra = await change(tx, order, lines);
    order.status = deriveOrderStatus(order, lines);
    order.updatedAt = ctx.clock.now();
    await orderEvent(tx, ctx, 'order.changed', order, extra);
  });
  notifyAppended();
  return (await orderDetail(ctx.orm.em.fork(), number))!;
}

function findLine(lines: SalesOrderLineEntity[], lineNo: number): SalesOrderLineEntity {
  const line = lines.find((l) => l.lineNo === lineNo);
  if (!line) throw new HttpError(404, 'UNKNOWN_LINE', `no line ${lineNo}`);
  return line;
}

/**
 * Cancel what is not shipped yet; its ATP issues are released. The ordered quantity stays as it was
 * ordered and the cancelled part is recorded beside it; the line's net amount follows what remains
 * (for a partly shipped line exactly what was billed for it), and the order's net total with it.
 */
/**
 * The order's header discount, tax and tax lines again from its lines (after a line changed): each
 * line keeps its share and its tax rounded per line, the order adds them up, per rate for the tax lines.
 */
function retotalTax(order: SalesOrderEntity, lines: SalesOrderLineEntity[]): void {
  const byRate = new Map<string, { base: Decimal; amount: Decimal }>();
  for (const l of lines) {
    // A cancelled line is in no tax line (it keeps its rate, for the record).
    if (l.taxRate === null || l.taxRate === undefined || l.status === 'CANCELLED') continue;
    const rate = new Decimal(l.taxRate).toFixed();
    const t = byRate.get(rate) ?? { base: new Decimal(0), amount: new Decimal(0) };
    t.base = t.base.plus(l.netAmount).minus(l.headerDiscount);
    t.amount = t.amount.plus(l.taxAmount);
    byRate.set(rate, t);
  }
  const sum = (f: (l: SalesOrderLineEntity) => Decimal.Value) => lines.reduce((s, l) => s.plus(f(l)), new Decimal(0));
  order.headerDiscount = amountText(
    sum((l) => l.headerDiscount),
    order.currency,
  );
  order.tax = amountText(
    sum((l) => l.taxAmount),
    order.currency,
  );
  const label = order.taxLines[0]?.label ?? 'Tax';
  const conditionType = order.taxLines[0]?.conditionType ?? 'TX00';
  order.taxLines = [...byRate.entries()]
    .sort(([a], [b]) => new Decimal(b).comparedTo(a))
    .map(([rate, t]) => ({
      conditionType,
      label,
      rate,
      base: amountText(t.base, order.currency),
      amount: amountText(t.amount, order.currency),
    }));
}

export function cancelLine(ctx: ErpContext, number: string, lineNo: number): Promise<OrderDetail> {
  return mutateOrder(ctx, number, async (tx, order, lines) => {
    const line = findLine(lines, lineNo);
    if (line.status === 'CANCELLED') throw new HttpError(409, 'LINE_CANCELLED', `line ${lineNo} is already cancelled`);
    if (line.shippedQuantity + line.cancelledQuantity >= line.quantity)
      throw new HttpError(409, 'LINE_SHIPPED', `line ${lineNo} is fully shipped`);
    await tx.nativeDelete(Movement, { ref: line.id, kind: 'SALES_ORDER' });
    const before = new Decimal(line.netAmount);
    line.cancelledQuantity = line.quantity - line.shippedQuantity;
    if (line.shippedQuantity > 0) {
      // The shipped part stays, at what its invoices billed (every delivery is billed as it ships).
      const invoices = await tx.find(Invoice, { orderNumber: number });
      const billed = invoices
        .flatMap((i) => i.lines)
        .filter((l) => l.lineNo === lineNo)
        .reduce((s, l) => s.plus(l.amount), new Decimal(0));
      line.netAmount = amountText(billed, order.currency);
      // Its header-discount share and tax follow: what its invoices billed.
      const billedOf = (f: 'headerDiscount' | 'tax') =>
        invoices
          .flatMap((i) => i.lines)
          .filter((l) => l.lineNo === lineNo)
          .reduce((s, l) => s.plus(l[f] ?? 0), new Decimal(0));
      line.headerDiscount = amountText(billedOf('headerDiscount'), order.currency);
      line.taxAmount = amountText(billedOf('tax'), order.currency);
      line.confirmedQuantity = line.shippedQuantity;
      line.scheduleLines = [];
      line.status = 'SHIPPED';
    } else {
      line.netAmount = '0.00';
      line.headerDiscount = '0';
      line.taxAmount = '0';
      line.status = 'CANCELLED';
    }
    order.netTotal = amountText(new Decimal(order.netTotal).minus(before).plus(line.netAmount), order.currency);
    retotalTax(order, lines);
    return { action: 'LINE_CANCELLED', lineNo, cancelledQuantity: line.cancelledQuantity };
  });
}

/** Accept the proposed successor: the line is repriced and confirmed for the successor item. */
export function acceptSubstitution(ctx: ErpContext, number: string, lineNo: number): Promise<OrderDetail> {
  return mutateOrder(ctx, number, async (tx, order, lines) => {
    const line = findLine(lines, lineNo);
    if (line.status !== 'SUBSTITUTION_PROPOSED' || !line.proposedSku)
      throw new HttpError(409, 'NO_SUBSTITUTION', `line ${lineNo} has no proposed substitution`);
    const customer = await loadCustomer(tx, order.customerId);
    const priced = await simulatePricing(
      tx,
      customer,
      [{ lineId: String(lineNo), sku: line.proposedSku, quantity: line.quantity }],
      order.pricingDate,
    );
    const pl = priced.lines[0];
    if (!pl) throw new HttpError(422, 'NO_PRICE', `no price for ${line.proposedSku}`);
    const from = line.sku;
    line.sku = line.proposedSku;
    line.proposedSku = null;
    line.unitPrice = pl.unitPrice;
    order.netTotal = amountText(new Decimal(order.netTotal).minus(line.netAmount).plus(pl.netAmount), order.currency);
    line.netAmount = pl.netAmount;
    line.components = pl.components;
    // The successor's tax class and rate; the line keeps its share of the header discount.
    const lt = priced.lineTaxes[0];
    line.taxClass = lt?.taxClass ?? null;
    line.taxRate = lt?.rate ?? null;
    line.taxAmount =
      lt?.rate === null || lt?.rate === undefined
        ? '0'
        : amountText(
            new Decimal(pl.netAmount)
              .minus(line.headerDiscount)
              .mul(lt.rate)
              .div(100)
              .toDecimalPlaces(minorUnits(order.currency), Decimal.ROUND_HALF_UP),
            order.currency,
          );
    retotalTax(order, lines);
    await confirmLine(ctx, tx, order, line, customer);
    return { action: 'SUBSTITUTION_ACCEPTED', lineNo, from, to: line.sku };
  });
}

export function releaseCreditHold(ctx: ErpContext, number: string, by: string): Promise<OrderDetail> {
  return mutateOrder(ctx, number, async (_tx, order) => {
    if (!order.holdReason) throw new HttpError(409, 'NOT_ON_HOLD', `order ${number} is not on hold`);
    const reason = order.holdReason;
    order.holdReason = null;
    order.creditReleasedBy = by;
    return { action: 'CREDIT_HOLD_RELEASED', reason, by };
  });
}
