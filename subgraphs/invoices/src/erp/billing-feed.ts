/**
 * Incremental billing sync from the ERP change feed (`invoice.posted`, `credit_memo.issued`,
 * `payment.received`) through the platform feed consumer: inbox-deduplicated by event id, cursor
 * in the same transaction. Every billing event carries the invoice's snapshot after the change;
 * it replaces the stored one only when newer by feed position, and credit memos and payments are
 * inserted once by id, so duplicate and out-of-order events leave balances as they are.
 *
 * Each new event also queues its portal bus event (`INVOICE_TOPIC`, keyed by the portal order id,
 * bus id = ERP event id) in the outbox, in the same transaction: the orders timeline and
 * subscriptions learn about postings, payments and credits exactly when they are stored here.
 */
import { z } from 'zod';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ErpCreditMemo, ErpInvoice, EventsPort } from '@portal/erp/port';
import {
  INVOICE_TOPIC,
  type CreditMemoIssuedEvent,
  type InvoiceBusEvent,
  type InvoicePostedEvent,
  type PaymentReceivedEvent,
} from '@portal/platform/events';
import { FeedConsumer, type FeedEvent, type HandleOutcome } from '@portal/platform/feed';
import type { Logger } from '@portal/platform/logger';
import { enqueueOutbox, insertCreditMemos, insertPayments, upsertInvoices } from '../entities/billing-store.js';

export const BILLING_EVENT_TYPES = ['invoice.posted', 'credit_memo.issued', 'payment.received'] as const;

// What the portal relies on in the ERP's payloads; anything else is ignored (and logged), not retried forever.
const money = z.string().regex(/^-?\d+(\.\d+)?$/);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const billingLine = z.object({
  lineNo: z.number().int(),
  sku: z.string(),
  description: z.string(),
  quantity: z.number(),
  unitPrice: money,
  amount: money,
});
const taxLine = z.object({ conditionType: z.string(), label: z.string(), rate: z.string(), base: money, amount: money });
const invoiceSchema = z.object({
  number: z.string().min(1),
  accountId: z.string().min(1),
  orderNumber: z.string(),
  deliveryNumber: z.string().nullable(),
  portalOrderId: z.string().min(1),
  currency: z.string().length(3),
  issuedAt: isoDate,
  dueDate: isoDate,
  total: money,
  balance: money,
  status: z.string(),
  lines: z.array(billingLine),
  headerDiscount: money.optional(),
  tax: money.optional(),
  taxLines: z.array(taxLine).optional(),
});
const creditMemoSchema = z.object({
  number: z.string().min(1),
  accountId: z.string().min(1),
  invoiceNumber: z.string().min(1),
  orderNumber: z.string(),
  portalOrderId: z.string().min(1),
  currency: z.string().length(3),
  issuedAt: isoDate,
  total: money,
  reason: z.string(),
  lines: z.array(billingLine),
  returnNumber: z.string().nullable().optional(),
  headerDiscount: money.optional(),
  tax: money.optional(),
  taxLines: z.array(taxLine).optional(),
  invoice: invoiceSchema,
});
const paymentSchema = z.object({
  paymentId: z.string().min(1),
  invoiceNumber: z.string().min(1),
  accountId: z.string().min(1),
  amount: money,
  receivedAt: z.string().datetime({ offset: true }),
  invoice: invoiceSchema,
});

/** The order lines a credit memo credits, with their quantities (freight, line 0, is no goods). */
export const creditedLines = (lines: { lineNo: number; sku: string; quantity: number }[]) =>
  lines.filter((l) => l.lineNo > 0 && l.quantity > 0).map((l) => ({ lineNo: l.lineNo, sku: l.sku, quantity: l.quantity }));

export function postedEvent(i: ErpInvoice): InvoicePostedEvent {
  return {
    type: 'invoice.posted',
    invoiceNumber: i.number,
    accountId: i.accountId,
    portalOrderId: i.portalOrderId,
    erpOrderNumber: i.orderNumber,
    deliveryNumber: i.deliveryNumber ?? null,
    currency: i.currency,
    issuedAt: i.issuedAt,
    dueDate: i.dueDate,
    total: i.total,
    balance: i.balance,
    // Order lines only: freight (line 0) is in the total but is no order line.
    lines: i.lines
      .filter((l) => l.lineNo > 0)
      .map((l) => ({ orderLineNo: l.lineNo, sku: l.sku, quantity: l.quantity, netAmount: l.amount })),
  };
}

