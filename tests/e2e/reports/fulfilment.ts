/**
 * Reports e2e: fulfilment — on-time delivery per account against the ERP's deliveries and its
 * confirmed and requested dates, and promise accuracy (ATP dates promised at submit against the
 * ERP's first confirmation).
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ErpDelivery } from '@portal/erp/port';
import { waitFor } from '@portal/testkit';
import { allPages } from '../../support/erp.js';
import { stack, today, addDays, daysBetween, erp, analyst, run } from './support.js';

export function defineFulfilmentTests(): void {
  describe('fulfilment: on-time delivery and promise accuracy', () => {
    it('on-time delivery per account matches the ERP’s deliveries against its confirmed and requested dates', async () => {
      const range = { from: addDays(today, -60), to: today };
      const [orders, deliveries, warehouses] = await Promise.all([
        allPages((cursor) => erp().orders.exportSalesOrders({ cursor, limit: 500 })),
        allPages((cursor) => erp().orders.exportDeliveries({ cursor, limit: 500 })),
        erp().inventory.warehouses(),
      ]);
      // A delivery's day is the delivering warehouse's (Chicago's evening is already tomorrow in UTC).
      const zones = new Map(warehouses.map((w) => [w.id, w.timeZone]));
      const localDay = (instant: string, warehouseId: string) =>
        new Intl.DateTimeFormat('en-CA', {
          timeZone: zones.get(warehouseId) ?? 'UTC',
          year: 'numeric',
          month: '2-digit',
          day: '2-digit',
        }).format(new Date(instant));
      const byNumber = new Map(orders.map((o) => [o.number, o]));
      const shippedSoFar = new Map<string, number>();
      const expected = new Map<
        string,
        { delivered: number; confirmed: number; onTime: number; requested: number; onTimeReq: number; late: number[] }
      >();
      const sorted = [...deliveries].sort((a, b) => a.shippedAt.localeCompare(b.shippedAt) || a.number.localeCompare(b.number));
      for (const d of sorted as ErpDelivery[]) {
        const order = byNumber.get(d.orderNumber)!;
        for (const l of d.lines) {
          const key = `${order.number}:${l.lineNo}`;
          const cum = (shippedSoFar.get(key) ?? 0) + l.quantity;
          shippedSoFar.set(key, cum);
          if (d.status !== 'DELIVERED' || !d.deliveredAt) continue;
          const on = localDay(d.deliveredAt, d.warehouseId);
          if (on < range.from || on > range.to) continue;
          const schedule = [...order.lines.find((x) => x.lineNo === l.lineNo)!.scheduleLines].sort((a, b) =>
            a.deliveryDate.localeCompare(b.deliveryDate),
          );
          let acc = 0;
          const covering = schedule.find((s) => (acc += s.quantity) >= cum);
          const confirmed = covering?.deliveryDate ?? schedule.at(-1)?.deliveryDate ?? null;
          const g = expected.get(order.accountId) ?? { delivered: 0, confirmed: 0, onTime: 0, requested: 0, onTimeReq: 0, late: [] };
          g.delivered += 1;
          if (confirmed) {
            g.confirmed += 1;
            if (on <= confirmed) g.onTime += 1;
            else g.late.push(daysBetween(confirmed, on));
          }
          if (order.requestedDeliveryDate) {
            g.requested += 1;
            if (on <= order.requestedDeliveryDate) g.onTimeReq += 1;
          }
          expected.set(order.accountId, g);
        }
      }
      expect([...expected.values()].reduce((n, g) => n + g.delivered, 0)).toBeGreaterThan(0);
      const r = (
        await run(
          `query($r: ReportRange) { fulfilmentReport(range: $r) {
            perAccount: onTimeDelivery(perAccount: true) { periodStart account { id } deliveredLines confirmedLines onTimeVsConfirmed
              onTimeVsConfirmedRate requestedLines onTimeVsRequested onTimeVsRequestedRate averageDaysLate }
            overall: onTimeDelivery { deliveredLines onTimeVsConfirmed }
            weekly: onTimeDelivery(interval: WEEK) { periodStart deliveredLines } } }`,
          analyst(),
          { r: range },
        )
      ).fulfilmentReport;
      const shown = r.perAccount.map(
        (x: any) =>
          `${x.account.id}|${x.deliveredLines}|${x.confirmedLines}|${x.onTimeVsConfirmed}|${x.requestedLines}|${x.onTimeVsRequested}|${x.averageDaysLate}|${x.onTimeVsConfirmedRate}`,
      );
      expect(shown.sort()).toEqual(
        [...expected.entries()]
          .map(
            ([id, g]) =>
              `${id}|${g.delivered}|${g.confirmed}|${g.onTime}|${g.requested}|${g.onTimeReq}|${g.late.length ? Math.round((g.late.reduce((a, b) => a + b, 0) / g.late.length) * 100) / 100 : null}|${g.confirmed ? Math.round((g.onTime / g.confirmed) * 10_000) / 10_000 : null}`,
          )
          .sort(),
      );
      for (const x of r.perAccount) expect(x.periodStart).toBeNull();
      expect(r.overall).toHaveLength(1);
      expect(r.overall[0].deliveredLines).toBe(r.perAccount.reduce((n: number, x: any) => n + x.deliveredLines, 0));
      expect(r.weekly.reduce((n: number, x: any) => n + x.deliveredLines, 0)).toBe(r.overall[0].deliveredLines);
    });

    it('promise accuracy: the ATP dates promised at submit against the ERP’s first confirmation', async () => {
      const buyer = stack.token('ACME', 'buyer');
      const cartId = (await run(`mutation { createCart { ... on Cart { id } } }`, buyer)).createCart.id as string;
      await run(`mutation($c: ID!, $l: [CartLineInput!]!) { addCartLines(cartId: $c, lines: $l) { __typename } }`, buyer, {
        c: cartId,
        l: [
          { sku: 'ATP-DEMO-1', quantity: 50 },
          { sku: 'BOLT-0001', quantity: 3 },
        ],
      });
      const quoteId = (await run(`query($c: ID!) { cart(id: $c) { quote { id } } }`, buyer, { c: cartId })).cart.quote.id;
      const submitted = (
        await run(`mutation($i: SubmitCartInput!) { submitCart(input: $i) { __typename ... on OrderSubmitted { order { id } } } }`, buyer, {
          i: { cartId, idempotencyKey: randomUUID(), acceptedQuoteId: quoteId },
        })
      ).submitCart;
      expect(submitted.__typename).toBe('OrderSubmitted');
      const timeline = await waitFor(
        async () => {
          const t = (
            await run(
              `query($id: ID!) { order(id: $id) { timeline { type ... on AvailabilityCheckEvent { lines { sku atpDate } }
                ... on OrderTimelineEvent { lines { sku scheduleLines { date } } } } } }`,
              buyer,
              { id: submitted.order.id },
            )
          ).order.timeline as { type: string; lines?: { sku: string; atpDate?: string | null; scheduleLines?: { date: string }[] }[] }[];
          return t.some((e) => e.type === 'order.acknowledged') ? t : null;
        },
        { timeoutMs: 30_000, intervalMs: 200 },
      );
      const promised = timeline.find((e) => e.type === 'availability.checked')!.lines!.filter((l) => l.atpDate);
      const ack = timeline.find((e) => e.type === 'order.acknowledged')!.lines!;
      const deviations = promised.map((p) => {
        const confirmed = ack
          .find((l) => l.sku === p.sku)!
          .scheduleLines!.map((s) => s.date)
          .sort()
          .at(-1)!;
        return daysBetween(p.atpDate!, confirmed);
      });
      expect(promised.length).toBe(2);
      const r = (
        await run(
          `query($r: ReportRange, $ids: [ID!]) { fulfilmentReport(range: $r, accountIds: $ids) {
            promiseAccuracy(interval: DAY, perAccount: true) { periodStart account { id } promisedLines confirmedLines heldLines heldRate averageDeviationDays } } }`,
          analyst(),
          { r: { from: today, to: today }, ids: ['ACME'] },
        )
      ).fulfilmentReport.promiseAccuracy;
      const held = deviations.filter((d) => d <= 0).length;
      expect(r).toEqual([
        {
          periodStart: today,
          account: { id: 'ACME' },
          promisedLines: 2,
          confirmedLines: 2,
          heldLines: held,
          heldRate: held / 2,
          averageDeviationDays: deviations.reduce((a, b) => a + b, 0) / 2,
        },
      ]);
      // Orders placed in the ERP directly carry no promise: GLOBEX has none.
      const globex = await run(
        `query($r: ReportRange) { fulfilmentReport(range: $r, accountIds: ["GLOBEX"]) { promiseAccuracy { promisedLines } } }`,
        analyst(),
        {
          r: { from: addDays(today, -60), to: today },
        },
      );
      expect(globex.fulfilmentReport.promiseAccuracy).toEqual([]);
    });
  });
}
