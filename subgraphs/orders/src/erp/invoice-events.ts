/**
 * Billing on the order timeline: the invoices subgraph publishes invoice postings, payments and
 * credit memos on the bus; this durable consumer records each on its order's timeline (once: the
 * bus event id is the timeline event id) and closes the order's open price disputes when the ERP
 * credits them.
 */
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { billingOccurredAt, invoiceNotBefore, orderFactKey } from '@portal/erp/port';
import type { BusEvent, EventBus, Subscription } from '@portal/platform/bus';
import { INVOICE_TOPIC, type InvoiceBusEvent } from '@portal/platform/events';
import type { Logger } from '@portal/platform/logger';
import { Order, OrderException, Shipment, TimelineEvent } from '../entities/index.js';
import { closeException } from '../order-state.js';
import { appendTimeline, businessTime, notifyTimeline } from '../timeline.js';

function describe(e: InvoiceBusEvent): { summary: string; factKey: string } {
  switch (e.type) {
    case 'invoice.posted':
      return {
        summary: `Invoice ${e.invoiceNumber} posted: ${e.total} ${e.currency}, due ${e.dueDate}${e.deliveryNumber ? ` (delivery ${e.deliveryNumber})` : ''}`,
        factKey: orderFactKey.invoicePosted(e.invoiceNumber),
      };
    case 'invoice.payment_received':
      return {
        summary: `Payment of ${e.amount} ${e.currency} received for invoice ${e.invoiceNumber}; open ${e.balance}`,
        factKey: orderFactKey.payment(e.paymentId),
      };
    case 'credit_memo.issued':
      return {
        summary: `Credit memo ${e.creditMemoNumber} issued against invoice ${e.invoiceNumber}: ${e.total} ${e.currency} (${e.reason})`,
        factKey: orderFactKey.creditMemo(e.creditMemoNumber),
      };
  }
}

/**
 * When a billing document happened: the ERP's instant of it where its change feed gave one, else
 * its date (placed within the day it was reported), never before what it follows from — an invoice is
 * posted when its delivery shipped (not at midnight of that day), a credit memo after its invoice.
 */
async function occurredAt(tx: EntityManager, orderId: string, e: InvoiceBusEvent, reportedAt: Date): Promise<Date | undefined> {
  let at: string;
  if (e.type === 'invoice.payment_received') at = billingOccurredAt(e.receivedAt);
  else if (e.type === 'invoice.posted') {
    const order = await tx.findOneOrFail(Order, { id: orderId }, { fields: ['placedAt'] });
    const shipments = await tx.find(Shipment, { orderId }, { fields: ['id', 'shippedAt'] });
    at = billingOccurredAt(
      e.postedAt ?? withinDay(e.issuedAt, reportedAt),
      invoiceNotBefore(
        e,
        order.placedAt.toISOString(),
        shipments.map((s) => [s.id, s.shippedAt.toISOString()] as const),
      ),
    );
  } else {
    const [invoice] = await tx.find(
      TimelineEvent,
      { orderId, factKey: orderFactKey.invoicePosted(e.invoiceNumber) },
      { fields: ['at'], limit: 1 },
    );
    at = billingOccurredAt(e.postedAt ?? withinDay(e.issuedAt, reportedAt), invoice?.at.toISOString());
  }
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/**
 * A document dated by its day only, reported as it happens: the business time it was reported at
 * when that falls on its day (not midnight, before what happened earlier that day), else the
 * start of its day.
 */
function withinDay(date: string, reportedAt: Date): string {
  const day = date.slice(0, 10);
  const at = reportedAt.toISOString();
  return at.slice(0, 10) === day ? at : date;
}

/** How long an invoice waits for its shipment to reach the timeline before it is recorded anyway. */
const CAUSAL_WAIT_MS = 60_000;

class ShipmentNotYetKnown extends Error {
  constructor(delivery: string) {
    super(`delivery ${delivery} is not on the order yet; the invoice waits for it`);
  }
}

export async function applyInvoiceEvent(orm: MikroORM, event: BusEvent<InvoiceBusEvent>): Promise<boolean> {
  const e = event.payload;
  // Read before the transaction: the clock may ask the ERP.
  const reportedAt = await businessTime();
  const applied = await orm.em.fork().transactional(async (tx) => {
    const order = await tx.findOne(Order, { id: e.portalOrderId });
    if (!order) return false; // not an order the portal knows (yet); nothing to show
    // Causal order on the timeline: an invoice comes after the shipment it bills. The shipment
    // arrives through the ERP feed, the invoice through the invoices subgraph; if the invoice is
    // first, decline it (the bus redelivers it shortly), unless the shipment is long overdue.
    if (e.type === 'invoice.posted' && e.deliveryNumber && Date.now() - Date.parse(event.occurredAt) < CAUSAL_WAIT_MS) {
      if (!(await tx.findOne(Shipment, { id: e.deliveryNumber }))) throw new ShipmentNotYetKnown(e.deliveryNumber);
    }
    const { summary, factKey } = describe(e);
    const at = await occurredAt(tx, order.id, e, reportedAt);
    const appended = await appendTimeline(tx, {
      factKey,
      orderId: order.id,
      accountId: order.accountId,
      source: 'INVOICES',
      type: e.type,
      occurredAt: at,
      correlationId: event.correlationId,
      summary,
      data: { ...e },
    });
    if (appended && e.type === 'credit_memo.issued' && e.reason === 'PRICE_DISPUTE') {
      const disputes = await tx.find(OrderException, { orderId: order.id, type: 'PRICE_DISPUTE', status: 'OPEN' });
      for (const d of disputes) {
        closeException(d, { by: 'erp', resolution: 'CREDITED', comment: `credit memo ${e.creditMemoNumber}`, at: new Date() });
        await appendTimeline(tx, {
          factKey: `exception:${d.id}:resolved`,
          occurredAt: at,
          orderId: order.id,
          accountId: order.accountId,
          source: 'INVOICES',
          type: 'exception.resolved',
          correlationId: event.correlationId,
          summary: `Price dispute on line ${d.lineNo} closed: credited by ${e.creditMemoNumber}`,
          data: {
            exceptionId: d.id,
            exceptionType: 'PRICE_DISPUTE',
            reasonCode: d.reasonCode,
            lineNo: d.lineNo ?? null,
            resolution: 'CREDITED',
          },
        });
      }
    }
    return appended !== null;
  });
  if (applied) notifyTimeline();
  return applied;
}

export function consumeInvoiceEvents(orm: MikroORM, bus: EventBus, logger: Logger): Promise<Subscription> {
  return bus.subscribe<InvoiceBusEvent>(INVOICE_TOPIC, { durableName: 'orders-timeline', from: 'beginning' }, async (event) => {
    const applied = await applyInvoiceEvent(orm, event);
    logger.debug({ eventId: event.id, type: event.type, applied }, 'invoice event on the order timeline');
  });
}
