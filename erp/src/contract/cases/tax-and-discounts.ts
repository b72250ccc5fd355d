/**
 * Contract cases on tax, header discounts and the minimum order value, on the demo's tax account
 * (HOOLI: ships to Germany, 2 % off from 1,000.00 net, minimum order value 150.00 EUR): the
 * simulation's tax lines follow from its lines (tax per line, rounded per line, summed per rate),
 * the created order carries exactly what was simulated, an order below the minimum is refused and
 * leaves nothing, and the invoices bill the order's header discount and tax exactly.
 *
 * A case needing what an ERP cannot express is skipped with the entry of docs/erp.md that says so.
 */
import { describe, expect, it } from 'vitest';
import { Decimal } from '@portal/platform/money';
import type { ReferenceErpAdmin } from '../../port/reference-admin.js';
import type { DocumentPrice, ErpItem, ErpPorts, ErpSalesOrder } from '../../port/types.js';
import { all } from './support.js';

export interface TaxTarget {
  ports: ErpPorts;
  admin?: ReferenceErpAdmin;
  /** false: the adapter does not map tax (per ship-to country and item tax class). */
  tax: boolean;
  /** false: the ERP has no header discounts and no minimum order value. */
  headerDiscounts: boolean;
  /** Why a case cannot run on this ERP, naming the docs entry. */
  unsupported: (entry: string) => string;
}

const ACCOUNT = 'HOOLI';
let seq = 0;
const newKey = (label: string) => `tax-${label}-${Date.now().toString(36)}-${++seq}`;

const sum = (values: (string | undefined)[]) => values.reduce((s, v) => s.plus(v ?? 0), new Decimal(0));

/** The tax a line pays by the rule (its base × rate, rounded half up to cents), from the simulation's own line facts. */
function expectedTax(doc: DocumentPrice): Map<string, string> {
  return new Map(
    doc.lineTaxes.map((t) => [
      t.lineId,
      t.rate === null ? '0.00' : new Decimal(t.base).mul(t.rate).div(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2),
    ]),
  );
}

