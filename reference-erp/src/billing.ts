/**
 * Billing: an invoice per delivery (goods issued → billed), due dates from the customer's payment
 * terms, credit memos (returns, price disputes) that reduce an invoice's balance, payments, and
 * the invoice / credit memo PDFs. Every posting is an event on the change feed.
 */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { HttpError } from '@portal/platform/http';
import { amountText as money, fitsMinorUnits, minorUnits, roundAmount } from '@portal/platform/currency';
import { Decimal } from '@portal/platform/money';
import { addDays } from '@portal/atp-engine';
import type { ErpContext } from './context.js';
import { creditedTax, taxSummary } from './billing-tax.js';
import { renderCreditMemoPdf, renderInvoicePdf } from './documents/billing-document.js';
import {
  CreditMemo,
  Customer,
  Invoice,
  Item,
  Payment,
  ReturnOrder,
  SalesOrder,
  SalesOrderLine,
  Stock,
  type BillingLine,
  type CreditMemoEntity,
  type CustomerEntity,
  type DeliveryEntity,
  type InvoiceEntity,
  type SalesOrderEntity,
} from './entities/index.js';
import { appendEvent, notifyAppended } from './feed.js';
import { nextNumber } from './numbers.js';
import { lock } from './locks.js';

export const SELLER = { name: 'Reference ERP Industrial Supply Inc.', addressLines: ['100 Commerce Way', 'Springfield, IL 62701', 'USA'] };

export function invoicePayload(i: InvoiceEntity): Record<string, unknown> {
  return {
    number: i.number,
    accountId: i.customerId,
    orderNumber: i.orderNumber,
    deliveryNumber: i.deliveryNumber ?? null,
    portalOrderId: i.portalOrderId,
    currency: i.currency,
    issuedAt: i.issuedAt,
    dueDate: i.dueDate,
    total: money(i.total, i.currency),
    balance: money(i.balance, i.currency),
    status: i.status,
    lines: i.lines,
    headerDiscount: new Decimal(i.headerDiscount ?? 0).toFixed(minorUnits(i.currency)),
    tax: new Decimal(i.tax ?? 0).toFixed(minorUnits(i.currency)),
    taxLines: i.taxLines ?? [],
  };
}

export function creditMemoPayload(c: CreditMemoEntity): Record<string, unknown> {
  return {
    number: c.number,
    accountId: c.customerId,
    invoiceNumber: c.invoiceNumber,
    orderNumber: c.orderNumber,
    portalOrderId: c.portalOrderId,
    currency: c.currency,
    issuedAt: c.issuedAt,
    total: money(c.total, c.currency),
    reason: c.reason,
    lines: c.lines,
    returnNumber: c.returnNumber ?? null,
    ...creditMemoTax(c),
  };
}

/** A credit memo's reversed header discount and tax, from its lines (present when it reverses any). */
function creditMemoTax(c: CreditMemoEntity): {
  headerDiscount?: string;
  tax?: string;
  taxLines?: ReturnType<typeof taxSummary>['taxLines'];
} {
  if (!c.lines.some((l) => l.taxRate !== undefined || l.headerDiscount !== undefined)) return {};
  const places = minorUnits(c.currency);
  const { taxLines, headerDiscount, tax } = taxSummary(c.lines, places);
  return { headerDiscount: headerDiscount.toFixed(places), tax: tax.toFixed(places), taxLines };
}

