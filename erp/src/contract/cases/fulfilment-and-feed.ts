/**
 * Contract cases on what happens after an order is placed: the warehouse ships it (in packages
 * with tracking, partially when the shelf is short), the ERP bills it and serves its documents,
 * credits and payments settle the balance exactly; the change feed streams all of it in order;
 * and the reference ERP's fault injection makes errors, latency, outages and duplicate feed events
 * observable. Runs after the other order cases: the feed case reads what they changed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReferenceErpAdmin } from '../../port/reference-admin.js';
import { ErpUnavailableError, type ErpPorts, type ErpSalesOrder } from '../../port/types.js';
import { all } from './support.js';

export interface FulfilmentTarget {
  ports: ErpPorts;
  /** Steering (reference ERP only): business clock, stock, faults, credit memos, payments. */
  admin?: ReferenceErpAdmin;
  /** For an ERP without a business clock: ships what an order needs and posts its invoices. */
  fulfil?: (orderNumber: string) => Promise<void>;
  /** The content type invoice documents are rendered in. */
  documentContentType: string;
  /** How long a change takes at most to appear on the change feed. */
  feedLagMs: number;
  /** Why a case needs the control interface (the docs entry that says so). */
  needsControl: (entry: string) => string;
  /** Places an order of `accountId` through the port with a fresh idempotency key. */
  order: (accountId: string, lines: { sku: string; quantity: number }[]) => ReturnType<ErpPorts['orders']['createSalesOrder']>;
}

