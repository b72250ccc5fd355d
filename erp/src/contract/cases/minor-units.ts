/**
 * Contract cases on amounts in the currency's minor units (ISO 4217): an account that buys in yen
 * is priced, ordered, invoiced (also for a partial delivery) and credited in whole yen — a unit
 * price may have fractions of a yen, an amount never — and an entered amount with more places than
 * its currency has is refused, nothing changed.
 *
 * The yen account is the seed's account in JPY; an ERP whose seed has none skips, naming the entry
 * of docs/erp.md ("What Tryton cannot express") that says why.
 */
import { describe, expect, it } from 'vitest';
import { Decimal } from '@portal/platform/money';
import type { ReferenceErpAdmin } from '../../port/reference-admin.js';
import type { ErpAccount, ErpPorts, ErpSalesOrder } from '../../port/types.js';
import { all } from './support.js';

export interface MinorUnitsTarget {
  ports: ErpPorts;
  admin?: ReferenceErpAdmin;
  /** Why a case cannot run without the reference ERP's control interface, naming the docs entry. */
  needsControl: (entry: string) => string;
}

/** A whole number of yen: no decimal point at all, as the ERP writes a JPY amount. */
const YEN = /^-?\d+$/;
let seq = 0;

export function defineMinorUnitsCases(target: () => MinorUnitsTarget): void {
  describe('amounts in the currency’s minor units (ISO 4217)', () => {
    const t = () => target();
    let yen: ErpAccount | undefined;
    const yenAccount = async () =>
      (yen ??= (await all((cursor) => t().ports.orders.exportAccounts({ cursor, limit: 100 }))).find((a) => a.currency === 'JPY'));
    const noYen = 'docs/erp.md, "What Tryton cannot express": no yen account in the seed';

    it('prices a yen account in whole yen: lines, components and totals', async (ctx) => {
      const account = await yenAccount();
      if (!account) return ctx.skip(noYen);
      expect(account.creditLimit).toMatch(YEN);
      const doc = await t().ports.pricing.simulate(account.id, [
        { lineId: '1', sku: 'BOLT-0001', quantity: 10 },
        { lineId: '2', sku: 'BRG-0004', quantity: 1 },
      ]);
      expect(doc.currency).toBe('JPY');
      // An ERP that holds the account but cannot price in yen (Tryton without a yen rate) says so per line.
      if (doc.lines.length === 0 && doc.errors.every((e) => e.code === 'NO_PRICE')) return ctx.skip(noYen);
      expect(doc.lines).toHaveLength(2);
      for (const l of doc.lines) {
        expect(l.netAmount).toMatch(YEN);
        expect(l.grossAmount).toMatch(YEN);
        for (const c of l.components) expect(c.amount).toMatch(YEN);
      }
      for (const v of Object.values(doc.totals)) if (typeof v === 'string') expect(v).toMatch(YEN);
      // 10 × 32.35 = 323.5: rounded half up once, on the line — not 323.50.
      const bolt = doc.lines.find((l) => l.sku === 'BOLT-0001')!;
      expect(bolt.netAmount).toBe('324');
      expect(Number(bolt.unitPrice)).toBeCloseTo(32.4, 4);
    });

    it('orders, invoices a partial delivery and the rest, and credits in whole yen; refuses a fraction of a yen', async (ctx) => {
      const account = await yenAccount();
      if (!account) return ctx.skip(noYen);
      if (!t().admin) return ctx.skip(t().needsControl('no business clock'));
      const admin = t().admin!;
      // Orders of earlier cases still waiting for BOLT-0001 there ship first, so the short shelf
      // below is this order's alone.
      await admin.setStock('BOLT-0001', account.defaultWarehouse, 5000);
      await admin.advance({ days: 2 });
      const key = `minor-units-${Date.now().toString(36)}-${++seq}`;
      const { order } = await t().ports.orders.createSalesOrder(
        { portalOrderId: `p-${key}`, accountId: account.id, lines: [{ sku: 'BOLT-0001', quantity: 10 }] },
        key,
      );
      const amounts = (o: ErpSalesOrder) => [o.netTotal, o.freight, ...o.lines.map((l) => l.netAmount)];
      expect(order.currency).toBe('JPY');
      for (const a of amounts(order)) expect(a).toMatch(YEN);
      expect(order.lines[0]!.netAmount).toBe('324');
      const warehouse = order.warehouseId;
      await admin.setStock('BOLT-0001', warehouse, 7); // 7 of the 10 ship first
      try {
        let s: ErpSalesOrder | null = order;
        for (let day = 0; day < 10 && !s?.invoices.length; day++) {
          await admin.advance({ days: 1 });
          s = await t().ports.orders.getSalesOrder(order.number);
        }
        // Seven on the shelf: a partial delivery (fewer if another order still took some).
        const first7 = s!.lines[0]!.shippedQuantity;
        expect(first7).toBeGreaterThanOrEqual(3);
        expect(first7).toBeLessThanOrEqual(7);
        await admin.setStock('BOLT-0001', warehouse, 5000);
        for (let day = 0; day < 10 && s?.status !== 'COMPLETED'; day++) {
          await admin.advance({ days: 1 });
          s = await t().ports.orders.getSalesOrder(order.number);
        }
        expect(s!.status).toBe('COMPLETED');
        const invoices = (await Promise.all(s!.invoices.map((n) => t().ports.invoices.getInvoice(n)))).map((i) => i!);
        expect(invoices.length).toBeGreaterThanOrEqual(2);
        for (const i of invoices) {
          expect(i.currency).toBe('JPY');
          for (const a of [i.total, i.balance, ...i.lines.map((l) => l.amount)]) expect(a).toMatch(YEN);
        }
        // 7 × 32.4 = 226.8 → 227 for the first delivery; the last bills the rest, 324 in all.
        const billed = invoices.flatMap((i) => i.lines).filter((l) => l.sku === 'BOLT-0001');
        const firstAmount = new Decimal('32.4').mul(first7).toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
        expect(billed.map((l) => l.amount)).toEqual([firstAmount.toFixed(0), new Decimal(324).minus(firstAmount).toFixed(0)]);
        expect(invoices.reduce((sum, i) => sum + Number(i.total), 0)).toBe(Number(s!.netTotal) + Number(s!.freight));

        // A fraction of a yen is no amount: a payment or a credit of 10.5 JPY is refused, nothing changes.
        const first = invoices[0]!;
        await expect(admin.receivePayment(first.number, '10.5')).rejects.toThrow(/422 BAD_AMOUNT/);
        const line = first.lines.find((l) => l.sku === 'BOLT-0001')!;
        await expect(admin.issueCreditMemo(first.number, 'GOODWILL', [{ lineNo: line.lineNo, amount: '10.5' }])).rejects.toThrow(
          /422 BAD_AMOUNT/,
        );
        expect(await t().ports.invoices.getInvoice(first.number)).toEqual(first);
        // A return of 3 units is credited at the unit price, rounded to the yen: 3 × 32.4 = 97.2 → 97.
        const memo = await admin.issueCreditMemo(first.number, 'RETURN', [{ lineNo: line.lineNo, quantity: 3 }]);
        expect(memo.total).toBe('97');
        const after = (await t().ports.invoices.getInvoice(first.number))!;
        expect(after.balance).toMatch(YEN);
        expect(Number(after.balance)).toBe(Number(first.balance) - 97);
        await admin.receivePayment(first.number, after.balance);
        expect((await t().ports.invoices.getInvoice(first.number))!.status).toBe('PAID');
      } finally {
        await admin.setStock('BOLT-0001', warehouse, 5000);
      }
    });
  });
}