/** Apply one billing event; returns what it changed and the bus event it causes. */
export async function applyBillingEvent(tx: EntityManager, event: FeedEvent): Promise<{ outcome: HandleOutcome; bus: InvoiceBusEvent }> {
  if (event.type === 'invoice.posted') {
    const inv = invoiceSchema.parse(event.payload) as ErpInvoice;
    const written = await upsertInvoices(tx, [inv], event.seq, 'newer');
    return { outcome: written.length ? 'APPLIED' : 'IGNORED', bus: { ...postedEvent(inv), postedAt: event.occurredAt } };
  }
  if (event.type === 'credit_memo.issued') {
    const { invoice, ...memo } = creditMemoSchema.parse(event.payload);
    const inserted = await insertCreditMemos(tx, [memo as ErpCreditMemo]);
    const written = await upsertInvoices(tx, [invoice as ErpInvoice], event.seq, 'newer');
    const bus: CreditMemoIssuedEvent = {
      type: 'credit_memo.issued',
      creditMemoNumber: memo.number,
      invoiceNumber: memo.invoiceNumber,
      accountId: memo.accountId,
      portalOrderId: memo.portalOrderId,
      currency: memo.currency,
      total: memo.total,
      reason: memo.reason,
      issuedAt: memo.issuedAt,
      postedAt: event.occurredAt,
      returnNumber: memo.returnNumber ?? null,
      lines: creditedLines(memo.lines),
    };
    return { outcome: inserted.length || written.length ? 'APPLIED' : 'IGNORED', bus };
  }
  if (event.type === 'payment.received') {
    const p = paymentSchema.parse(event.payload);
    const inserted = await insertPayments(tx, [
      {
        id: p.paymentId,
        invoiceNumber: p.invoiceNumber,
        accountId: p.accountId,
        portalOrderId: p.invoice.portalOrderId,
        amount: p.amount,
        receivedAt: p.receivedAt,
      },
    ]);
    const written = await upsertInvoices(tx, [p.invoice as ErpInvoice], event.seq, 'newer');
    const bus: PaymentReceivedEvent = {
      type: 'invoice.payment_received',
      paymentId: p.paymentId,
      invoiceNumber: p.invoiceNumber,
      accountId: p.accountId,
      portalOrderId: p.invoice.portalOrderId,
      currency: p.invoice.currency,
      amount: p.amount,
      balance: p.invoice.balance,
      receivedAt: p.receivedAt,
    };
    return { outcome: inserted.length || written.length ? 'APPLIED' : 'IGNORED', bus };
  }
  throw new Error(`not a billing event: ${event.type}`);
}

export interface BillingFeedOptions {
  events: EventsPort;
  em: EntityManager;
  logger: Logger;
  waitMs: number;
  /** Called before each poll, i.e. right after the previous page's transactions committed (wakes the outbox). */
  onPoll?: () => void;
}

export function billingFeed(opts: BillingFeedOptions): FeedConsumer {
  return new FeedConsumer({
    name: 'erp-billing',
    service: 'invoices',
    em: opts.em,
    logger: opts.logger,
    waitMs: opts.waitMs,
    types: BILLING_EVENT_TYPES,
    poll: (after, o) => {
      opts.onPoll?.();
      return opts.events.poll(after, o);
    },
    async handle(tx, event) {
      let applied;
      try {
        applied = await applyBillingEvent(tx, event);
      } catch (err) {
        if (!(err instanceof z.ZodError)) throw err;
        // A payload we cannot read would block the feed forever if retried: record it and move on.
        opts.logger.error({ eventId: event.id, type: event.type, issues: err.issues.slice(0, 5) }, 'unreadable ERP billing event ignored');
        return 'IGNORED';
      }
      await enqueueOutbox(tx, {
        eventId: event.id,
        topic: INVOICE_TOPIC,
        key: applied.bus.portalOrderId,
        type: applied.bus.type,
        payload: applied.bus,
        correlationId: `erp-${event.id}`.slice(0, 200),
      });
      return applied.outcome;
    },
  });
}
