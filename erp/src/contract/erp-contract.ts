/**
 * The ERP contract suite: what the portal relies on from an ERP, written once against the ports
 * and run against every adapter (the reference ERP and Tryton 6.0). Cases that need to steer
 * the ERP (business clock, faults, stock) use the optional control interface and are skipped for
 * ERPs that do not offer it. What an ERP cannot express is a capability (`capabilities`): the
 * case then checks the behaviour the portal gets instead (docs/erp.md, "What Tryton cannot express").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReferenceErpAdmin } from '../port/reference-admin.js';
import { ErpRequestError, ErpUnavailableError, type ErpPorts } from '../port/types.js';
import { defineCreditAndReturnCases } from './cases/credit-and-returns.js';
import { defineDocumentFlowCases } from './cases/document-flow.js';
import { defineMinorUnitsCases } from './cases/minor-units.js';
import { defineFulfilmentAndFeedCases } from './cases/fulfilment-and-feed.js';
import { defineRealismCases, type ErpSteering } from './cases/tryton-realism.js';
import { defineRequestedDateCases } from './cases/requested-dates.js';
import { all, workingDay } from './cases/support.js';
import { defineTaxCases } from './cases/tax-and-discounts.js';

export { workingDay } from './cases/support.js';

/** What an ERP can express. Every capability defaults to true (the reference ERP has them all). */
export interface ErpCapabilities {
  /** The seed replays order history: every status, deliveries, invoices, a credit memo. */
  history: boolean;
  /** Freight and customer-wide percent discounts as their own price components (header conditions). */
  headerConditions: boolean;
  /** Proposes the successor of a discontinued item on the order (else it refuses the item: ITEM_DISCONTINUED). */
  substitution: boolean;
  /** Deliveries carry a carrier tracking URL. */
  trackingUrls: boolean;
  /** The content type invoice documents are rendered in. */
  documentContentType: string;
  /** How long a change takes at most to appear on the change feed (0: written with the change; a polling adapter: its settle window). */
  feedLagMs: number;
  /** Cancelling an order's lines takes their value out of the customer's credit exposure. */
  cancelReleasesCredit: boolean;
  /** Tax per ship-to country and item tax class, on prices, orders, invoices and credit memos. */
  tax: boolean;
  /** Header discounts (a percentage of the order's net from a value) and a minimum order value. */
  headerDiscounts: boolean;
}

const ALL_CAPABILITIES: ErpCapabilities = {
  history: true,
  headerConditions: true,
  substitution: true,
  trackingUrls: true,
  documentContentType: 'application/pdf',
  feedLagMs: 0,
  cancelReleasesCredit: true,
  tax: true,
  headerDiscounts: true,
};

export interface ErpContractTarget {
  ports: ErpPorts;
  /** Steering (reference ERP only). */
  admin?: ReferenceErpAdmin;
  capabilities?: Partial<ErpCapabilities>;
  /** Shipping, entering orders and crediting invoices in the ERP itself, as its users would (cases/tryton-realism.ts). */
  steering?: ErpSteering;
  /** For an ERP without a business clock: ships what an order needs and posts its invoices, as its users would. */
  fulfil?: (orderNumber: string) => Promise<void>;
  /** The same ERP behind ports with a (short) timeout, to force a timeout on order creation. */
  portsWithTimeout?: (timeoutMs: number) => ErpPorts;
  /** The seed's business date (d0 of the ATP worked example is its first working day). */
  businessDate: string;
  close(): Promise<void>;
}

let keySeq = 0;
const newKey = (label: string) => `contract-${label}-${Date.now().toString(36)}-${++keySeq}`;

