/**
 * Contract case on requested dates: one rule — a line's own requested date, else the order's —
 * for the availability check the portal shows in the cart and re-checks at submit, and for the
 * ERP's own scheduling when it confirms the order. The line chosen is the worked example's item,
 * whose promise differs visibly by date (30 + 20 for an early date, all 50 at once for a late one),
 * so an ERP that scheduled by the order's date instead of the line's would fail here.
 */
import { describe, expect, it } from 'vitest';
import type { AvailabilityAnswer, ErpPorts, ErpSalesOrder } from '../../port/types.js';
import { workingDay } from './support.js';

export interface RequestedDatesTarget {
  ports: ErpPorts;
  businessDate: string;
}

const promiseOf = (a: Pick<AvailabilityAnswer, 'scheduleLines'>) =>
  a.scheduleLines.map((s) => ({ deliveryDate: s.deliveryDate, quantity: s.quantity }));
const scheduleOf = (l: ErpSalesOrder['lines'][number]) =>
  l.scheduleLines.map((s) => ({ deliveryDate: s.deliveryDate, quantity: s.quantity }));

let seq = 0;

export function defineRequestedDateCases(target: () => RequestedDatesTarget): void {
  describe('requested dates: the line’s own, else the order’s', () => {
    it('a line-level date differs from the order’s: the ERP schedules by the line’s; the check and the confirmation agree', async () => {
      const t = target();
      const d0 = workingDay(t.businessDate, 0);
      const early = workingDay(d0, 1);
      const header = workingDay(d0, 15);
      // What the cart shows and the submit re-checks: each line asked for at its own date, else the order's.
      const byRule = await t.ports.inventory.checkAvailability('ACME', [
        { lineId: '1', sku: 'ATP-DEMO-1', quantity: 50, requestedDeliveryDate: early },
        { lineId: '2', sku: 'BOLT-0001', quantity: 2, requestedDeliveryDate: header },
      ]);
      // The same line asked for at the order's date is promised otherwise: the case can tell them apart.
      const byHeader = await t.ports.inventory.checkAvailability('ACME', [
        { lineId: '1', sku: 'ATP-DEMO-1', quantity: 50, requestedDeliveryDate: header },
      ]);
      expect(promiseOf(byRule.lines[0]!)).not.toEqual(promiseOf(byHeader.lines[0]!));
      expect(byRule.lines[1]!.scheduleLines.map((s) => s.deliveryDate)).toEqual([header]);

      // One order per line, so that either ERP can cancel it whole afterwards (Tryton cancels a sale, not one of its lines).
      const create = async (line: { sku: string; quantity: number; requestedDeliveryDate?: string }) => {
        const key = `requested-dates-${Date.now().toString(36)}-${++seq}`;
        const input = { portalOrderId: `p-${key}`, accountId: 'ACME', requestedDeliveryDate: header, lines: [line] };
        return (await t.ports.orders.createSalesOrder(input, key)).order;
      };
      const orders: ErpSalesOrder[] = [];
      try {
        orders.push(await create({ sku: 'ATP-DEMO-1', quantity: 50, requestedDeliveryDate: early }));
        orders.push(await create({ sku: 'BOLT-0001', quantity: 2 }));
        expect(orders.map((o) => o.requestedDeliveryDate)).toEqual([header, header]);
        expect(orders.map((o) => o.lines[0]!.requestedDeliveryDate ?? null)).toEqual([early, null]);
        // The ERP's confirmation is the promise the check made by the same rule.
        expect(orders.map((o) => scheduleOf(o.lines[0]!))).toEqual(byRule.lines.map(promiseOf));
        const read = await Promise.all(orders.map((o) => t.ports.orders.getSalesOrder(o.number)));
        expect(read.map((o) => scheduleOf(o!.lines[0]!))).toEqual(byRule.lines.map(promiseOf));
      } finally {
        for (const o of orders) await t.ports.orders.cancelLine(o.number, o.lines[0]!.lineNo);
      }
    });
  });
}
