/**
 * Contract cases on an order's document flow, what the portal rebuilds the history of an order it
 * meets late from: the order's recorded states (each named as the change feed names the same
 * change), its deliveries with tracking, its invoices and credit memos; and the facts read from
 * them (`documentFlowFacts`) — each dated by its document, in the order they happened, each under
 * its own stable key.
 */
import { describe, expect, it } from 'vitest';
import { documentFlowFacts, orderFactKey } from '../../port/order-history.js';
import type { ErpChangeEvent, ErpPorts } from '../../port/types.js';
import type { ErpSteering } from './tryton-realism.js';

export interface DocumentFlowTarget {
  ports: ErpPorts;
  steering?: ErpSteering;
  /** How long a change may take to reach the change feed. */
  feedLagMs: number;
}

let seq = 0;
const newKey = (label: string) => `flow-${label}-${Date.now().toString(36)}-${++seq}`;

export function defineDocumentFlowCases(target: () => DocumentFlowTarget): void {
  describe('document flow: the history of an order, fact by fact', () => {
    const t = () => target();

    it('an unknown order has no document flow', async () => {
      expect(await t().ports.orders.documentFlow('NO-SUCH-ORDER-0000')).toBeNull();
    });

    it('a shipped, billed and credited order: each document once, dated by itself, in order, named as the feed names it', async (ctx) => {
      const steering = t().steering;
      if (!steering) return ctx.skip('this target cannot ship or credit on demand');
      const cursor = await t().ports.events.head();
      const key = newKey('ACME');
      const { order } = await t().ports.orders.createSalesOrder(
        {
          portalOrderId: `p-${key}`,
          accountId: 'ACME',
          lines: [
            { sku: 'BRG-0004', quantity: 1 },
            { sku: 'BOLT-0001', quantity: 3 },
          ],
        },
        key,
      );
      await steering.shipNext(order.number);
      const shipped = (await t().ports.orders.getSalesOrder(order.number))!;
      const invoice = (await t().ports.invoices.getInvoice(shipped.invoices[0]!))!;
      const memoNumber = await steering.creditInvoiceLine(invoice.number, invoice.lines.find((l) => l.sku === 'BOLT-0001')!.lineNo, 1);

      const flow = (await t().ports.orders.documentFlow(order.number))!;
      expect(flow.order).toMatchObject({ number: order.number, portalOrderId: order.portalOrderId, accountId: 'ACME' });
      expect(flow.versions.length).toBeGreaterThanOrEqual(1);
      const stamps = flow.versions.map((v) => Date.parse(v.at));
      expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
      expect(flow.versions.at(-1)!.status).toBe(shipped.status);
      expect(flow.deliveries.map((d) => d.number)).toEqual(shipped.deliveries);
      expect(flow.deliveries[0]).toMatchObject({ orderNumber: order.number });
      expect(flow.deliveries[0]!.trackingNumber).toBeTruthy();
      expect(flow.invoices.map((i) => i.number)).toEqual(shipped.invoices);
      expect(flow.creditMemos.map((c) => [c.number, c.invoiceNumber])).toEqual([[memoNumber, invoice.number]]);

      const facts = documentFlowFacts(flow);
      const kinds = facts.map((f) => f.type);
      expect(kinds[0]).toBe('order.created');
      for (const k of ['order.confirmed', 'shipment.shipped', 'invoice.posted', 'credit_memo.issued'] as const) expect(kinds).toContain(k);
      expect(kinds.filter((k) => k === 'order.confirmed')).toHaveLength(1); // one confirmation, however often the order changed after
      expect(new Set(facts.map((f) => f.key)).size).toBe(facts.length);
      const times = facts.map((f) => f.occurredAt);
      expect(times).toEqual([...times].sort());
      // Each fact is dated by its document; billing is never before what it bills.
      const delivery = flow.deliveries[0]!;
      const shippedFact = facts.find((f) => f.type === 'shipment.shipped')!;
      expect(shippedFact).toMatchObject({
        key: orderFactKey.shipped(delivery.number),
        occurredAt: new Date(delivery.shippedAt).toISOString(),
      });
      const posted = facts.find((f) => f.type === 'invoice.posted')!;
      expect(posted.key).toBe(orderFactKey.invoicePosted(invoice.number));
      expect(posted.occurredAt.slice(0, 10)).toBe(invoice.issuedAt.slice(0, 10));
      expect(posted.occurredAt >= shippedFact.occurredAt || !flow.invoices[0]!.deliveryNumber).toBe(true);
      expect(facts.find((f) => f.type === 'credit_memo.issued')!.key).toBe(orderFactKey.creditMemo(memoNumber));
      expect(facts[0]).toMatchObject({
        key: orderFactKey.acknowledged(order.portalOrderId),
        occurredAt: new Date(order.placedAt).toISOString(),
      });

      // The latest recorded state is named as the change feed names the change that made it.
      const last = flow.versions.at(-1)!.id;
      const until = Date.now() + t().feedLagMs + 20_000;
      const seen: ErpChangeEvent[] = [];
      for (let after = cursor; Date.now() < until && !seen.some((e) => e.id === last);) {
        const page = await t().ports.events.poll(after, { limit: 1000, waitMs: 2_000 + t().feedLagMs });
        seen.push(...page.events.filter((e) => e.key === order.number && e.type.startsWith('order.')));
        after = page.nextCursor;
      }
      expect(seen.map((e) => e.id)).toContain(last);
    });
  });
}
