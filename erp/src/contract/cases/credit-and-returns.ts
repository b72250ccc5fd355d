/**
 * Contract cases on credit management and receivables as an ERP does them: the exposure a credit
 * check reads counts a new order once, whatever its line count, and is checked again when the
 * warehouse is about to ship; two orders checked at the same moment cannot both use the same
 * headroom.
 *
 * Cases that need the business clock or the reference ERP's admin API are skipped elsewhere with
 * the entry of docs/erp.md ("What Tryton cannot express") that says why.
 */
import { describe, expect, it } from 'vitest';
import { Decimal } from '@portal/platform/money';
import type { ReferenceErpAdmin } from '../../port/reference-admin.js';
import type { ErpPorts, ErpSalesOrder } from '../../port/types.js';
import { all } from './support.js';

export interface CreditTarget {
  ports: ErpPorts;
  admin?: ReferenceErpAdmin;
  /** Why a case cannot run without the reference ERP's control interface, naming the docs entry. */
  needsControl: (entry: string) => string;
  /** False: cancelled orders keep counting in exposure, so cases that create large orders cannot clean up. */
  cancelReleasesCredit: boolean;
}

let seq = 0;
const newKey = (label: string) => `credit-${label}-${Date.now().toString(36)}-${++seq}`;

export function defineCreditAndReturnCases(target: () => CreditTarget): void {
  describe('credit exposure, receivables and returns', () => {
    const t = () => target();
    const create = (accountId: string, lines: { sku: string; quantity: number }[]) => {
      const key = newKey(accountId);
      return t().ports.orders.createSalesOrder({ portalOrderId: `p-${key}`, accountId, lines }, key);
    };
    /** Cancels what can be cancelled of an order (an ERP that cancels only whole orders refuses the rest). */
    const cancelAll = async (o: ErpSalesOrder) => {
      for (const l of [...o.lines].reverse())
        await t()
          .ports.orders.cancelLine(o.number, l.lineNo)
          .catch(() => undefined);
    };
    const limitOf = async (accountId: string) =>
      Number((await all((cursor) => t().ports.orders.exportAccounts({ cursor, limit: 10 }))).find((a) => a.id === accountId)!.creditLimit);
    /** Units of `sku` worth about `share` of the account's credit limit (priced again at that quantity: scales). */
    const unitsFor = async (accountId: string, sku: string, share: number) => {
      const amount = (await limitOf(accountId)) * share;
      const priceAt = async (quantity: number) =>
        Number((await t().ports.pricing.simulate(accountId, [{ lineId: 'p', sku, quantity }])).lines[0]!.unitPrice);
      return Math.ceil(amount / (await priceAt(Math.ceil(amount / (await priceAt(1))))));
    };
    /**
     * The largest share of the credit limit (on a ladder whose steps are under twice the next) that a
     * one-line order of `sku` fits in; each probe is cancelled. Twice that share exceeds the headroom.
     */
    const largestFit = async (accountId: string, sku: string) => {
      for (const share of [0.6, 0.45, 0.3, 0.2, 0.13, 0.09, 0.06, 0.04]) {
        const units = await unitsFor(accountId, sku, share);
        const { order } = await create(accountId, [{ sku, quantity: units }]);
        await cancelAll(order);
        if (order.status === 'CONFIRMED') return { share, units, order };
        expect(order.holdReason).toBe('CREDIT_LIMIT_EXCEEDED');
      }
      throw new Error(`no order of ${sku} fits ${accountId}'s credit headroom`);
    };

    /** An item of the tax class (the tax account HOOLI pays 19 % on STANDARD, nothing on EXEMPT). */
    const taxSkuOf = async (taxClass: string) =>
      (await all((cursor) => t().ports.inventory.exportItems({ cursor, limit: 500 }))).find(
        (i) => i.taxClass === taxClass && !i.discontinued && i.sku !== 'ATP-DEMO-1',
      )!.sku;
    /** The largest one-line HOOLI order of `sku` that fits its headroom and the one a unit larger, which is held (probes cancelled). */
    const boundary = async (sku: string) => {
      const probe = async (quantity: number) => {
        const { order } = await create('HOOLI', [{ sku, quantity }]);
        await cancelAll(order);
        return order;
      };
      let fits = await probe(await unitsFor('HOOLI', sku, 300 / (await limitOf('HOOLI'))));
      let held = await probe(await unitsFor('HOOLI', sku, 1.5));
      expect([fits.status, held.holdReason]).toEqual(['CONFIRMED', 'CREDIT_LIMIT_EXCEEDED']);
      while (held.lines[0]!.quantity - fits.lines[0]!.quantity > 1) {
        const mid = await probe(Math.floor((held.lines[0]!.quantity + fits.lines[0]!.quantity) / 2));
        if (mid.status === 'CONFIRMED') fits = mid;
        else held = mid;
      }
      return { fits, held };
    };

    it('counts a new order once: one line or two lines of the same value get the same credit decision', async (ctx) => {
      if (!t().cancelReleasesCredit) return ctx.skip(t().needsControl('a cancelled sale stays in the credit amount'));
      const fits = await largestFit('ACME', 'BRG-0004');
      const half = await unitsFor('ACME', 'BRG-0004', fits.share / 2);
      const { order: two } = await create('ACME', [
        { sku: 'BRG-0004', quantity: half },
        { sku: 'BRG-0004', quantity: half },
      ]);
      await cancelAll(two);
      expect(Math.abs(Number(two.netTotal) - Number(fits.order.netTotal)) / Number(fits.order.netTotal)).toBeLessThan(0.01);
      expect(two).toMatchObject({ status: 'CONFIRMED', holdReason: null });
    });

    it('of two orders checked at the same moment, only one uses the headroom', async (ctx) => {
      if (!t().cancelReleasesCredit) return ctx.skip(t().needsControl('a cancelled sale stays in the credit amount'));
      // Two items: nothing else (their stock) makes the two orders wait for each other.
      const skus = ['BRG-0004', 'VLV-0005'];
      const { share } = await largestFit('ACME', 'BRG-0004');
      const units = await Promise.all(skus.map((sku) => unitsFor('ACME', sku, share)));
      const both = await Promise.all(skus.map((sku, i) => create('ACME', [{ sku, quantity: units[i]! }])));
      for (const { order } of both) await cancelAll(order);
      expect(both.map((b) => b.order.status).sort()).toEqual(['CONFIRMED', 'ON_HOLD']);
    });

    it('counts an order as it will be invoiced: tax puts it over the limit, the header discount under it', async (ctx) => {
      if (!t().cancelReleasesCredit) return ctx.skip(t().needsControl('a cancelled sale stays in the credit amount'));
      // HOOLI ships to Germany: standard items pay 19 % tax, exempt ones none; 2 % off from 1,000.00 net.
      const taxed = await boundary(await taxSkuOf('STANDARD'));
      const exempt = await boundary(await taxSkuOf('EXEMPT'));
      expect(new Decimal(taxed.fits.tax!).gt(0) && new Decimal(exempt.fits.tax!).isZero()).toBe(true);
      expect(new Decimal(exempt.fits.headerDiscount!).gt(0)).toBe(true);
      // The headroom lies between what the fitting order counts and what the held one does; counted as
      // invoiced (net − header discount + freight + tax), both items agree on where it is.
      const low = Decimal.max(taxed.fits.total!, exempt.fits.total!);
      const high = Decimal.min(taxed.held.total!, exempt.held.total!);
      expect(low.toNumber()).toBeLessThan(high.toNumber());
      // Its net alone would have fitted the held taxed order: the tax put it over.
      expect(Number(taxed.held.netTotal)).toBeLessThan(low.toNumber());
      // Its net alone would have held the fitting exempt order: the header discount kept it under.
      expect(new Decimal(exempt.fits.netTotal).plus(exempt.fits.freight).toNumber()).toBeGreaterThanOrEqual(high.toNumber());
    });

    it('checks credit again when the warehouse is about to ship: a grown exposure holds the delivery', async (ctx) => {
      if (!t().admin) return ctx.skip(t().needsControl('no business clock'));
      const admin = t().admin!;
      // A fits; B does not and is held, then released by a credit clerk (it ships: a person decided).
      const unitsA = await unitsFor('GLOBEX', 'BRG-0004', 0.45);
      const unitsB = await unitsFor('GLOBEX', 'BRG-0004', 0.6);
      const { order: a } = await create('GLOBEX', [{ sku: 'BRG-0004', quantity: unitsA }]);
      const { order: b } = await create('GLOBEX', [{ sku: 'BRG-0004', quantity: unitsB }]);
      try {
        expect(a.status).toBe('CONFIRMED');
        expect(b).toMatchObject({ status: 'ON_HOLD', holdReason: 'CREDIT_LIMIT_EXCEEDED' });
        await t().ports.orders.releaseCreditHold(b.number, 'credit clerk');
        let state: ErpSalesOrder | null = a;
        for (let day = 0; day < 20 && state?.status === 'CONFIRMED'; day++) {
          await admin.advance({ days: 1 });
          state = await t().ports.orders.getSalesOrder(a.number);
        }
        // A is due to ship, but A and B together are over the limit: A waits on credit hold, nothing shipped.
        expect(state).toMatchObject({ status: 'ON_HOLD', holdReason: 'CREDIT_LIMIT_EXCEEDED', deliveries: [] });
        expect(state!.lines[0]!.shippedQuantity).toBe(0);
        // B, released by a person, is not held again.
        expect((await t().ports.orders.getSalesOrder(b.number))!.holdReason).toBeNull();
      } finally {
        await cancelAll((await t().ports.orders.getSalesOrder(a.number))!);
        await cancelAll((await t().ports.orders.getSalesOrder(b.number))!);
      }
    });

    it('checks credit again before shipping with the orders counted as invoiced, tax included', async (ctx) => {
      if (!t().admin) return ctx.skip(t().needsControl('no business clock'));
      if (!t().cancelReleasesCredit) return ctx.skip(t().needsControl('a cancelled sale stays in the credit amount'));
      const admin = t().admin!;
      const sku = await taxSkuOf('STANDARD');
      const { fits, held } = await boundary(sku);
      // Together one unit more than the held order: their nets fit the headroom, their totals do not.
      const units = held.lines[0]!.quantity + 1;
      const { order: a } = await create('HOOLI', [{ sku, quantity: Math.ceil(units / 2) }]);
      const { order: b } = await create('HOOLI', [{ sku, quantity: Math.floor(units / 2) }]);
      try {
        expect(Number(a.netTotal) + Number(b.netTotal)).toBeLessThan(Number(fits.total));
        expect(a.status).toBe('CONFIRMED');
        expect(b.holdReason).toBe('CREDIT_LIMIT_EXCEEDED');
        await t().ports.orders.releaseCreditHold(b.number, 'credit clerk');
        let state: ErpSalesOrder | null = a;
        for (let day = 0; day < 30 && state?.status === 'CONFIRMED'; day++) {
          await admin.advance({ days: 1 });
          state = await t().ports.orders.getSalesOrder(a.number);
        }
        // Due to ship, A with B (released, counted with its tax) is over the limit: A waits, nothing shipped.
        expect(state).toMatchObject({ status: 'ON_HOLD', holdReason: 'CREDIT_LIMIT_EXCEEDED', deliveries: [] });
      } finally {
        await cancelAll((await t().ports.orders.getSalesOrder(a.number))!);
        await cancelAll((await t().ports.orders.getSalesOrder(b.number))!);
      }
    });

    it('cancelling a line keeps the ordered quantity and records the cancelled quantity', async () => {
      const { order } = await create('ACME', [{ sku: 'BOLT-0001', quantity: 4 }]);
      const cancelled = await t().ports.orders.cancelLine(order.number, order.lines[0]!.lineNo);
      expect(cancelled.status).toBe('CANCELLED');
      expect(cancelled.lines[0]).toMatchObject({ status: 'CANCELLED', quantity: 4, cancelledQuantity: 4, shippedQuantity: 0 });
      expect((await t().ports.orders.getSalesOrder(order.number))!.lines[0]).toMatchObject({ quantity: 4, cancelledQuantity: 4 });
    });

    it('cancelling the rest of a partly shipped line keeps the ordered quantity; amounts follow what shipped', async (ctx) => {
      if (!t().admin) return ctx.skip(t().needsControl('no business clock'));
      const admin = t().admin!;
      const { order } = await create('ACME', [
        { sku: 'BOLT-0001', quantity: 10 },
        { sku: 'BRG-0004', quantity: 1 },
      ]);
      try {
        await admin.setStock('BOLT-0001', 'WH-US', 7); // the shelf holds 7 of the 10 promised
        let s: ErpSalesOrder | null = order;
        for (let day = 0; day < 10 && s?.lines[0]!.shippedQuantity !== 7; day++) {
          await admin.advance({ days: 1 });
          s = await t().ports.orders.getSalesOrder(order.number);
        }
        expect(s!.lines[0]!.shippedQuantity).toBe(7);
        const after = await t().ports.orders.cancelLine(order.number, 10);
        const line = after.lines[0]!;
        expect(line).toMatchObject({ quantity: 10, shippedQuantity: 7, cancelledQuantity: 3, status: 'SHIPPED' });
        // The line's amount is what its 7 units were billed; the order's total is its lines' amounts.
        const invoices = await Promise.all(after.invoices.map((n) => t().ports.invoices.getInvoice(n)));
        const cents = (x: string) => Math.round(Number(x) * 100);
        const billedLine = invoices.flatMap((i) => i!.lines).filter((l) => l.lineNo === 10);
        expect(cents(line.netAmount)).toBe(billedLine.reduce((t, l) => t + cents(l.amount), 0));
        expect(cents(line.netAmount)).toBeLessThan(cents(order.lines[0]!.netAmount));
        expect(cents(after.netTotal)).toBe(after.lines.reduce((t, l) => t + cents(l.netAmount), 0));
        expect(after.status).toBe('COMPLETED'); // line 20 shipped, line 10 shipped what remains of it
        const billed = invoices.reduce((t, i) => t + cents(i!.total), 0);
        expect(billed).toBe(cents(after.netTotal) + cents(after.freight));
        // Cancelling it again is refused, nothing changes.
        await expect(t().ports.orders.cancelLine(order.number, 10)).rejects.toMatchObject({ status: 409 });
      } finally {
        await admin.setStock('BOLT-0001', 'WH-US', 5000);
      }
    });

    it('credits an invoice line at most for what it billed, counting earlier credits', async (ctx) => {
      if (!t().admin) return ctx.skip(t().needsControl('credit notes are not capped per invoice line'));
      const admin = t().admin!;
      const { order } = await create('ACME', [{ sku: 'BRG-0004', quantity: 1 }]);
      let s: ErpSalesOrder | null = order;
      for (let day = 0; day < 10 && !s?.invoices.length; day++) {
        await admin.advance({ days: 1 });
        s = await t().ports.orders.getSalesOrder(order.number);
      }
      const invoice = (await t().ports.invoices.getInvoice(s!.invoices[0]!))!;
      const line = invoice.lines.find((l) => l.sku === 'BRG-0004')!;
      expect(line.quantity).toBe(1);
      await admin.issueCreditMemo(invoice.number, 'PRICE_DISPUTE', [{ lineNo: line.lineNo, quantity: 1 }]);
      const before = (await t().ports.invoices.getInvoice(invoice.number))!;
      // Billed for 1, credited for 1: a second and a third credit of that line are refused, nothing changes.
      for (let k = 0; k < 2; k++)
        await expect(admin.issueCreditMemo(invoice.number, 'RETURN', [{ lineNo: line.lineNo, quantity: 1 }])).rejects.toThrow(
          /422 BAD_QUANTITY/,
        );
      expect(await t().ports.invoices.getInvoice(invoice.number)).toEqual(before);
      const memos = (await all((cursor) => t().ports.invoices.exportCreditMemos({ cursor, limit: 500 }))).filter(
        (m) => m.invoiceNumber === invoice.number,
      );
      expect(memos).toHaveLength(1);
    });

    it('a return is received into stock and credited by a memo that names it; returns are capped per line', async (ctx) => {
      if (!t().admin) return ctx.skip(t().needsControl('no business clock'));
      const admin = t().admin!;
      const onHand = async () =>
        (await t().ports.inventory.checkAvailability('ACME', [{ lineId: '1', sku: 'BOLT-0001', quantity: 1 }])).lines[0]!.onHandHint;
      const { order } = await create('ACME', [{ sku: 'BOLT-0001', quantity: 3 }]);
      let s: ErpSalesOrder | null = order;
      for (let day = 0; day < 10 && !s?.invoices.length; day++) {
        await admin.advance({ days: 1 });
        s = await t().ports.orders.getSalesOrder(order.number);
      }
      const invoice = (await t().ports.invoices.getInvoice(s!.invoices[0]!))!;
      const line = invoice.lines.find((l) => l.sku === 'BOLT-0001')!;
      const stockBefore = await onHand();
      const memo = await admin.issueCreditMemo(invoice.number, 'RETURN', [{ lineNo: line.lineNo, quantity: 2 }]);
      expect(memo.returnNumber).toBeTruthy();
      expect(memo.lines.map((l) => [l.lineNo, l.sku, l.quantity])).toEqual([[line.lineNo, 'BOLT-0001', 2]]);
      // Goods receipt: the two units are back on hand where they shipped from.
      expect(await onHand()).toBe(stockBefore + 2);
      const exported = (await all((cursor) => t().ports.invoices.exportCreditMemos({ cursor, limit: 500 }))).find(
        (m) => m.number === memo.number,
      );
      expect(exported).toMatchObject({ reason: 'RETURN', returnNumber: memo.returnNumber, invoiceNumber: invoice.number });
      // Billed 3, returned 2: a return of 2 more is refused, and nothing is received.
      await expect(admin.issueCreditMemo(invoice.number, 'RETURN', [{ lineNo: line.lineNo, quantity: 2 }])).rejects.toThrow(
        /422 BAD_QUANTITY/,
      );
      expect(await onHand()).toBe(stockBefore + 2);
      // The last unit returned twice at the same moment: one return is received and credited, the other refused.
      const both = await Promise.allSettled(
        [0, 1].map(() => admin.issueCreditMemo(invoice.number, 'RETURN', [{ lineNo: line.lineNo, quantity: 1 }])),
      );
      const made = both.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      expect(made).toHaveLength(1);
      expect(both.find((r) => r.status === 'rejected')).toMatchObject({
        reason: expect.objectContaining({ message: expect.stringMatching(/422 BAD_QUANTITY/) }),
      });
      expect(made[0]!.returnNumber).not.toBe(memo.returnNumber);
      expect(await onHand()).toBe(stockBefore + 3);
    });

    it("reads a customer's credit balance in its currency; an unknown customer is a typed 404", async () => {
      const acme = await t().ports.invoices.creditBalance('ACME');
      expect(acme).toMatchObject({ accountId: 'ACME', currency: 'USD' });
      expect(Number(acme.amount)).toBeGreaterThanOrEqual(0);
      await expect(t().ports.invoices.creditBalance('NOPE')).rejects.toMatchObject({ status: 404, code: 'UNKNOWN_CUSTOMER' });
    });

    it('a credit beyond what an invoice still owes becomes credit the customer holds, applied to the next invoice', async (ctx) => {
      if (!t().admin) return ctx.skip(t().needsControl('payments are not read'));
      const admin = t().admin!;
      const cents = (x: string) => Math.round(Number(x) * 100);
      const shipAndBill = async (lines: { sku: string; quantity: number }[]) => {
        const { order } = await create('GLOBEX', lines);
        let s: ErpSalesOrder | null = order;
        for (let day = 0; day < 10 && !s?.invoices.length; day++) {
          await admin.advance({ days: 1 });
          s = await t().ports.orders.getSalesOrder(order.number);
        }
        return (await t().ports.invoices.getInvoice(s!.invoices[0]!))!;
      };
      const held = cents((await t().ports.invoices.creditBalance('GLOBEX')).amount);
      const invoice = await shipAndBill([{ sku: 'BRG-0004', quantity: 2 }]);
      const line = invoice.lines.find((l) => l.sku === 'BRG-0004')!;
      // Paid all but 5.00, then 20.00 credited: 5.00 settles the invoice, 15.00 is the customer's.
      const paid = ((cents(invoice.balance) - 500) / 100).toFixed(2);
      await admin.receivePayment(invoice.number, paid);
      await admin.issueCreditMemo(invoice.number, 'PRICE_DISPUTE', [{ lineNo: line.lineNo, amount: '20.00' }]);
      expect(await t().ports.invoices.getInvoice(invoice.number)).toMatchObject({ status: 'PAID', balance: '0.00' });
      const balance = await t().ports.invoices.creditBalance('GLOBEX');
      expect(balance.currency).toBe('EUR');
      expect(cents(balance.amount) - held).toBe(1500);
      // The next invoice starts 15.00 lower; the credit is used up.
      const next = await shipAndBill([{ sku: 'BRG-0004', quantity: 1 }]);
      expect(cents(next.balance)).toBe(cents(next.total) - 1500 - held);
      expect(cents((await t().ports.invoices.creditBalance('GLOBEX')).amount)).toBe(0);
      await expect(t().ports.invoices.creditBalance('NOPE')).rejects.toMatchObject({ status: 404 });
    });

    it('a confirmation at lead time holds no stock on hand: a later small order is promised from it', async (ctx) => {
      if (!t().cancelReleasesCredit) return ctx.skip(t().needsControl('a lead-time confirmation is planned as moves'));
      const check = async (quantity: number) =>
        (await t().ports.inventory.checkAvailability('GLOBEX', [{ lineId: '1', sku: 'ATP-DEMO-1', quantity }])).lines[0]!;
      const small = await check(10);
      const big = await check(1000); // complete delivery, more than any supply: confirmed at lead time
      expect(big.scheduleLines.map((l) => l.basis)).toEqual(['LEAD_TIME']);
      const { order: a } = await create('GLOBEX', [{ sku: 'ATP-DEMO-1', quantity: 1000 }]);
      try {
        expect(a.lines[0]!.scheduleLines.map((l) => [l.deliveryDate, l.basis])).toEqual(
          big.scheduleLines.map((l) => [l.deliveryDate, l.basis]),
        );
        // B for 10 is promised as before A: from what is there, not at A's lead time.
        const after = await check(10);
        expect(after.scheduleLines.map((l) => [l.deliveryDate, l.quantity, l.basis])).toEqual(
          small.scheduleLines.map((l) => [l.deliveryDate, l.quantity, l.basis]),
        );
        expect(after.scheduleLines[0]!.deliveryDate < big.scheduleLines[0]!.deliveryDate).toBe(true);
      } finally {
        await t().ports.orders.cancelLine(a.number, a.lines[0]!.lineNo);
      }
    });
  });
}