/** Bill what a delivery shipped; the order's freight goes on its first invoice. */
export async function invoiceDelivery(
  tx: EntityManager,
  ctx: ErpContext,
  order: SalesOrderEntity,
  customer: CustomerEntity,
  delivery: DeliveryEntity,
): Promise<InvoiceEntity> {
  const lines = await tx.find(SalesOrderLine, { orderNumber: order.number });
  const items = new Map((await tx.find(Item, { sku: { $in: delivery.lines.map((l) => l.sku) } })).map((i) => [i.sku, i]));
  const previous = await tx.find(Invoice, { orderNumber: order.number });
  const billedBefore = (lineNo: number) =>
    previous
      .flatMap((p) => p.lines)
      .filter((l) => l.lineNo === lineNo)
      .reduce((s, l) => s.plus(l.amount), new Decimal(0));
  const previousLines = previous.flatMap((p) => p.lines);
  const billedOf = (lineNo: number, field: 'headerDiscount' | 'tax') =>
    previousLines.filter((l) => l.lineNo === lineNo).reduce((s, l) => s.plus(l[field] ?? 0), new Decimal(0));
  // Only an order with header discounts or tax bills them; the others' lines stay as they were.
  const taxed = !new Decimal(order.tax).isZero() || !new Decimal(order.headerDiscount).isZero();
  const places = minorUnits(order.currency);
  const billing: BillingLine[] = delivery.lines.map((dl) => {
    const line = lines.find((l) => l.lineNo === dl.lineNo)!;
    line.invoicedQuantity += dl.quantity;
    // Over an order's life the invoices add up to exactly the ordered net amount: the delivery that
    // completes a line bills the remainder, earlier ones bill unit price × quantity.
    const completes = line.invoicedQuantity >= line.quantity - line.cancelledQuantity;
    const amount = completes
      ? new Decimal(line.netAmount).minus(billedBefore(dl.lineNo))
      : roundAmount(new Decimal(line.unitPrice).mul(dl.quantity), order.currency);
    const billed: BillingLine = {
      lineNo: dl.lineNo,
      sku: dl.sku,
      description: items.get(dl.sku)?.name ?? dl.sku,
      quantity: dl.quantity,
      unitPrice: new Decimal(line.unitPrice).toFixed(4),
      amount: money(amount, order.currency),
    };
    if (!taxed) return billed;
    // The same rule as the order: the header-discount share by quantity and the tax rounded per
    // line; the delivery that completes an uncancelled line bills the rest of both, so the
    // invoices add up to the order's header discount and tax exactly.
    const exact = completes && line.cancelledQuantity === 0;
    const share = exact
      ? new Decimal(line.headerDiscount).minus(billedOf(dl.lineNo, 'headerDiscount'))
      : new Decimal(line.headerDiscount).mul(dl.quantity).div(line.quantity).toDecimalPlaces(places, Decimal.ROUND_HALF_UP);
    const rate = line.taxRate === null || line.taxRate === undefined ? null : new Decimal(line.taxRate);
    const tax =
      rate === null
        ? new Decimal(0)
        : exact
          ? new Decimal(line.taxAmount).minus(billedOf(dl.lineNo, 'tax'))
          : amount.minus(share).mul(rate).div(100).toDecimalPlaces(places, Decimal.ROUND_HALF_UP);
    return { ...billed, headerDiscount: share.toFixed(places), taxRate: rate === null ? null : rate.toFixed(), tax: tax.toFixed(places) };
  });
  const { taxLines, headerDiscount, tax } = taxSummary(billing, places);
  const firstInvoice = previous.length === 0;
  const freight = firstInvoice ? new Decimal(order.freight) : new Decimal(0);
  if (freight.gt(0))
    billing.push({
      lineNo: 0,
      sku: 'FREIGHT',
      description: 'Freight',
      quantity: 1,
      unitPrice: freight.toFixed(4),
      amount: money(freight, order.currency),
    });
  const total = billing
    .reduce((s, l) => s.plus(l.amount), new Decimal(0))
    .minus(headerDiscount)
    .plus(tax);
  const issuedAt = ctx.clock.today();
  // Credit the customer holds with us is applied to the new invoice (as far as it goes).
  await lock(tx, `customer-credit:${customer.id}`);
  const held = new Decimal(customer.creditBalance);
  const applied = Decimal.min(held, total);
  customer.creditBalance = money(held.minus(applied), customer.currency);
  const invoice = tx.create(Invoice, {
    number: await nextNumber(tx, 'invoice'),
    customerId: customer.id,
    orderNumber: order.number,
    deliveryNumber: delivery.number,
    portalOrderId: order.portalOrderId,
    currency: order.currency,
    issuedAt,
    dueDate: addDays(issuedAt, customer.paymentTermsDays),
    total: money(total, order.currency),
    balance: money(total.minus(applied), order.currency),
    status: total.minus(applied).isZero() ? 'PAID' : 'OPEN',
    lines: billing,
    headerDiscount: headerDiscount.toFixed(places),
    tax: tax.toFixed(places),
    taxLines,
  });
  await appendEvent(tx, ctx.clock.now(), 'invoice.posted', invoice.number, {
    ...invoicePayload(invoice),
    creditApplied: money(applied, order.currency),
    creditBalance: customer.creditBalance,
  });
  return invoice;
}

