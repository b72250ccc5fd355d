/**
 * Invoices e2e, moving the ERP clock (so run last): a new order billed, part-paid and credited,
 * with the bus events it causes and duplicate and late feed events leaving balances unchanged;
 * then a credit beyond what an invoice owed, held as the account's credit balance.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MikroORM } from '@mikro-orm/postgresql';
import type { ErpChangeEvent } from '@portal/erp/port';
import type { BusEvent } from '@portal/platform/bus';
import { ormOptions } from '@portal/platform/db';
import { INVOICE_TOPIC, type InvoiceBusEvent } from '@portal/platform/events';
import { Decimal } from '@portal/platform/money';
import { applyBillingEvent, entities, migrations } from '@portal/invoices/internals';
import { waitFor } from '@portal/testkit';
import { gql } from '../../support/graphql.js';
import { stack, bus, admin, erp, acme, INVOICE, type InvoiceView, sum, erpBilling, ACCOUNT } from './support.js';

export function definePaymentAndCreditTests(): void {
  describe('a new order billed, paid in part and credited (moves the ERP clock: last)', () => {
    it('shows the invoice, balances after a partial payment and a credit memo, publishes each on the bus, and ignores duplicate and late events', async () => {
      const token = acme();
      const seen: BusEvent<InvoiceBusEvent>[] = [];
      const portalOrderId = randomUUID();
      const sub = await bus.subscribe<InvoiceBusEvent>(
        INVOICE_TOPIC,
        { durableName: `invoices-e2e-${randomBytes(4).toString('hex')}`, from: 'latest' },
        async (e) => {
          if (e.key === portalOrderId) seen.push(e);
        },
      );
      try {
        // What the account owes before, in the ERP and as the portal shows it (the same, once synced).
        const openBefore = async () =>
          (await erpBilling('ACME')).invoices.filter((i) => i.status !== 'CANCELLED' && new Decimal(i.balance).gt(0));
        const owedBefore = sum((await openBefore()).map((i) => i.balance));
        const account = async () => (await gql(stack.gatewayUrl, ACCOUNT, { token })).body.data.me.account;
        expect(await waitFor(async () => (await account()).openBalance.amount === owedBefore, 15_000)).toBe(true);
        const before = await account();
        const { order } = await erp().orders.createSalesOrder(
          {
            portalOrderId,
            accountId: 'ACME',
            lines: [
              { sku: 'BOLT-0001', quantity: 40 },
              { sku: 'BRG-0004', quantity: 3 },
            ],
          },
          `invoices-e2e-${portalOrderId}`,
        );
        let billed: string[] = [];
        for (let day = 0; day < 12 && !billed.length; day++) {
          await admin().advance({ days: 1 });
          billed = (await erp().orders.getSalesOrder(order.number))!.invoices;
        }
        expect(billed.length).toBeGreaterThan(0);
        const number = billed[0]!;
        const erpInvoice = (await erp().invoices.getInvoice(number))!;
        const view = async () =>
          (await gql(stack.gatewayUrl, `query($n: String!) { invoice(number: $n) { ${INVOICE} } }`, { token, variables: { n: number } }))
            .body.data.invoice as InvoiceView | null;
        expect(await waitFor(async () => (await view()) !== null, 15_000)).toBe(true);
        expect(await view()).toMatchObject({ status: 'OPEN', total: { amount: erpInvoice.total }, balance: { amount: erpInvoice.total } });
        // One query: the order's shipments (orders subgraph) and its invoices (invoices subgraph), tied by delivery and line.
        const spanning = `query($id: ID!) { order(id: $id) { status lines { id sku } shipments { id trackingNumber }
          invoices { number deliveryNumber lines { orderLineId sku } } creditMemos { number invoice { number } } } }`;
        const shipped = async () => (await gql(stack.gatewayUrl, spanning, { token, variables: { id: portalOrderId } })).body.data?.order;
        expect(await waitFor(async () => ((await shipped())?.shipments.length ?? 0) > 0, 15_000)).toBe(true);
        const orderView = await shipped();
        expect(orderView.invoices.map((i: { number: string }) => i.number)).toContain(number);
        const shipmentIds = orderView.shipments.map((x: { id: string }) => x.id);
        const lineIds = orderView.lines.map((l: { id: string }) => l.id);
        for (const inv of orderView.invoices) {
          expect(shipmentIds).toContain(inv.deliveryNumber);
          for (const l of inv.lines) if (l.sku !== 'FREIGHT') expect(lineIds).toContain(l.orderLineId);
        }

        // A partial payment: PARTIALLY_PAID, the balance and the account's open balance drop by exactly that.
        const total = new Decimal(erpInvoice.total);
        const payment = total.mul('0.4').toDecimalPlaces(2).toFixed(2);
        await admin().receivePayment(number, payment);
        const afterPayment = total.minus(payment).toFixed(2);
        expect(await waitFor(async () => (await view())?.balance.amount === afterPayment, 15_000)).toBe(true);
        expect(await view()).toMatchObject({
          status: 'PARTIALLY_PAID',
          paidAmount: { amount: payment },
          creditedAmount: { amount: '0.00' },
        });

        // A credit memo on a goods line: the balance drops by the credit, listed on the invoice and the order.
        const line = erpInvoice.lines.find((l) => l.sku === 'BOLT-0001')!;
        const memo = await admin().issueCreditMemo(number, 'PRICE_DISPUTE', [{ lineNo: line.lineNo, amount: '5.25' }]);
        const afterMemo = new Decimal(afterPayment).minus('5.25').toFixed(2);
        expect(await waitFor(async () => (await view())?.balance.amount === afterMemo, 15_000)).toBe(true);
        const v = (await view())!;
        expect(v).toMatchObject({
          status: 'PARTIALLY_PAID',
          creditedAmount: { amount: '5.25' },
          creditMemos: [{ number: memo.number, total: { amount: '5.25' } }],
        });
        const withMemos = await gql(stack.gatewayUrl, `query($id: ID!) { order(id: $id) { creditMemos { number invoice { number } } } }`, {
          token,
          variables: { id: portalOrderId },
        });
        expect(withMemos.body.data.order.creditMemos).toEqual([{ number: memo.number, invoice: { number } }]);
        // Everything the account owes, checked against the ERP (this order's other invoices may be open too).
        const openInErp = (await erpBilling('ACME')).invoices.filter((i) => i.status !== 'CANCELLED' && new Decimal(i.balance).gt(0));
        const after = (await gql(stack.gatewayUrl, ACCOUNT, { token })).body.data.me.account;
        expect(after.openBalance.amount).toBe(sum(openInErp.map((i) => i.balance)));
        // It rose by this order's open invoices, and by whatever else the clock's moving billed or
        // settled for the account's other orders (which depends on their dates and the hour of day).
        const thisOrder = sum(openInErp.filter((i) => i.portalOrderId === portalOrderId).map((i) => i.balance));
        const others = new Decimal(sum(openInErp.filter((i) => i.portalOrderId !== portalOrderId).map((i) => i.balance))).minus(owedBefore);
        expect(new Decimal(after.openBalance.amount).minus(before.openBalance.amount).toFixed(2)).toBe(others.plus(thisOrder).toFixed(2));
        expect(new Decimal(thisOrder).gt(0)).toBe(true);

        // The bus carries posting, payment and credit for this order, in that order, with the contract's payloads.
        expect(await waitFor(async () => seen.some((e) => e.type === 'credit_memo.issued'), 15_000)).toBe(true);
        const ofThisInvoice = seen.filter((e) => (e.payload as { invoiceNumber: string }).invoiceNumber === number);
        expect(ofThisInvoice.map((e) => e.type)).toEqual(['invoice.posted', 'invoice.payment_received', 'credit_memo.issued']);
        expect(ofThisInvoice[0]!.payload).toMatchObject({
          type: 'invoice.posted',
          accountId: 'ACME',
          portalOrderId,
          erpOrderNumber: order.number,
          total: erpInvoice.total,
          lines: expect.arrayContaining([expect.objectContaining({ orderLineNo: line.lineNo, sku: 'BOLT-0001' })]),
        });
        expect(ofThisInvoice[1]!.payload).toMatchObject({ amount: payment, balance: afterPayment, currency: 'USD', accountId: 'ACME' });
        expect(ofThisInvoice[2]!.payload).toMatchObject({ creditMemoNumber: memo.number, total: '5.25', reason: 'PRICE_DISPUTE' });
        // ...and the orders subgraph shows each once on the order's timeline: from the bus, or (this
        // order was made in the ERP) from its history, rebuilt from the ERP's document flow in the
        // background, when that ran after the fact — whichever reported it first.
        const billingFacts = async () =>
          (
            (
              await gql(stack.gatewayUrl, `query($id: ID!) { order(id: $id) { timeline { type source summary } } }`, {
                token,
                variables: { id: portalOrderId },
              })
            ).body.data.order.timeline as { type: string; source: string; summary: string }[]
          ).filter(
            (t) => t.summary.includes(number) && ['invoice.posted', 'invoice.payment_received', 'credit_memo.issued'].includes(t.type),
          );
        expect(await waitFor(async () => (await billingFacts()).length >= 3, 15_000)).toBe(true);
        const facts = await billingFacts();
        expect(facts.map((t) => t.type).sort()).toEqual(['credit_memo.issued', 'invoice.payment_received', 'invoice.posted']);
        for (const t of facts) expect(['INVOICES', 'ERP']).toContain(t.source);

        // Duplicate feed events (the ERP repeats the previous event on every poll): a second payment counts once.
        await admin().setFaults({ 'GET /v1/events': { duplicateRate: 1 } });
        try {
          await admin().receivePayment(number, '1.00');
          const afterSecond = new Decimal(afterMemo).minus('1.00').toFixed(2);
          expect(await waitFor(async () => (await view())?.balance.amount === afterSecond, 15_000)).toBe(true);
          await admin().receivePayment(number, '0.50'); // one more event, so the previous one is repeated after it
          const afterThird = new Decimal(afterSecond).minus('0.50').toFixed(2);
          expect(await waitFor(async () => (await view())?.balance.amount === afterThird, 15_000)).toBe(true);
          expect((await admin().faults()).injected.duplicates).toBeGreaterThan(0);
          await new Promise((r) => setTimeout(r, 1500)); // several more polls, each with a repeat
          expect(await view()).toMatchObject({
            balance: { amount: afterThird },
            paidAmount: { amount: new Decimal(payment).plus('1.50').toFixed(2) },
          });
        } finally {
          await admin().clearFaults();
        }
        const settled = (await view())!;
        expect(settled.payments).toHaveLength(3);

        // Late (out-of-order) events: the posting and the first payment again, after everything newer — nothing moves.
        const events: ErpChangeEvent[] = [];
        for (let after = 0; ;) {
          const page = await erp().events.poll(after, { limit: 1000 });
          events.push(
            ...page.events.filter(
              (e) =>
                (e.payload as { invoiceNumber?: string; number?: string }).invoiceNumber === number ||
                (e.type === 'invoice.posted' && e.key === number),
            ),
          );
          if (!page.events.length) break;
          after = page.nextCursor;
        }
        const posted = events.find((e) => e.type === 'invoice.posted')!;
        const firstPayment = events.find((e) => e.type === 'payment.received')!;
        expect(posted && firstPayment).toBeTruthy();
        const orm = await MikroORM.init(ormOptions({ schema: 'invoices', url: stack.databaseUrl, entities, migrations }));
        try {
          for (const late of [posted, firstPayment]) {
            const { outcome } = await orm.em.fork().transactional((tx) => applyBillingEvent(tx, late));
            expect(outcome, late.type).toBe('IGNORED');
          }
          // The outbox is empty once everything is on the bus (published rows are deleted).
          const queued = async () =>
            (await orm.em.getConnection().execute<{ n: number }[]>(`select count(*)::int as n from "invoices"."outbox"`))[0]!.n;
          expect(await waitFor(async () => (await queued()) === 0, 10_000)).toBe(true);
        } finally {
          await orm.close(true);
        }
        expect(await view()).toEqual(settled);
        // Nothing was published twice.
        await new Promise((r) => setTimeout(r, 500));
        const ids = seen.map((e) => e.id);
        expect(new Set(ids).size).toBe(ids.length);
      } finally {
        await sub.close();
      }
    });
  });

  describe('credit the account holds with us', () => {
    it('shows a credit beyond what an invoice still owed as the account’s creditBalance; another account reads its own', async () => {
      const query = `query { me { account { id creditBalance { amount currency } } } }`;
      const read = async (token: string) => (await gql(stack.gatewayUrl, query, { token })).body.data.me.account.creditBalance;
      const before = await read(acme());
      expect(before.currency).toBe('USD');
      const { invoices } = await erpBilling('ACME');
      const open = invoices.find(
        (i) =>
          i.status === 'OPEN' && new Decimal(i.balance).gt(10) && i.lines.some((l) => l.sku !== 'FREIGHT' && new Decimal(l.amount).gte(20)),
      )!;
      const line = open.lines.find((l) => l.sku !== 'FREIGHT' && new Decimal(l.amount).gte(20))!;
      // All but 5.00 paid, then 20.00 credited: 5.00 settles the invoice, 15.00 is the customer's money.
      await admin().receivePayment(open.number, new Decimal(open.balance).minus(5).toFixed(2));
      await admin().issueCreditMemo(open.number, 'PRICE_DISPUTE', [{ lineNo: line.lineNo, amount: '20.00' }]);
      const after = await read(acme());
      expect(after).toEqual({ amount: new Decimal(before.amount).plus(15).toFixed(2), currency: 'USD' });
      // GLOBEX reads its own balance, in its own currency, not ACME's.
      const globex = await read(stack.token('GLOBEX', 'buyer'));
      expect(globex.currency).toBe('EUR');
      expect((await erp().invoices.creditBalance('GLOBEX')).amount).toBe(globex.amount);
    });
  });
}
