/**
 * Contract cases on what an ERP's own documents say, read the way the ERP means them: schedule
 * lines are the promise made at confirmation (split and backordered lines included), deliveries and
 * invoices name the order line they come from (never a position), an order entered in the ERP
 * itself appears under its own identity, a credit note names the invoice it credits, and requested
 * dates — the order's and each line's — come back as they were given.
 *
 * Steering differs per ERP (a business clock and an admin API for the reference ERP, the Tryton
 * client's own operations for Tryton): each target supplies `ErpSteering`.
 */
import { describe, expect, it } from 'vitest';
import type { AvailabilityAnswer, ErpChangeEvent, ErpPorts, ErpSalesOrder } from '../../port/types.js';
import { all, workingDay } from './support.js';

/** What a test does in the ERP itself, as its users would. */
export interface ErpSteering {
  /** Ships (and bills) the order's next open delivery — its earliest planned one — as the ERP's warehouse would. */
  shipNext(orderNumber: string): Promise<void>;
  /** Enters a confirmed order in the ERP itself (its own client, or admin API), without any portal id. */
  enterOrder(accountId: string, lines: { sku: string; quantity: number }[]): Promise<string>;
  /** Credits `quantity` units of an invoice line as the ERP's accountant would (a price dispute settled); the credit memo's number. */
  creditInvoiceLine(invoiceNumber: string, lineNo: number, quantity: number): Promise<string>;
}

export interface RealismTarget {
  ports: ErpPorts;
  steering?: ErpSteering;
  businessDate: string;
  /** How long a change may take to reach the change feed. */
  feedLagMs: number;
}

const promiseOf = (a: Pick<AvailabilityAnswer, 'scheduleLines'>) =>
  a.scheduleLines.map((s) => ({ deliveryDate: s.deliveryDate, quantity: s.quantity, basis: s.basis }));
const scheduleOf = (l: ErpSalesOrder['lines'][number]) =>
  l.scheduleLines.map((s) => ({ deliveryDate: s.deliveryDate, quantity: s.quantity, basis: s.basis ?? 'SUPPLY' }));

let seq = 0;
const newKey = (label: string) => `realism-${label}-${Date.now().toString(36)}-${++seq}`;