export interface CreditMemoInput {
  invoiceNumber: string;
  reason: 'RETURN' | 'PRICE_DISPUTE' | 'DAMAGED' | 'GOODWILL';
  /** Credit whole invoice lines (by quantity) or a fixed amount on a line (price disputes). */
  lines: { lineNo: number; quantity?: number; amount?: string }[];
}

export async function issueCreditMemo(ctx: ErpContext, input: CreditMemoInput): Promise<CreditMemoEntity> {
  const memo = await ctx.orm.em.fork().transactional(async (tx) => {
    await lock(tx, `invoice:${input.invoiceNumber}`);
    const invoice = await tx.findOne(Invoice, { number: input.invoiceNumber });
    if (!invoice) throw new HttpError(404, 'UNKNOWN_INVOICE', `no invoice ${input.invoiceNumber}`);
    if (invoice.status === 'CANCELLED') throw new HttpError(409, 'INVOICE_CANCELLED', 'invoice is cancelled');
    const credited = await tx.find(CreditMemo, { invoiceNumber: invoice.number });
    // Units of an invoice line already credited (returns and quantity credits alike): a line is
    // credited at most for what it billed.
    const creditedUnits = (lineNo: number) =>
      credited
        .flatMap((c) => c.lines)
        .filter((l) => l.lineNo === lineNo)
        .reduce((s, l) => s + l.quantity, 0);
    const creditedLines = credited.flatMap((c) => c.lines);
    const places = minorUnits(invoice.currency);
    const lineNos = input.lines.map((l) => l.lineNo);
    if (new Set(lineNos).size !== lineNos.length)
      throw new HttpError(422, 'BAD_QUANTITY', 'each invoice line at most once per credit memo');
    const lines: BillingLine[] = input.lines.map((req) => {
      const il = invoice.lines.find((l) => l.lineNo === req.lineNo);
      if (!il) throw new HttpError(422, 'UNKNOWN_LINE', `invoice ${invoice.number} has no line ${req.lineNo}`);
      if (req.quantity !== undefined) {
        const open = il.quantity - creditedUnits(req.lineNo);
        if (req.quantity < 1 || req.quantity > open)
          throw new HttpError(
            422,
            'BAD_QUANTITY',
            open > 0
              ? `line ${req.lineNo}: credit 1..${open} units (billed ${il.quantity}, credited ${il.quantity - open})`
              : `line ${req.lineNo}: all ${il.quantity} billed units are credited already`,
          );
        const amount = roundAmount(new Decimal(il.unitPrice).mul(req.quantity), invoice.currency);
        const tax = creditedTax(il, creditedLines, { quantity: req.quantity, amount, rest: req.quantity === open }, places);
        return { ...il, quantity: req.quantity, amount: money(amount, invoice.currency), ...tax };
      }
      if (input.reason === 'RETURN') throw new HttpError(422, 'BAD_QUANTITY', `line ${req.lineNo}: a return credits units, not an amount`);
      const amount = new Decimal(req.amount ?? '0');
      if (amount.lte(0) || amount.gt(il.amount))
        throw new HttpError(422, 'BAD_AMOUNT', `line ${req.lineNo}: credit more than 0 and at most ${il.amount}`);
      if (!fitsMinorUnits(amount, invoice.currency))
        throw new HttpError(
          422,
          'BAD_AMOUNT',
          `line ${req.lineNo}: ${invoice.currency} amounts have ${minorUnits(invoice.currency)} decimals at most`,
        );
      const tax = creditedTax(il, creditedLines, { quantity: 0, amount, rest: false }, places);
      return { ...il, quantity: 0, unitPrice: '0.0000', amount: money(amount, invoice.currency), ...tax };
    });
    const summary = taxSummary(lines, places);
    const total = lines
      .reduce((s, l) => s.plus(l.amount), new Decimal(0))
      .minus(summary.headerDiscount)
      .plus(summary.tax);
    const already = credited.reduce((s, c) => s.plus(c.total), new Decimal(0));
    if (already.plus(total).gt(invoice.total))
      throw new HttpError(422, 'OVER_CREDIT', `credits would exceed the invoice total ${invoice.total}`);
    const order = await tx.findOneOrFail(SalesOrder, { number: invoice.orderNumber });
    // A return: a return order whose goods receipt puts the units back on hand where they shipped from.
    const returned = input.reason === 'RETURN' ? lines.filter((l) => l.sku !== 'FREIGHT' && l.quantity > 0) : [];
    const ret = returned.length
      ? tx.create(ReturnOrder, {
          number: await nextNumber(tx, 'return'),
          customerId: invoice.customerId,
          orderNumber: invoice.orderNumber,
          invoiceNumber: invoice.number,
          warehouseId: order.warehouseId,
          status: 'RECEIVED',
          receivedAt: ctx.clock.now(),
          lines: returned.map((l) => ({ lineNo: l.lineNo, sku: l.sku, quantity: l.quantity })),
          creditMemoNumber: null,
        })
      : null;
    if (ret) {
      for (const l of ret.lines) {
        const id = `${l.sku}@${ret.warehouseId}`;
        const stock = (await tx.findOne(Stock, { id })) ?? tx.create(Stock, { id, sku: l.sku, warehouseId: ret.warehouseId, onHand: 0 });
        stock.onHand += l.quantity;
        await appendEvent(tx, ctx.clock.now(), 'stock.changed', id, {
          sku: l.sku,
          warehouseId: ret.warehouseId,
          onHand: stock.onHand,
          reason: 'RETURN_RECEIPT',
          ref: ret.number,
        });
      }
    }
    const memo = tx.create(CreditMemo, {
      number: await nextNumber(tx, 'creditMemo'),
      customerId: invoice.customerId,
      invoiceNumber: invoice.number,
      orderNumber: invoice.orderNumber,
      portalOrderId: invoice.portalOrderId,
      currency: invoice.currency,
      issuedAt: ctx.clock.today(),
      total: money(total, invoice.currency),
      reason: input.reason,
      lines,
      returnNumber: ret?.number ?? null,
    });
    if (ret) {
      ret.creditMemoNumber = memo.number;
      ret.status = 'CREDITED';
    }
    // A credit reduces what the invoice still owes; what goes beyond it (a part already paid) is the
    // customer's money: it becomes credit the customer holds with us, applied to later invoices.
    const owed = new Decimal(invoice.balance);
    const unapplied = Decimal.max(total.minus(owed), 0);
    invoice.balance = money(Decimal.max(owed.minus(total), 0), invoice.currency);
    if (new Decimal(invoice.balance).isZero()) invoice.status = 'PAID';
    await lock(tx, `customer-credit:${invoice.customerId}`);
    const customer = await tx.findOneOrFail(Customer, { id: invoice.customerId });
    if (unapplied.gt(0)) customer.creditBalance = money(new Decimal(customer.creditBalance).plus(unapplied), customer.currency);
    await appendEvent(tx, ctx.clock.now(), 'credit_memo.issued', memo.number, {
      ...creditMemoPayload(memo),
      invoice: invoicePayload(invoice),
      unappliedCredit: money(unapplied, invoice.currency),
      creditBalance: money(customer.creditBalance, customer.currency),
    });
    return memo;
  });
  notifyAppended();
  return memo;
}

