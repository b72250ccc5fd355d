/** Changes to a sales order: line cancellation, accepting a substitution and releasing a credit hold. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { amountText, minorUnits } from '@portal/platform/currency';
import { HttpError } from '@portal/platform/http';
import { Decimal } from '@portal/platform/money';
import { confirmLine } from './confirmation.js';
import type { ErpContext } from './context.js';
import { Invoice, Movement, SalesOrder, SalesOrderLine, type SalesOrderEntity, type SalesOrderLineEntity } from './entities/index.js';
import { appendEvent, notifyAppended } from './feed.js';
import { lock } from './locks.js';
import { loadCustomer } from './order-create.js';
import { deriveOrderStatus, orderDetail, type OrderDetail } from './orders.js';
import { simulatePricing } from './pricing.js';

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

/**
 * Cancel what is not shipped yet; its ATP issues are released. The ordered quantity stays as it was
 * ordered and the cancelled part is recorded beside it; the line's net amount follows what remains
 * (for a partly shipped line exactly what was billed for it), and the order's net total with it.
 */
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