export function defineErpContract(name: string, setup: () => Promise<ErpContractTarget>): void {
  describe(`ERP contract: ${name}`, () => {
    let t: ErpContractTarget;
    beforeAll(async () => {
      t = await setup();
    });
    afterAll(async () => {
      await t?.close();
    });
    const can = (c: keyof ErpCapabilities) => ({ ...ALL_CAPABILITIES, ...t.capabilities })[c];
    /** Why a case cannot run without the reference ERP's control interface: the entry of docs/erp.md that says so. */
    const needsControl = (entry: string) =>
      `needs the reference ERP's control interface — docs/erp.md, "What Tryton cannot express": ${entry}`;
    const order = (accountId: string, lines: { sku: string; quantity: number }[], key = newKey(accountId)) =>
      t.ports.orders.createSalesOrder({ portalOrderId: `p-${key}`, accountId, lines }, key);

    describe('master data and exports', () => {
      it('exports items page by page with a resumable cursor, the same as in one page', async () => {
        const small = await all((cursor) => t.ports.inventory.exportItems({ cursor, limit: 37 }), 37);
        const big = await all((cursor) => t.ports.inventory.exportItems({ cursor, limit: 1000 }));
        expect(small.map((i) => i.sku)).toEqual(big.map((i) => i.sku));
        expect(new Set(big.map((i) => i.sku)).size).toBe(big.length);
        expect(big.length).toBeGreaterThanOrEqual(200);
        const demo = big.find((i) => i.sku === 'ATP-DEMO-1');
        expect(demo).toMatchObject({ uom: 'EA', leadTimeDays: 10, discontinued: false });
        const discontinued = big.find((i) => i.discontinued);
        expect(discontinued?.successorSku).toBeTruthy();
      });

      it('refuses a cursor it did not issue', async () => {
        await expect(t.ports.inventory.exportItems({ cursor: 'not-a-cursor', limit: 5 })).rejects.toMatchObject({
          status: 400,
          code: 'BAD_CURSOR',
        });
      });

      it('exports accounts with their portal contacts, warehouses and condition records', async () => {
        const accounts = await all((cursor) => t.ports.orders.exportAccounts({ cursor, limit: 2 }));
        const acme = accounts.find((a) => a.id === 'ACME')!;
        expect(acme).toMatchObject({ currency: 'USD', tier: 'GOLD', partialDelivery: true, defaultWarehouse: 'WH-US' });
        expect(acme.contacts.map((c) => c.role).sort()).toEqual(['admin', 'analyst', 'approver', 'buyer']);
        expect(accounts.find((a) => a.id === 'GLOBEX')).toMatchObject({ currency: 'EUR', partialDelivery: false });
        const warehouses = await t.ports.inventory.warehouses();
        expect(warehouses.map((w) => w.id).sort()).toEqual(['WH-EU', 'WH-US']);
        const conditions = await all((cursor) => t.ports.pricing.exportConditions({ cursor, limit: 500 }));
        expect(conditions.length).toBeGreaterThan(400);
        for (const c of conditions.slice(0, 50)) expect(c.version).toBeGreaterThanOrEqual(1);
        expect(conditions.find((c) => c.id === 'PR00-K-ACME-BOLT-0001')).toMatchObject({
          access: 'CUSTOMER_ITEM',
          accountId: 'ACME',
          contractId: 'K-ACME-2026',
        });
      });

      it('has history in every order status, with deliveries, invoices and a credit memo', async (ctx) => {
        if (!can('history'))
          return ctx.skip(
            'this ERP is seeded without order history — docs/erp.md, "What Tryton cannot express": no order history in the seed',
          );
        const orders = await all((cursor) => t.ports.orders.exportSalesOrders({ cursor, limit: 10 }));
        const statuses = new Set(orders.map((o) => o.status));
        for (const s of ['CONFIRMED', 'IN_FULFILLMENT', 'PARTIALLY_SHIPPED', 'COMPLETED', 'ON_HOLD', 'CANCELLED'])
          expect(statuses, s).toContain(s);
        const deliveries = await all((cursor) => t.ports.orders.exportDeliveries({ cursor, limit: 100 }));
        expect(deliveries.length).toBeGreaterThan(0);
        if (can('trackingUrls')) expect(deliveries[0]!.trackingUrl).toMatch(/^https:\/\//);
        const invoices = await all((cursor) => t.ports.invoices.exportInvoices({ cursor, limit: 100 }));
        const memos = await all((cursor) => t.ports.invoices.exportCreditMemos({ cursor, limit: 100 }));
        expect(invoices.length).toBeGreaterThan(0);
        expect(memos.length).toBeGreaterThan(0);
        expect(invoices.map((i) => i.number)).toContain(memos[0]!.invoiceNumber);
        // Document flow: every invoice's order lists it.
        const byNumber = new Map(orders.map((o) => [o.number, o]));
        for (const inv of invoices) expect(byNumber.get(inv.orderNumber)?.invoices).toContain(inv.number);
      });
    });

    describe('pricing', () => {
      it('simulates a cart: contract scales, price list, tier, freight; nothing is saved', async () => {
        const sim = await t.ports.pricing.simulate('ACME', [
          { lineId: 'a', sku: 'BOLT-0001', quantity: 99 },
          { lineId: 'b', sku: 'BOLT-0001', quantity: 100 },
          { lineId: 'c', sku: 'BRG-0004', quantity: 1 },
          { lineId: 'd', sku: 'VLV-0005', quantity: 1 },
        ]);
        const [a, b, c, d] = sim.lines;
        expect(sim.currency).toBe('USD');
        expect(a!.basis).toMatchObject({ source: 'CONTRACT', contractId: 'K-ACME-2026', tierMinQuantity: 1 });
        expect(b!.basis.tierMinQuantity).toBe(100);
        expect(Number(b!.unitPrice)).toBeLessThan(Number(a!.unitPrice));
        expect(c!.basis).toMatchObject({ source: 'PRICE_LIST', priceListId: 'PL-US-DIST' });
        expect(d!.basis.source).toBe('TIER');
        expect(Number(sim.totals.freight)).toBe(0); // over the free-freight threshold
        const small = await t.ports.pricing.simulate('ACME', [{ lineId: 'x', sku: 'BRG-0004', quantity: 1 }]);
        // Without header conditions there is no freight: the portal shows 0.00 and none is billed.
        if (Number(small.totals.net) < 500) expect(small.totals.freight).toBe(can('headerConditions') ? '25.00' : '0.00');
        const again = await t.ports.pricing.simulate('ACME', [{ lineId: 'a', sku: 'BOLT-0001', quantity: 99 }]);
        expect(again.lines[0]!.netAmount).toBe(a!.netAmount);
      });

      it('prices in the account currency with its discounts, and reports unpriced lines as errors', async () => {
        const sim = await t.ports.pricing.simulate('GLOBEX', [
          { lineId: 'a', sku: 'BOLT-0001', quantity: 2 },
          { lineId: 'z', sku: 'NO-SUCH-SKU', quantity: 1 },
        ]);
        expect(sim.currency).toBe('EUR');
        expect(sim.lines[0]!.components.map((c) => c.conditionType)).toEqual(can('headerConditions') ? ['PR00', 'K007'] : ['PR00']);
        expect(sim.errors).toEqual([expect.objectContaining({ lineId: 'z', code: 'NO_PRICE' })]);
      });

      it('gives the volume ladder of an item for an account', async () => {
        const tiers = await t.ports.pricing.tiers('ACME', 'BOLT-0001');
        expect(tiers.map((x) => x.minQuantity)).toEqual([1, 100, 500]);
        expect(Number(tiers[2]!.unitPrice)).toBeLessThan(Number(tiers[0]!.unitPrice));
      });

      it('refuses an unknown account with a typed error', async () => {
        await expect(t.ports.pricing.simulate('NOPE', [{ lineId: 'a', sku: 'BOLT-0001', quantity: 1 }])).rejects.toMatchObject({
          status: 404,
          code: 'UNKNOWN_CUSTOMER',
        });
      });
    });

    describe('availability', () => {
      it('reproduces the worked example: 30 at once + 20 on d5 (partial), 50 on d5 (complete)', async () => {
        const d0 = workingDay(t.businessDate, 0);
        const partial = (await t.ports.inventory.checkAvailability('ACME', [{ lineId: '1', sku: 'ATP-DEMO-1', quantity: 50 }])).lines[0]!;
        expect(partial.status).toBe('PARTIAL');
        expect(partial.scheduleLines.map((l) => [l.availableDate, l.quantity])).toEqual([
          [d0, 30],
          [workingDay(d0, 5), 20],
        ]);
        expect(partial.onHandHint).toBe(100);
        const complete = (await t.ports.inventory.checkAvailability('GLOBEX', [{ lineId: '1', sku: 'ATP-DEMO-1', quantity: 50 }]))
          .lines[0]!;
        expect(complete.scheduleLines.map((l) => [l.availableDate, l.quantity])).toEqual([[workingDay(d0, 5), 50]]);
        expect(complete.warehouse).toBe('WH-EU');
      });

      it('answers 200 lines in one call, in order', async () => {
        const items = (await t.ports.inventory.exportItems({ limit: 200 })).items;
        const lines = items.map((i, k) => ({ lineId: `l${k}`, sku: i.sku, quantity: 1 + (k % 7) }));
        const answer = await t.ports.inventory.checkAvailability('ACME', lines);
        expect(answer.lines.map((l) => l.lineId)).toEqual(lines.map((l) => l.lineId));
        for (const l of answer.lines) expect(l.promisedQuantity).toBe(lines.find((x) => x.lineId === l.lineId)!.quantity);
      });

      it('refuses unknown SKUs', async () => {
        await expect(t.ports.inventory.checkAvailability('ACME', [{ lineId: '1', sku: 'NOPE-1', quantity: 1 }])).rejects.toMatchObject({
          status: 422,
          code: 'UNKNOWN_ITEM',
        });
      });
    });

    describe('sales orders', () => {
      it('creates an order once per idempotency key and replays it', async () => {
        const key = newKey('replay');
        const input = { portalOrderId: `p-${key}`, accountId: 'ACME', lines: [{ sku: 'BOLT-0001', quantity: 5 }] };
        const first = await t.ports.orders.createSalesOrder(input, key);
        expect(first.replayed).toBe(false);
        expect(first.order).toMatchObject({ status: 'CONFIRMED', accountId: 'ACME', portalOrderId: input.portalOrderId });
        expect(first.order.lines[0]!.scheduleLines.reduce((s, l) => s + l.quantity, 0)).toBe(5);
        const second = await t.ports.orders.createSalesOrder(input, key);
        expect(second).toEqual({ order: first.order, replayed: true });
        expect(await t.ports.orders.findSalesOrderByPortalId(input.portalOrderId)).toMatchObject({ number: first.order.number });
      });

      it('refuses the same key with a different payload', async () => {
        const key = newKey('reuse');
        await t.ports.orders.createSalesOrder(
          { portalOrderId: `p-${key}`, accountId: 'ACME', lines: [{ sku: 'BOLT-0001', quantity: 1 }] },
          key,
        );
        const err = await t.ports.orders
          .createSalesOrder({ portalOrderId: `p-${key}`, accountId: 'ACME', lines: [{ sku: 'BOLT-0001', quantity: 2 }] }, key)
          .catch((e: unknown) => e);
        expect(err).toBeInstanceOf(ErpRequestError);
        expect(err).toMatchObject({ status: 422, code: 'IDEMPOTENCY_KEY_REUSED' });
      });

      it('100 concurrent creates with one key make exactly one order', async () => {
        const key = newKey('storm');
        const input = { portalOrderId: `p-${key}`, accountId: 'ACME', lines: [{ sku: 'NUT-0002', quantity: 3 }] };
        const results = await Promise.all(Array.from({ length: 100 }, () => t.ports.orders.createSalesOrder(input, key)));
        const numbers = new Set(results.map((r) => r.order.number));
        expect(numbers.size).toBe(1);
        expect(results.filter((r) => !r.replayed)).toHaveLength(1);
        const orders = await all((cursor) => t.ports.orders.exportSalesOrders({ cursor, limit: 1000 }));
        expect(orders.filter((o) => o.portalOrderId === input.portalOrderId)).toHaveLength(1);
      });

      it('puts an order over the credit limit on credit hold, and releases it', async () => {
        const { order: held } = await order('INITECH', [{ sku: 'PMP-0010', quantity: 20_000 }]);
        expect(held).toMatchObject({ status: 'ON_HOLD', holdReason: 'CREDIT_LIMIT_EXCEEDED' });
        const released = await t.ports.orders.releaseCreditHold(held.number, 'contract-test');
        expect(released).toMatchObject({ status: 'CONFIRMED', holdReason: null });
      });

      it('proposes the successor of a discontinued item, and confirms it when accepted', async () => {
        if (!can('substitution')) {
          // The portal's cart refuses discontinued items up front (DiscontinuedItem with the successor); the ERP refuses them too.
          await expect(order('ACME', [{ sku: 'FLT-0008', quantity: 4 }])).rejects.toMatchObject({ status: 422, code: 'ITEM_DISCONTINUED' });
          return;
        }
        const { order: o } = await order('ACME', [{ sku: 'FLT-0008', quantity: 4 }]);
        expect(o.lines[0]).toMatchObject({ status: 'SUBSTITUTION_PROPOSED', proposedSku: 'FLT-0018', confirmedQuantity: 0 });
        const accepted = await t.ports.orders.acceptSubstitution(o.number, o.lines[0]!.lineNo);
        expect(accepted.lines[0]).toMatchObject({ sku: 'FLT-0018', status: 'CONFIRMED', confirmedQuantity: 4, proposedSku: null });
      });

      it('consumes ATP when confirming and releases it when a line is cancelled', async () => {
        // What can be promised at once for 30 units of the worked-example item.
        const atOnce = async () =>
          (await t.ports.inventory.checkAvailability('ACME', [{ lineId: '1', sku: 'ATP-DEMO-1', quantity: 30 }])).lines[0]!
            .scheduleLines[0]!.quantity;
        expect(await atOnce()).toBe(30);
        const { order: o } = await order('ACME', [{ sku: 'ATP-DEMO-1', quantity: 10 }]);
        expect(o.lines[0]!.confirmedQuantity).toBe(10);
        expect(await atOnce()).toBe(20);
        const cancelled = await t.ports.orders.cancelLine(o.number, o.lines[0]!.lineNo);
        expect(cancelled.status).toBe('CANCELLED');
        expect(await atOnce()).toBe(30);
      });

      it('a retry after a timed-out create returns the first order: one order in the ERP', async (ctx) => {
        if (!t.portsWithTimeout) return ctx.skip('no short-timeout ports for this target (reference: see reference-http.e2e.ts)');
        const key = newKey('timeout');
        const input = { portalOrderId: `p-${key}`, accountId: 'ACME', lines: [{ sku: 'BOLT-0001', quantity: 2 }] };
        await expect(t.portsWithTimeout(1).orders.createSalesOrder(input, key)).rejects.toBeInstanceOf(ErpUnavailableError);
        const retry = await t.ports.orders.createSalesOrder(input, key);
        const again = await t.ports.orders.createSalesOrder(input, key);
        expect(again).toEqual({ order: retry.order, replayed: true });
        const orders = await all((cursor) => t.ports.orders.exportSalesOrders({ cursor, limit: 1000 }));
        expect(orders.filter((o) => o.portalOrderId === input.portalOrderId)).toHaveLength(1);
      });

      it('refuses unknown SKUs and bad input with typed errors, creating nothing', async () => {
        const key = newKey('bad');
        await expect(
          t.ports.orders.createSalesOrder({ portalOrderId: `p-${key}`, accountId: 'ACME', lines: [{ sku: 'NOPE', quantity: 1 }] }, key),
        ).rejects.toMatchObject({ status: 422, code: 'UNKNOWN_ITEM' });
        await expect(
          t.ports.orders.createSalesOrder(
            { portalOrderId: `p-${key}`, accountId: 'ACME', lines: [{ sku: 'BOLT-0001', quantity: 0 }] },
            key,
          ),
        ).rejects.toMatchObject({ status: 400 });
        expect(await t.ports.orders.findSalesOrderByPortalId(`p-${key}`)).toBeNull();
      });
    });

    defineRealismCases(() => ({ ...t, feedLagMs: Number(can('feedLagMs')) }));
    defineRequestedDateCases(() => t);
    defineDocumentFlowCases(() => ({ ...t, feedLagMs: Number(can('feedLagMs')) }));
    defineTaxCases(() => ({
      ports: t.ports,
      admin: t.admin,
      tax: Boolean(can('tax')),
      headerDiscounts: Boolean(can('headerDiscounts')),
      unsupported: (entry) => `docs/erp.md, "What Tryton cannot express": ${entry}`,
    }));

    defineFulfilmentAndFeedCases(() => ({
      ports: t.ports,
      admin: t.admin,
      fulfil: t.fulfil,
      documentContentType: String(can('documentContentType')),
      feedLagMs: Number(can('feedLagMs')),
      needsControl,
      order,
    }));

    defineMinorUnitsCases(() => ({ ports: t.ports, admin: t.admin, needsControl }));

    // Last: these cases move the business clock and use much of the accounts' credit headroom.
    defineCreditAndReturnCases(() => ({
      ports: t.ports,
      admin: t.admin,
      needsControl,
      cancelReleasesCredit: Boolean(can('cancelReleasesCredit')),
    }));
  });
}