export async function receivePayment(ctx: ErpContext, invoiceNumber: string, amountText: string): Promise<InvoiceEntity> {
  const amount = new Decimal(amountText);
  if (amount.lte(0)) throw new HttpError(422, 'BAD_AMOUNT', 'payment amount must be positive');
  const invoice = await ctx.orm.em.fork().transactional(async (tx) => {
    await lock(tx, `invoice:${invoiceNumber}`);
    const invoice = await tx.findOne(Invoice, { number: invoiceNumber });
    if (!invoice) throw new HttpError(404, 'UNKNOWN_INVOICE', `no invoice ${invoiceNumber}`);
    if (invoice.status !== 'OPEN') throw new HttpError(409, 'INVOICE_NOT_OPEN', `invoice ${invoiceNumber} is ${invoice.status}`);
    if (amount.gt(invoice.balance)) throw new HttpError(422, 'OVERPAYMENT', `payment exceeds the open balance ${invoice.balance}`);
    if (!fitsMinorUnits(amount, invoice.currency))
      throw new HttpError(422, 'BAD_AMOUNT', `${invoice.currency} amounts have ${minorUnits(invoice.currency)} decimals at most`);
    const balance = new Decimal(invoice.balance).minus(amount);
    invoice.balance = money(balance, invoice.currency);
    if (balance.isZero()) invoice.status = 'PAID';
    const payment = tx.create(Payment, {
      id: randomUUID(),
      invoiceNumber,
      customerId: invoice.customerId,
      amount: money(amount, invoice.currency),
      receivedAt: ctx.clock.now(),
    });
    await appendEvent(tx, ctx.clock.now(), 'payment.received', payment.id, {
      paymentId: payment.id,
      invoiceNumber,
      accountId: invoice.customerId,
      amount: money(amount, invoice.currency),
      receivedAt: payment.receivedAt.toISOString(),
      invoice: invoicePayload(invoice),
    });
    return invoice;
  });
  notifyAppended();
  return invoice;
}