export function defineFulfilmentAndFeedCases(target: () => FulfilmentTarget): void {
  let t: FulfilmentTarget;
  const admin = () => {
    if (!t.admin) throw new Error('needs the control interface');
    return t.admin;
  };
  const can = (c: 'documentContentType' | 'feedLagMs') => t[c];
  const needsControl = (entry: string) => t.needsControl(entry);
  const order = (accountId: string, lines: { sku: string; quantity: number }[]) => t.order(accountId, lines);
  describe('after the order', () => {
    beforeAll(() => {
      t = target();
    });

    describe('fulfilment, billing and documents (business clock)', () => {
      it('picks, ships in packages with tracking, bills and delivers as the clock moves', async (ctx) => {
        if (!t.admin) return ctx.skip(needsControl('no business clock'));
        const { order: o } = await order('ACME', [
          { sku: 'BOLT-0001', quantity: 150 },
          { sku: 'BRG-0004', quantity: 1 },
        ]);
        let state: ErpSalesOrder | null = o;
        for (let day = 0; day < 10 && state?.status !== 'COMPLETED'; day++) {
          await admin().advance({ days: 1 });
          state = await t.ports.orders.getSalesOrder(o.number);
        }
        expect(state?.status).toBe('COMPLETED');
        expect(state!.deliveries.length).toBeGreaterThan(0);
        const deliveries = (await all((cursor) => t.ports.orders.exportDeliveries({ cursor, limit: 500 }))).filter(
          (d) => d.orderNumber === o.number,
        );
        expect(deliveries.flatMap((d) => d.packages).length).toBeGreaterThanOrEqual(3); // 150 units → 2 packages + 1
        expect(deliveries[0]!.trackingUrl).toContain(deliveries[0]!.trackingNumber);
        const invoices = await Promise.all(state!.invoices.map((n) => t.ports.invoices.getInvoice(n)));
        const billed = invoices.reduce((s, i) => s + Number(i!.total), 0);
        expect(billed.toFixed(2)).toBe((Number(o.netTotal) + Number(o.freight)).toFixed(2));
        // Due date from payment terms (ACME: 30 days).
        const inv = invoices[0]!;
        expect((Date.parse(inv.dueDate) - Date.parse(inv.issuedAt)) / 86_400_000).toBe(30);
        // Delivered after transit.
        for (let day = 0; day < 5; day++) await admin().advance({ days: 1 });
        const delivered = (await all((cursor) => t.ports.orders.exportDeliveries({ cursor, limit: 500 }))).filter(
          (d) => d.orderNumber === o.number,
        );
        expect(delivered.every((d) => d.status === 'DELIVERED' && d.deliveredAt)).toBe(true);
      });

      it('ships and bills an order as the ERP users would; status, shipment and invoice read back', async (ctx) => {
        if (!t.fulfil) return ctx.skip('steered by the business clock on this ERP (case above)');
        const { order: o } = await order('ACME', [
          { sku: 'BOLT-0001', quantity: 3 },
          { sku: 'BRG-0004', quantity: 2 },
        ]);
        expect(o.status).toBe('CONFIRMED');
        await t.fulfil(o.number);
        const done = await t.ports.orders.getSalesOrder(o.number);
        expect(done).toMatchObject({ status: 'COMPLETED' });
        expect(done!.lines.map((l) => l.shippedQuantity)).toEqual([3, 2]);
        expect(done!.deliveries).toHaveLength(1);
        const delivery = (await all((cursor) => t.ports.orders.exportDeliveries({ cursor, limit: 100 }))).find(
          (d) => d.number === done!.deliveries[0],
        );
        expect(delivery).toMatchObject({ orderNumber: o.number, accountId: 'ACME', status: 'SHIPPED' });
        expect(done!.invoices).toHaveLength(1);
        const inv = await t.ports.invoices.getInvoice(done!.invoices[0]!);
        expect(inv).toMatchObject({ orderNumber: o.number, portalOrderId: o.portalOrderId, status: 'OPEN', currency: 'USD' });
        expect(inv!.total).toBe((Number(o.netTotal) + Number(o.freight)).toFixed(2));
        expect((Date.parse(inv!.dueDate) - Date.parse(inv!.issuedAt)) / 86_400_000).toBe(30); // ACME: net 30
        const doc = await t.ports.invoices.invoiceDocument(inv!.number);
        expect(doc.contentType).toBe(can('documentContentType'));
        expect(doc.bytes.length).toBeGreaterThan(1000);
      });

      it('ships what is physically there and the rest when stock arrives (partial shipment)', async (ctx) => {
        if (!t.admin) return ctx.skip(needsControl('no business clock'));
        const { order: o } = await order('ACME', [{ sku: 'BOLT-0001', quantity: 10 }]);
        expect(o.lines[0]!.scheduleLines).toHaveLength(1); // promised in full
        await admin().setStock('BOLT-0001', 'WH-US', 7); // ...but the shelf holds only 7 (a late receipt)
        let s: ErpSalesOrder | null = o;
        for (let day = 0; day < 5 && !s?.lines[0]!.shippedQuantity; day++) {
          await admin().advance({ days: 1 });
          s = await t.ports.orders.getSalesOrder(o.number);
        }
        expect(s).toMatchObject({ status: 'PARTIALLY_SHIPPED' });
        expect(s!.lines[0]!.shippedQuantity).toBe(7);
        await admin().setStock('BOLT-0001', 'WH-US', 5000);
        await admin().runFulfilment();
        s = await t.ports.orders.getSalesOrder(o.number);
        expect(s).toMatchObject({ status: 'COMPLETED' });
        expect(s!.deliveries).toHaveLength(2);
      });

      it('serves invoice documents in the content type it declares', async () => {
        const invoices = await all((cursor) => t.ports.invoices.exportInvoices({ cursor, limit: 500 }));
        const open = invoices.find((i) => i.status === 'OPEN' && i.lines.some((l) => l.sku !== 'FREIGHT' && l.quantity > 1))!;
        const doc = await t.ports.invoices.invoiceDocument(open.number);
        expect(doc.contentType).toBe(can('documentContentType'));
        // What the port declares is what it serves (the invoices subgraph advertises it on links).
        expect(t.ports.invoices.documentContentType).toBe(doc.contentType);
        if (doc.contentType === 'application/pdf') {
          expect(doc.bytes.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
          expect(doc.bytes.toString('latin1')).toContain(open.number);
        } else expect(doc.bytes.subarray(0, 2).toString('latin1')).toBe('PK'); // OpenDocument: a zip
        await expect(t.ports.invoices.invoiceDocument('0000000000')).rejects.toMatchObject({ status: 404 });
      });

      it('serves credit memo PDFs; credits and payments reduce the balance exactly', async (ctx) => {
        if (!t.admin) return ctx.skip(needsControl('payments are not read'));
        const invoices = await all((cursor) => t.ports.invoices.exportInvoices({ cursor, limit: 500 }));
        const open = invoices.find((i) => i.status === 'OPEN' && i.lines.some((l) => l.sku !== 'FREIGHT' && l.quantity > 1))!;
        const line = open.lines.find((l) => l.sku !== 'FREIGHT' && l.quantity > 1)!;
        const memo = await admin().issueCreditMemo(open.number, 'RETURN', [{ lineNo: line.lineNo, quantity: 1 }]);
        const memoDoc = await t.ports.invoices.creditMemoDocument(memo.number);
        expect(memoDoc.bytes.toString('latin1')).toContain(memo.number);
        const afterMemo = await t.ports.invoices.getInvoice(open.number);
        const cents = (s: string) => Math.round(Number(s) * 100);
        expect(cents(afterMemo!.balance)).toBe(cents(open.balance) - cents(memo.total));
        const paid = await admin().receivePayment(open.number, afterMemo!.balance);
        expect(paid).toMatchObject({ status: 'PAID', balance: '0.00' });
        // The payment history export carries the payment with its invoice's order and currency.
        const payments = (await all((cursor) => t.ports.invoices.exportPayments({ cursor, limit: 50 }), 50)).filter(
          (p) => p.invoiceNumber === open.number,
        );
        expect(payments).toContainEqual(
          expect.objectContaining({
            accountId: open.accountId,
            portalOrderId: open.portalOrderId,
            currency: open.currency,
            amount: afterMemo!.balance,
          }),
        );
        await expect(t.ports.invoices.invoiceDocument('0000000000')).rejects.toMatchObject({ status: 404 });
      });
    });

    describe('change feed', () => {
      it('streams ordered events with unique ids from a cursor, and long-polls for new ones', async () => {
        // Changes made by the cases above are on the feed once the ERP's feed lag has passed.
        const lag = Number(can('feedLagMs'));
        if (lag > 0) await new Promise((r) => setTimeout(r, lag + 100));
        const first = await t.ports.events.poll(0, { limit: 1000 });
        expect(first.events.length).toBeGreaterThan(0);
        const seqs = first.events.map((e) => e.seq);
        expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
        expect(new Set(first.events.map((e) => e.id)).size).toBe(first.events.length);
        let cursor = first.nextCursor;
        for (
          let page = await t.ports.events.poll(cursor, { limit: 1000 });
          page.events.length;
          page = await t.ports.events.poll(cursor, { limit: 1000 })
        )
          cursor = page.nextCursor;
        // Read to the end, the head is the last event's seq.
        expect(await t.ports.events.head()).toBeGreaterThanOrEqual(cursor);
        const waiting = t.ports.events.poll(cursor, { waitMs: 5000 + lag });
        const { order: o } = await order('ACME', [{ sku: 'BOLT-0001', quantity: 1 }]);
        const got = await waiting;
        expect(got.events.map((e) => [e.type, e.key])).toContainEqual(['order.created', o.number]);
        expect(await t.ports.events.head()).toBeGreaterThanOrEqual(Math.max(...got.events.map((e) => e.seq)));
      });
    });

    describe('fault injection (reference ERP)', () => {
      it('makes errors, latency and outages observable, per endpoint', async (ctx) => {
        if (!t.admin) return ctx.skip(needsControl('no fault injection'));
        const check = () => t.ports.inventory.checkAvailability('ACME', [{ lineId: '1', sku: 'BOLT-0001', quantity: 1 }]);
        try {
          await admin().setFaults({ 'POST /v1/availability/check': { errorRate: 1 } });
          await expect(check()).rejects.toBeInstanceOf(ErpUnavailableError);
          await expect(t.ports.pricing.tiers('ACME', 'BOLT-0001')).resolves.toHaveLength(3); // other endpoints unaffected
          await admin().setFaults({ 'POST /v1/availability/check': { latencyMs: 300 } });
          const started = Date.now();
          await check();
          expect(Date.now() - started).toBeGreaterThanOrEqual(290);
          const now = Date.now();
          await admin().setFaults({
            '*': { outages: [{ from: new Date(now - 1000).toISOString(), to: new Date(now + 60_000).toISOString() }] },
          });
          await expect(check()).rejects.toBeInstanceOf(ErpUnavailableError);
          const { injected } = await admin().faults();
          expect(injected.outages).toBeGreaterThanOrEqual(1);
        } finally {
          await admin().clearFaults();
        }
        await expect(check()).resolves.toBeTruthy();
      });

      it('duplicates change-feed events when asked, and ids let consumers drop them', async (ctx) => {
        if (!t.admin) return ctx.skip(needsControl('no fault injection'));
        try {
          const seen = new Set((await t.ports.events.poll(0, { limit: 5 })).events.map((e) => e.id));
          await admin().setFaults({ 'GET /v1/events': { duplicateRate: 1 } });
          const page = await t.ports.events.poll(5, { limit: 3 });
          const repeated = page.events.filter((e) => seen.has(e.id));
          expect(repeated).toHaveLength(1); // an event the consumer already had, delivered again
          expect(page.events.filter((e) => !seen.has(e.id))).toHaveLength(3);
          expect((await admin().faults()).injected.duplicates).toBeGreaterThanOrEqual(1);
        } finally {
          await admin().clearFaults();
        }
      });
    });
  });
}