export function defineTaxCases(target: () => TaxTarget): void {
  describe('tax, header discounts and the minimum order value', () => {
    const t = () => target();
    let items: ErpItem[] = [];
    const skuOf = async (taxClass: string) => {
      if (!items.length) items = await all((cursor) => t().ports.inventory.exportItems({ cursor, limit: 500 }));
      const item = items.find((i) => i.taxClass === taxClass && !i.discontinued && i.sku !== 'ATP-DEMO-1');
      if (!item) throw new Error(`no ${taxClass} item`);
      return item.sku;
    };

    /** Places an order of the tax account with a fresh idempotency key. */
    const place = async (label: string, lines: { sku: string; quantity: number }[]) => {
      const key = newKey(label);
      return (await t().ports.orders.createSalesOrder({ portalOrderId: `p-${key}`, accountId: ACCOUNT, lines }, key)).order;
    };
    /** Moves the business clock a day at a time until the order is completed (shipped and billed). */
    const complete = async (order: ErpSalesOrder) => {
      let state = order;
      for (let day = 0; day < 40 && state.status !== 'COMPLETED'; day++) {
        await t().admin!.advance({ days: 1 });
        state = (await t().ports.orders.getSalesOrder(order.number))!;
      }
      expect(state.status).toBe('COMPLETED');
      return state;
    };

    it('taxes per line at the ship-to country’s rate for the item’s tax class; tax lines per rate; total includes tax', async (ctx) => {
      if (!t().tax) return ctx.skip(t().unsupported('no tax'));
      const [standard, reduced, exempt] = [await skuOf('STANDARD'), await skuOf('REDUCED'), await skuOf('EXEMPT')];
      const doc = await t().ports.pricing.simulate(ACCOUNT, [
        { lineId: '10', sku: standard, quantity: 3 },
        { lineId: '20', sku: reduced, quantity: 2 },
        { lineId: '30', sku: exempt, quantity: 1 },
      ]);
      expect(doc.errors).toEqual([]);
      expect(doc.lineTaxes.map((l) => [l.lineId, l.taxClass, l.rate])).toEqual([
        ['10', 'STANDARD', '19'],
        ['20', 'REDUCED', '7'],
        ['30', 'EXEMPT', '0'],
      ]);
      const want = expectedTax(doc);
      for (const l of doc.lineTaxes) expect(l.amount).toBe(want.get(l.lineId));
      expect(doc.taxLines.map((l) => l.rate)).toEqual(['19', '7', '0']);
      for (const tl of doc.taxLines) {
        const lines = doc.lineTaxes.filter((l) => l.rate === tl.rate);
        expect(tl.base).toBe(sum(lines.map((l) => l.base)).toFixed(2));
        expect(tl.amount).toBe(sum(lines.map((l) => l.amount)).toFixed(2));
      }
      const totals = doc.totals;
      expect(totals.tax).toBe(sum(doc.taxLines.map((l) => l.amount)).toFixed(2));
      expect(totals.total).toBe(new Decimal(totals.net).minus(totals.headerDiscount).plus(totals.freight).plus(totals.tax).toFixed(2));
      expect(new Decimal(totals.tax).gt(0)).toBe(true);

      // An account without a ship-to country (ACME) pays no tax: its totals are as they were.
      const acme = await t().ports.pricing.simulate('ACME', [{ lineId: '10', sku: standard, quantity: 3 }]);
      expect([acme.totals.tax, acme.taxLines]).toEqual(['0.00', []]);
      expect(acme.totals.total).toBe(new Decimal(acme.totals.net).plus(acme.totals.freight).toFixed(2));
    });

    it('a header discount from 1,000.00 net is split over the lines and lowers the tax base; the order keeps what was simulated', async (ctx) => {
      if (!t().tax) return ctx.skip(t().unsupported('no tax'));
      if (!t().headerDiscounts) return ctx.skip(t().unsupported('header discounts, minimum order value'));
      const [standard, reduced] = [await skuOf('STANDARD'), await skuOf('REDUCED')];
      const unit = async (sku: string) =>
        new Decimal((await t().ports.pricing.simulate(ACCOUNT, [{ lineId: 'p', sku, quantity: 1 }])).lines[0]!.unitPrice);
      const quantity = Decimal.max(1, new Decimal(700).div(await unit(standard)).ceil()).toNumber();
      const lines = [
        { sku: standard, quantity },
        { sku: reduced, quantity: Decimal.max(1, new Decimal(400).div(await unit(reduced)).ceil()).toNumber() },
      ];
      const doc = await t().ports.pricing.simulate(
        ACCOUNT,
        lines.map((l, i) => ({ lineId: String((i + 1) * 10), ...l })),
      );
      expect(new Decimal(doc.totals.net).gte(1000)).toBe(true);
      const expected = new Decimal(doc.totals.net).mul(2).div(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
      expect(doc.totals.headerDiscount).toBe(expected.toFixed(2));
      expect(doc.header.find((c) => c.conditionType === 'HD00')).toMatchObject({
        type: 'DISCOUNT',
        rate: '2',
        amount: expected.neg().toFixed(2),
      });
      expect(sum(doc.lineTaxes.map((l) => l.headerDiscount)).toFixed(2)).toBe(doc.totals.headerDiscount);
      for (const l of doc.lineTaxes) {
        const line = doc.lines.find((x) => x.lineId === l.lineId)!;
        expect(l.base).toBe(new Decimal(line.netAmount).minus(l.headerDiscount).toFixed(2));
      }
      const want = expectedTax(doc);
      for (const l of doc.lineTaxes) expect(l.amount).toBe(want.get(l.lineId));

      const key = newKey('discount');
      const { order } = await t().ports.orders.createSalesOrder({ portalOrderId: `p-${key}`, accountId: ACCOUNT, lines }, key);
      expect(order).toMatchObject({
        netTotal: doc.totals.net,
        freight: doc.totals.freight,
        headerDiscount: doc.totals.headerDiscount,
        tax: doc.totals.tax,
        total: doc.totals.total,
        taxLines: doc.taxLines,
      });
      expect(order.lines.map((l) => [l.headerDiscount, l.taxAmount])).toEqual(doc.lineTaxes.map((l) => [l.headerDiscount, l.amount]));
      // Read back, not only as created.
      expect(await t().ports.orders.getSalesOrder(order.number)).toMatchObject({ tax: doc.totals.tax, total: doc.totals.total });
    });

    it('cancelling a line of a taxed order takes its tax and its share of the header discount out of the order', async (ctx) => {
      if (!t().tax) return ctx.skip(t().unsupported('no tax'));
      if (!t().headerDiscounts) return ctx.skip(t().unsupported('header discounts, minimum order value'));
      const [standard, reduced] = [await skuOf('STANDARD'), await skuOf('REDUCED')];
      const order = await place('cancel', [
        { sku: standard, quantity: 30 },
        { sku: reduced, quantity: 30 },
      ]);
      expect(order.taxLines!.map((l) => l.rate)).toEqual(['19', '7']);
      const [kept, cancelled] = order.lines;
      const after = await t().ports.orders.cancelLine(order.number, cancelled!.lineNo);
      // What remains is the kept line: its net, its share of the header discount, its tax.
      expect(after).toMatchObject({ headerDiscount: kept!.headerDiscount, tax: kept!.taxAmount });
      expect(after.taxLines).toEqual([
        expect.objectContaining({
          rate: '19',
          base: new Decimal(kept!.netAmount).minus(kept!.headerDiscount!).toFixed(2),
          amount: kept!.taxAmount,
        }),
      ]);
      expect(after.total).toBe(new Decimal(after.netTotal).minus(after.headerDiscount!).plus(after.freight).plus(after.tax!).toFixed(2));
    });

    it('refuses an order below the account’s minimum order value and creates nothing', async (ctx) => {
      if (!t().headerDiscounts) return ctx.skip(t().unsupported('header discounts, minimum order value'));
      await skuOf('STANDARD');
      const candidates = items.filter((i) => i.taxClass === 'STANDARD' && !i.discontinued).slice(0, 20);
      const probe = await t().ports.pricing.simulate(
        ACCOUNT,
        candidates.map((i) => ({ lineId: i.sku, sku: i.sku, quantity: 1 })),
      );
      // One unit of an item priced under the minimum (150.00 EUR).
      const standard = probe.lines.find((l) => new Decimal(l.netAmount).lt(150))!.sku;
      const key = newKey('mov');
      await expect(
        t().ports.orders.createSalesOrder({ portalOrderId: `p-${key}`, accountId: ACCOUNT, lines: [{ sku: standard, quantity: 1 }] }, key),
      ).rejects.toMatchObject({ status: 422, code: 'MINIMUM_ORDER_VALUE_NOT_MET' });
      expect(await t().ports.orders.findSalesOrderByPortalId(`p-${key}`)).toBeNull();
      // The minimum is on the goods (net after header discounts): tax and freight do not lift an order over it.
      const account = (await all((cursor) => t().ports.orders.exportAccounts({ cursor, limit: 50 }))).find((a) => a.id === ACCOUNT)!;
      expect(account).toMatchObject({ shipToCountry: 'DE', minimumOrderValue: '150.00' });
    });

    it('invoices bill the order’s header discount and tax exactly, with tax lines per rate', async (ctx) => {
      if (!t().tax) return ctx.skip(t().unsupported('no tax'));
      if (!t().headerDiscounts) return ctx.skip(t().unsupported('header discounts, minimum order value'));
      if (!t().admin) return ctx.skip(t().unsupported('no business clock'));
      const [standard, reduced] = [await skuOf('STANDARD'), await skuOf('REDUCED')];
      const order = await place('invoice', [
        { sku: standard, quantity: 40 },
        { sku: reduced, quantity: 30 },
      ]);
      const state = await complete(order);
      const invoices = (await Promise.all(state.invoices.map((n) => t().ports.invoices.getInvoice(n)))).map((i) => i!);
      expect(invoices.length).toBeGreaterThan(0);
      expect(sum(invoices.map((i) => i.tax)).toFixed(2)).toBe(order.tax);
      expect(sum(invoices.map((i) => i.headerDiscount)).toFixed(2)).toBe(order.headerDiscount);
      expect(sum(invoices.map((i) => i.total)).toFixed(2)).toBe(order.total);
      for (const inv of invoices) {
        expect(inv.total).toBe(
          sum(inv.lines.map((l) => l.amount))
            .minus(inv.headerDiscount ?? 0)
            .plus(inv.tax ?? 0)
            .toFixed(2),
        );
        expect(sum(inv.taxLines!.map((l) => l.amount)).toFixed(2)).toBe(inv.tax);
      }
      expect([...new Set(invoices.flatMap((i) => i.taxLines!.map((l) => l.rate)))].sort()).toEqual(['19', '7']);
    });

    it('a credit memo reverses the credited units’ tax and header-discount share; crediting a whole line reverses exactly what it billed', async (ctx) => {
      if (!t().tax) return ctx.skip(t().unsupported('no tax'));
      if (!t().headerDiscounts) return ctx.skip(t().unsupported('header discounts, minimum order value'));
      if (!t().admin) return ctx.skip(t().unsupported('no business clock'));
      const standard = await skuOf('STANDARD');
      const unitPrice = new Decimal(
        (await t().ports.pricing.simulate(ACCOUNT, [{ lineId: 'p', sku: standard, quantity: 1 }])).lines[0]!.unitPrice,
      );
      // Over the header-discount threshold, so the line carries a share of it as well as tax.
      const quantity = Decimal.max(3, new Decimal(1200).div(unitPrice).ceil()).toNumber();
      const state = await complete(await place('credit', [{ sku: standard, quantity }]));
      // The invoice that billed the most units of the line.
      const invoices = (await Promise.all(state.invoices.map((n) => t().ports.invoices.getInvoice(n)))).map((i) => i!);
      const inv = invoices
        .filter((i) => i.lines.some((l) => l.sku === standard && l.quantity > 1))
        .sort((a, b) => b.lines.find((l) => l.sku === standard)!.quantity - a.lines.find((l) => l.sku === standard)!.quantity)[0]!;
      const billed = inv.lines.find((l) => l.sku === standard)!;
      expect(new Decimal(billed.tax!).gt(0)).toBe(true);
      expect(new Decimal(billed.headerDiscount!).gt(0)).toBe(true);

      // One unit: its part of the line's share and tax, rounded to cents.
      const one = await t().admin!.issueCreditMemo(inv.number, 'RETURN', [{ lineNo: billed.lineNo, quantity: 1 }]);
      const part = (v: string) => new Decimal(v).div(billed.quantity).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
      expect(one.lines[0]).toMatchObject({ quantity: 1, headerDiscount: part(billed.headerDiscount!), tax: part(billed.tax!) });
      expect(one.total).toBe(new Decimal(one.lines[0]!.amount).minus(one.headerDiscount!).plus(one.tax!).toFixed(2));
      expect(one.taxLines).toEqual([expect.objectContaining({ rate: billed.taxRate, amount: one.tax })]);
      const afterOne = (await t().ports.invoices.getInvoice(inv.number))!;
      expect(afterOne.balance).toBe(new Decimal(inv.balance).minus(one.total).toFixed(2));

      // The rest of the line: together the two memos reverse exactly the line's share and tax.
      const rest = await t().admin!.issueCreditMemo(inv.number, 'RETURN', [{ lineNo: billed.lineNo, quantity: billed.quantity - 1 }]);
      expect(new Decimal(one.tax!).plus(rest.tax!).toFixed(2)).toBe(billed.tax);
      expect(new Decimal(one.headerDiscount!).plus(rest.headerDiscount!).toFixed(2)).toBe(billed.headerDiscount);
      const afterRest = (await t().ports.invoices.getInvoice(inv.number))!;
      expect(afterRest.balance).toBe(new Decimal(afterOne.balance).minus(rest.total).toFixed(2));
      // Nothing of the line is left to credit.
      await expect(t().admin!.issueCreditMemo(inv.number, 'RETURN', [{ lineNo: billed.lineNo, quantity: 1 }])).rejects.toThrow(
        /422 BAD_QUANTITY/,
      );
    });
  });
}