/** The credit a customer holds with us, in its currency. */
export async function customerCreditBalance(
  em: EntityManager,
  id: string,
): Promise<{ accountId: string; currency: string; amount: string }> {
  const c = await customerOf(em, id);
  return { accountId: c.id, currency: c.currency, amount: money(c.creditBalance, c.currency) };
}

async function customerOf(em: EntityManager, id: string): Promise<CustomerEntity> {
  const c = await em.findOne(Customer, { id });
  if (!c) throw new HttpError(404, 'UNKNOWN_CUSTOMER', `no customer ${id}`);
  return c;
}

export async function invoiceDocument(em: EntityManager, number: string): Promise<Buffer> {
  const inv = await em.findOne(Invoice, { number });
  if (!inv) throw new HttpError(404, 'UNKNOWN_INVOICE', `no invoice ${number}`);
  const customer = await customerOf(em, inv.customerId);
  const freight = inv.lines.filter((l) => l.sku === 'FREIGHT').reduce((s, l) => s.plus(l.amount), new Decimal(0));
  const goods = inv.lines.filter((l) => l.sku !== 'FREIGHT');
  return renderInvoicePdf({
    number: inv.number,
    issuedAt: inv.issuedAt,
    dueDate: inv.dueDate,
    currency: inv.currency,
    seller: SELLER,
    customer: { id: customer.id, name: customer.name, addressLines: customer.addressLines },
    orderNumber: inv.orderNumber,
    deliveryNumber: inv.deliveryNumber ?? undefined,
    lines: goods,
    subtotal: money(
      goods.reduce((s, l) => s.plus(l.amount), new Decimal(0)),
      inv.currency,
    ),
    ...(new Decimal(inv.headerDiscount ?? 0).isZero()
      ? {}
      : { headerDiscount: new Decimal(inv.headerDiscount).toFixed(minorUnits(inv.currency)) }),
    freight: money(freight, inv.currency),
    ...(inv.taxLines?.length ? { taxLines: inv.taxLines } : {}),
    total: money(inv.total, inv.currency),
    paymentTerms: `Net ${customer.paymentTermsDays} days, due ${inv.dueDate}`,
  });
}

export async function creditMemoDocument(em: EntityManager, number: string): Promise<Buffer> {
  const memo = await em.findOne(CreditMemo, { number });
  if (!memo) throw new HttpError(404, 'UNKNOWN_CREDIT_MEMO', `no credit memo ${number}`);
  const customer = await customerOf(em, memo.customerId);
  return renderCreditMemoPdf({
    number: memo.number,
    issuedAt: memo.issuedAt,
    currency: memo.currency,
    seller: SELLER,
    customer: { id: customer.id, name: customer.name, addressLines: customer.addressLines },
    orderNumber: memo.orderNumber,
    invoiceNumber: memo.invoiceNumber,
    reason: memo.reason,
    lines: memo.lines,
    subtotal: money(
      memo.lines.reduce((s, l) => s.plus(l.amount), new Decimal(0)),
      memo.currency,
    ),
    ...(() => {
      const t = creditMemoTax(memo);
      return {
        ...(t.headerDiscount && !new Decimal(t.headerDiscount).isZero() ? { headerDiscount: t.headerDiscount } : {}),
        ...(t.taxLines?.length ? { taxLines: t.taxLines } : {}),
      };
    })(),
    total: money(memo.total, memo.currency),
  });
}

/** Orders referenced by invoices keep a consistent view: used by the export endpoints. */
export async function ordersById(em: EntityManager, numbers: string[]): Promise<Map<string, SalesOrderEntity>> {
  return new Map((await em.find(SalesOrder, { number: { $in: numbers } })).map((o) => [o.number, o]));
}