export function defineRealismCases(target: () => RealismTarget): void {
  describe('what the ERP says: schedules, document lines, outside orders, credit notes, requested dates', () => {
    const t = () => target();
    const steering = () => {
      const s = t().steering;
      if (!s) throw new Error('this target has no steering');
      return s;
    };
    const create = (
      accountId: string,
      lines: { sku: string; quantity: number; requestedDeliveryDate?: string | null }[],
      requestedDeliveryDate: string | null = null,
    ) => {
      const key = newKey(accountId);
      return t().ports.orders.createSalesOrder({ portalOrderId: `p-${key}`, accountId, requestedDeliveryDate, lines }, key);
    };
    /** Events after `cursor` until one matches (the ERP's feed lag, plus room for a busy machine). */
    async function awaitEvent(cursor: number, match: (e: ErpChangeEvent) => boolean): Promise<ErpChangeEvent | undefined> {
      const until = Date.now() + t().feedLagMs + 15_000;
      while (Date.now() < until) {
        const page = await t().ports.events.poll(cursor, { limit: 1000, waitMs: 2_000 + t().feedLagMs });
        const found = page.events.find(match);
        if (found) return found;
        cursor = page.nextCursor;
      }
      return undefined;
    }

    it('a partial confirmation produces two schedule lines, the promise of the availability check', async () => {
      const check = (await t().ports.inventory.checkAvailability('ACME', [{ lineId: '1', sku: 'ATP-DEMO-1', quantity: 50 }])).lines[0]!;
      expect(check.status).toBe('PARTIAL');
      expect(check.scheduleLines).toHaveLength(2);
      const { order } = await create('ACME', [{ sku: 'ATP-DEMO-1', quantity: 50 }]);
      try {
        expect(order.status).toBe('CONFIRMED');
        expect(order.lines[0]).toMatchObject({ confirmedQuantity: 50, status: 'CONFIRMED' });
        expect(scheduleOf(order.lines[0]!)).toEqual(promiseOf(check));
        // Stored with the order: read back, it is the same promise.
        const again = await t().ports.orders.getSalesOrder(order.number);
        expect(scheduleOf(again!.lines[0]!)).toEqual(promiseOf(check));
        // The promise is booked: what was promised later is no longer free then.
        const after = (await t().ports.inventory.checkAvailability('ACME', [{ lineId: '1', sku: 'ATP-DEMO-1', quantity: 1 }])).lines[0]!;
        expect(after.scheduleLines[0]!.deliveryDate > check.scheduleLines[0]!.deliveryDate || after.status !== 'AVAILABLE').toBe(true);
      } finally {
        await t().ports.orders.cancelLine(order.number, order.lines[0]!.lineNo);
      }
      const released = (await t().ports.inventory.checkAvailability('ACME', [{ lineId: '1', sku: 'ATP-DEMO-1', quantity: 50 }])).lines[0]!;
      expect(promiseOf(released)).toEqual(promiseOf(check));
    });

    it('a late confirmation keeps the requested date and the later promise apart (complete delivery)', async () => {
      const d0 = workingDay(t().businessDate, 0);
      const requested = workingDay(d0, 1);
      const check = (
        await t().ports.inventory.checkAvailability('GLOBEX', [
          { lineId: '1', sku: 'ATP-DEMO-1', quantity: 50, requestedDeliveryDate: requested },
        ])
      ).lines[0]!;
      expect(check.scheduleLines).toHaveLength(1);
      expect(check.scheduleLines[0]!.deliveryDate > requested).toBe(true);
      const { order } = await create('GLOBEX', [{ sku: 'ATP-DEMO-1', quantity: 50 }], requested);
      try {
        expect(order.requestedDeliveryDate).toBe(requested);
        expect(scheduleOf(order.lines[0]!)).toEqual(promiseOf(check));
      } finally {
        await t().ports.orders.cancelLine(order.number, order.lines[0]!.lineNo);
      }
    });

    it('a line no supply covers is confirmed at lead time (a backorder), and says so', async () => {
      // An item whose stock and receipts cannot cover its on-hand quantity plus five.
      const items = (await t().ports.inventory.exportItems({ limit: 40 })).items.filter((i) => !i.discontinued && i.leadTimeDays > 0);
      let found: { sku: string; quantity: number; check: AvailabilityAnswer } | undefined;
      for (const i of items) {
        const probe = (await t().ports.inventory.checkAvailability('GLOBEX', [{ lineId: '1', sku: i.sku, quantity: 1 }])).lines[0]!;
        const quantity = Math.max(1, Math.ceil(probe.onHandHint)) + 5;
        const check = (await t().ports.inventory.checkAvailability('GLOBEX', [{ lineId: '1', sku: i.sku, quantity }])).lines[0]!;
        if (check.status === 'LEAD_TIME' && quantity <= 500) {
          found = { sku: i.sku, quantity, check };
          break;
        }
      }
      expect(found, 'an item that its supply cannot cover').toBeTruthy();
      const { order } = await create('GLOBEX', [{ sku: found!.sku, quantity: found!.quantity }]);
      try {
        expect(order.status).toBe('CONFIRMED');
        expect(scheduleOf(order.lines[0]!)).toEqual(promiseOf(found!.check));
        expect(order.lines[0]!.scheduleLines.at(-1)!.basis).toBe('LEAD_TIME');
      } finally {
        await t().ports.orders.cancelLine(order.number, order.lines[0]!.lineNo);
      }
    });

    it('a line-level requested date round-trips, beside the order’s own', async () => {
      const d0 = workingDay(t().businessDate, 0);
      const header = workingDay(d0, 3);
      const early = workingDay(d0, 8);
      const lines = [
        { sku: 'BOLT-0001', quantity: 2, requestedDeliveryDate: early },
        { sku: 'BRG-0004', quantity: 1 },
      ];
      const check = await t().ports.inventory.checkAvailability('ACME', [
        { lineId: '10', sku: 'BOLT-0001', quantity: 2, requestedDeliveryDate: early },
        { lineId: '20', sku: 'BRG-0004', quantity: 1, requestedDeliveryDate: header },
      ]);
      const { order } = await create('ACME', lines, header);
      expect(order.requestedDeliveryDate).toBe(header);
      expect(order.lines.map((l) => l.requestedDeliveryDate ?? null)).toEqual([early, null]);
      // Each line is promised for its own date.
      expect(order.lines.map(scheduleOf)).toEqual(check.lines.map(promiseOf));
      const read = await t().ports.orders.getSalesOrder(order.number);
      expect(read!.requestedDeliveryDate).toBe(header);
      expect(read!.lines.map((l) => l.requestedDeliveryDate ?? null)).toEqual([early, null]);
      const exported = (await all((cursor) => t().ports.orders.exportSalesOrders({ cursor, limit: 1000 }))).find(
        (o) => o.number === order.number,
      );
      expect(exported!.lines.map((l) => l.requestedDeliveryDate ?? null)).toEqual([early, null]);
    });

    it('an order delivered in two shipments with lines out of order is matched line by line', async (ctx) => {
      if (!t().steering) return ctx.skip('this target cannot ship on demand');
      const d0 = workingDay(t().businessDate, 0);
      // Line 10 is wanted later than line 20: line 20 ships first.
      const { order } = await create('ACME', [
        { sku: 'BOLT-0001', quantity: 2, requestedDeliveryDate: workingDay(d0, 10) },
        { sku: 'BRG-0004', quantity: 1 },
      ]);
      const deliveriesOf = async () =>
        (await all((cursor) => t().ports.orders.exportDeliveries({ cursor, limit: 500 }))).filter((d) => d.orderNumber === order.number);
      await steering().shipNext(order.number);
      const first = await deliveriesOf();
      expect(first).toHaveLength(1);
      expect(first[0]!.lines).toEqual([{ lineNo: 20, sku: 'BRG-0004', quantity: 1 }]);
      expect(first[0]!.portalOrderId).toBe(order.portalOrderId);
      const half = await t().ports.orders.getSalesOrder(order.number);
      expect(half!.lines.map((l) => [l.lineNo, l.shippedQuantity])).toEqual([
        [10, 0],
        [20, 1],
      ]);
      await steering().shipNext(order.number);
      const both = await deliveriesOf();
      expect(both).toHaveLength(2);
      const second = both.find((d) => d.number !== first[0]!.number)!;
      expect(second.lines).toEqual([{ lineNo: 10, sku: 'BOLT-0001', quantity: 2 }]);
      const done = await t().ports.orders.getSalesOrder(order.number);
      expect(done!.lines.map((l) => l.shippedQuantity)).toEqual([2, 1]);
      // Invoice lines name the order line they bill, whatever their place on the invoice.
      const invoices = await Promise.all(done!.invoices.map((n) => t().ports.invoices.getInvoice(n)));
      const billed = invoices.flatMap((i) => i!.lines.filter((l) => l.sku !== 'FREIGHT'));
      expect(billed.map((l) => [l.lineNo, l.sku, l.quantity]).sort()).toEqual([
        [10, 'BOLT-0001', 2],
        [20, 'BRG-0004', 1],
      ]);
    });

    it('a sale entered in the ERP itself appears as its own order, under its own stable id', async (ctx) => {
      if (!t().steering) return ctx.skip('this target cannot enter orders in the ERP');
      const cursor = await t().ports.events.head();
      const a = await steering().enterOrder('ACME', [{ sku: 'BOLT-0001', quantity: 1 }]);
      const b = await steering().enterOrder('ACME', [{ sku: 'BRG-0004', quantity: 1 }]);
      const [oa, ob] = await Promise.all([t().ports.orders.getSalesOrder(a), t().ports.orders.getSalesOrder(b)]);
      expect(oa).toMatchObject({ accountId: 'ACME', status: 'CONFIRMED', holdReason: null });
      expect(oa!.portalOrderId).toBeTruthy();
      expect(ob!.portalOrderId).toBeTruthy();
      expect(oa!.portalOrderId).not.toBe(ob!.portalOrderId);
      // Stable: the same id on every read, and it finds the order.
      expect((await t().ports.orders.getSalesOrder(a))!.portalOrderId).toBe(oa!.portalOrderId);
      expect(await t().ports.orders.findSalesOrderByPortalId(oa!.portalOrderId)).toMatchObject({ number: a });
      // No collision with any other order.
      const orders = await all((cursor) => t().ports.orders.exportSalesOrders({ cursor, limit: 1000 }));
      expect(orders.filter((o) => o.portalOrderId === oa!.portalOrderId).map((o) => o.number)).toEqual([a]);
      expect(orders.filter((o) => !o.portalOrderId)).toEqual([]);
      const created = await awaitEvent(cursor, (e) => e.type === 'order.created' && e.key === a);
      expect(created?.payload).toMatchObject({ number: a, portalOrderId: oa!.portalOrderId });
    });

    it('a credit note references the invoice it credits, line by line', async (ctx) => {
      if (!t().steering) return ctx.skip('this target cannot ship or credit on demand');
      const { order } = await create('ACME', [
        { sku: 'BRG-0004', quantity: 1 },
        { sku: 'BOLT-0001', quantity: 3 },
      ]);
      await steering().shipNext(order.number);
      const shipped = await t().ports.orders.getSalesOrder(order.number);
      expect(shipped!.invoices).toHaveLength(1);
      const invoice = (await t().ports.invoices.getInvoice(shipped!.invoices[0]!))!;
      const line = invoice.lines.find((l) => l.sku === 'BOLT-0001')!;
      expect(line.lineNo).toBe(20);
      const cursor = await t().ports.events.head();
      const memoNumber = await steering().creditInvoiceLine(invoice.number, line.lineNo, 1);
      const memo = (await all((cursor) => t().ports.invoices.exportCreditMemos({ cursor, limit: 500 }))).find(
        (m) => m.number === memoNumber,
      );
      expect(memo).toMatchObject({
        invoiceNumber: invoice.number,
        orderNumber: order.number,
        portalOrderId: order.portalOrderId,
        accountId: 'ACME',
        currency: invoice.currency,
      });
      expect(Math.abs(Number(memo!.total) - Number(line.unitPrice))).toBeLessThan(0.006); // one unit's price
      expect(memo!.lines.map((l) => [l.lineNo, l.sku, l.quantity])).toEqual([[20, 'BOLT-0001', 1]]);
      const doc = await t().ports.invoices.creditMemoDocument(memoNumber);
      expect(doc.contentType).toBe(t().ports.invoices.documentContentType);
      expect(doc.bytes.length).toBeGreaterThan(1000);
      const issued = await awaitEvent(cursor, (e) => e.type === 'credit_memo.issued' && e.key === memoNumber);
      expect(issued?.payload).toMatchObject({ invoiceNumber: invoice.number, portalOrderId: order.portalOrderId });
    });
  });
}
