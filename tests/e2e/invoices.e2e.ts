/**
 * Invoices through the gateway: billing synced from the ERP (full sync and change feed)
 * and checked against the ERP's own exports; an order with its shipments (orders) and invoices and
 * credit memos (invoices) in one query; filters and pagination; balances and aging; tenancy;
 * signed PDF links (owner, another account, expired, tampered); constant SQL per request; and —
 * moving the ERP clock, so last — a new order billed, part-paid and credited, with the bus events
 * it causes, duplicate feed events and late (out-of-order) events leaving balances unchanged.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MikroORM } from '@mikro-orm/postgresql';
import { createReferenceErpAdmin } from '@portal/erp/admin';
import type { ErpChangeEvent, ErpInvoice } from '@portal/erp/port';
import { DEV_ERP_API_KEY } from '@portal/reference-erp/config';
import { DEV_DOCUMENT_URL_SECRET, VIEWER_HEADER, signDocumentPath, signViewerHeader } from '@portal/platform/auth';
import { createEventBus, type BusEvent, type EventBus } from '@portal/platform/bus';
import { DEV_INTERNAL_SECRET } from '@portal/platform/config';
import { ormOptions } from '@portal/platform/db';
import { INVOICE_TOPIC, type InvoiceBusEvent } from '@portal/platform/events';
import { Decimal } from '@portal/platform/money';
import { applyBillingEvent, entities, migrations } from '@portal/invoices/internals';
import { deleteNatsStream, waitFor } from '@portal/testkit';
import { allPages, erpPorts } from '../support/erp.js';
import { errorCodes, gql, type GraphQLResponse } from '../support/graphql.js';
import { startTestStack, type TestStack } from '../support/stack.js';

const busUrl = process.env.EVENT_BUS_URL;
const namespace = busUrl?.startsWith('nats://') ? `tinv${Date.now().toString(36)}_${randomBytes(3).toString('hex')}` : undefined;

let stack: TestStack;
let bus: EventBus;
const admin = () => createReferenceErpAdmin({ baseUrl: stack.services.erp.url, apiKey: DEV_ERP_API_KEY });
const erp = () => erpPorts(stack.services.erp.url);
const gatewayOrigin = () => new URL(stack.gatewayUrl).origin;
const acme = () => stack.token('ACME', 'buyer');
const today = () => new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  stack = await startTestStack({
    ORDERS_FEED_WAIT_MS: '500',
    INVOICES_FEED_WAIT_MS: '500',
    INVOICES_OUTBOX_INTERVAL_MS: '200',
    ORDERS_OUTBOX_INTERVAL_MS: '200',
    ERP_FULFILMENT_INTERVAL_MS: '0',
    ...(namespace ? { EVENT_BUS_NAMESPACE: namespace } : {}),
  });
  bus = await createEventBus({
    eventBusUrl: busUrl,
    databaseUrl: stack.databaseUrl,
    ...(namespace ? { stream: namespace.toUpperCase(), subjectPrefix: namespace } : {}),
  });
});
afterAll(async () => {
  await bus?.close();
  await stack?.stop();
  if (namespace && busUrl) await deleteNatsStream(busUrl, namespace.toUpperCase()).catch(() => {});
});

const INVOICE = `number status issuedAt dueDate daysOverdue erpOrderNumber deliveryNumber
  total { amount currency } balance { amount currency } paidAmount { amount } creditedAmount { amount }
  order { id } lines { lineNo orderLineId sku quantity unitPrice { amount } amount { amount } }
  payments { id amount { amount } receivedAt } creditMemos { number total { amount } }`;

interface InvoiceView {
  number: string;
  status: string;
  dueDate: string;
  daysOverdue: number;
  total: { amount: string; currency: string };
  balance: { amount: string };
  paidAmount: { amount: string };
  creditedAmount: { amount: string };
  order: { id: string };
  deliveryNumber: string | null;
  lines: { lineNo: number; orderLineId: string | null; sku: string; quantity: number; amount: { amount: string } }[];
  payments: { id: string; amount: { amount: string } }[];
  creditMemos: { number: string; total: { amount: string } }[];
}

async function allInvoices(token: string, filter: Record<string, unknown> = {}, pageSize = 50): Promise<InvoiceView[]> {
  const out: InvoiceView[] = [];
  for (let after: string | null = null; ;) {
    const r: GraphQLResponse = await gql(
      stack.gatewayUrl,
      `query($f: InvoiceFilter, $n: Int, $a: String) { invoices(filter: $f, first: $n, after: $a) { totalCount pageInfo { hasNextPage endCursor } nodes { ${INVOICE} } } }`,
      { token, variables: { f: filter, n: pageSize, a: after } },
    );
    expect(r.body.errors).toBeUndefined();
    out.push(...r.body.data.invoices.nodes);
    if (!r.body.data.invoices.pageInfo.hasNextPage) return out;
    after = r.body.data.invoices.pageInfo.endCursor;
  }
}

const sum = (xs: string[]) => xs.reduce((s, x) => s.plus(x), new Decimal(0)).toFixed(2);
/** The buyer-facing status, stated independently of the subgraph's code. */
function expectedStatus(i: ErpInvoice, day: string) {
  if (i.status === 'CANCELLED') return 'CANCELLED';
  if (new Decimal(i.balance).lte(0)) return 'PAID';
  if (i.dueDate < day) return 'OVERDUE';
  return new Decimal(i.balance).lt(i.total) ? 'PARTIALLY_PAID' : 'OPEN';
}

async function erpBilling(accountId: string) {
  const [invoices, memos, payments] = await Promise.all([
    allPages((cursor) => erp().invoices.exportInvoices({ cursor, limit: 500 })),
    allPages((cursor) => erp().invoices.exportCreditMemos({ cursor, limit: 500 })),
    allPages((cursor) => erp().invoices.exportPayments({ cursor, limit: 500 })),
  ]);
  return {
    invoices: invoices.filter((i) => i.accountId === accountId),
    memos: memos.filter((m) => m.accountId === accountId),
    payments: payments.filter((p) => p.accountId === accountId),
  };
}

const ACCOUNT = `query { me { account { id currency openBalance { amount currency } overdueAmount { amount }
  aging { current { amount } days1To30 { amount } days31To60 { amount } days61To90 { amount } over90 { amount } } } } }`;

describe('billing synced from the ERP', () => {
  it('holds every invoice, credit memo and payment of the account, with the ERP’s amounts and derived statuses', async () => {
    const day = today();
    const want = await erpBilling('ACME');
    expect(want.invoices.length).toBeGreaterThan(3);
    expect(want.memos.length).toBeGreaterThan(0);
    expect(want.payments.length).toBeGreaterThan(0);
    const got = await allInvoices(acme(), {}, 7);
    expect(got.map((i) => i.number).sort()).toEqual(want.invoices.map((i) => i.number).sort());
    const byNumber = new Map(got.map((i) => [i.number, i]));
    for (const inv of want.invoices) {
      const g = byNumber.get(inv.number)!;
      const payments = want.payments.filter((p) => p.invoiceNumber === inv.number);
      const memos = want.memos.filter((m) => m.invoiceNumber === inv.number);
      expect(g, inv.number).toMatchObject({
        status: expectedStatus(inv, day),
        dueDate: inv.dueDate,
        total: { amount: inv.total, currency: inv.currency },
        balance: { amount: inv.balance },
        paidAmount: { amount: sum(payments.map((p) => p.amount)) },
        creditedAmount: { amount: sum(memos.map((m) => m.total)) },
        order: { id: inv.portalOrderId },
        deliveryNumber: inv.deliveryNumber,
      });
      expect(g.payments.map((p) => p.id).sort()).toEqual(payments.map((p) => p.id).sort());
      expect(g.creditMemos.map((m) => m.number).sort()).toEqual(memos.map((m) => m.number).sort());
      expect(sum(g.lines.map((l) => l.amount.amount))).toBe(new Decimal(inv.total).toFixed(2));
      for (const l of g.lines) expect(l.orderLineId).toBe(l.lineNo > 0 ? `${inv.portalOrderId}:${l.lineNo}` : null);
      if (g.status === 'OVERDUE') expect(g.daysOverdue).toBeGreaterThan(0);
      else expect(g.daysOverdue).toBe(0);
    }
    // The history has more than one status to tell apart.
    expect(new Set(got.map((i) => i.status)).size).toBeGreaterThan(1);
  });

  it('filters by status in the database exactly as each invoice’s status reads (and by overdue)', async () => {
    const all = await allInvoices(acme());
    for (const status of ['OPEN', 'PARTIALLY_PAID', 'PAID', 'OVERDUE', 'CANCELLED']) {
      const hits = await allInvoices(acme(), { status }, 5);
      expect(hits.map((i) => i.number).sort(), status).toEqual(
        all
          .filter((i) => i.status === status)
          .map((i) => i.number)
          .sort(),
      );
    }
    const overdue = await allInvoices(acme(), { overdue: true });
    const notOverdue = await allInvoices(acme(), { overdue: false });
    expect(overdue.every((i) => i.status === 'OVERDUE')).toBe(true);
    expect(notOverdue.every((i) => i.status !== 'OVERDUE')).toBe(true);
    expect(overdue.length + notOverdue.length).toBe(all.length);
  });

  it('filters by order and by issue and due date ranges (inclusive), paging newest first without gaps or repeats', async () => {
    const want = (await erpBilling('ACME')).invoices;
    const all = await allInvoices(acme());
    // Newest first: issue dates never increase along the list.
    const issued = (await allInvoices(acme(), {}, 3)).map((i) => i.number);
    expect(issued).toEqual(all.map((i) => i.number));
    const orderId = want[0]!.portalOrderId;
    expect((await allInvoices(acme(), { orderId })).map((i) => i.number).sort()).toEqual(
      want
        .filter((i) => i.portalOrderId === orderId)
        .map((i) => i.number)
        .sort(),
    );
    const dates = [...new Set(want.map((i) => i.issuedAt))].sort();
    const from = dates[Math.floor(dates.length / 3)]!;
    const to = dates[Math.floor((2 * dates.length) / 3)]!;
    expect((await allInvoices(acme(), { issuedFrom: from, issuedTo: to })).map((i) => i.number).sort()).toEqual(
      want
        .filter((i) => i.issuedAt >= from && i.issuedAt <= to)
        .map((i) => i.number)
        .sort(),
    );
    const due = want[0]!.dueDate;
    expect((await allInvoices(acme(), { dueFrom: due, dueTo: due })).map((i) => i.number).sort()).toEqual(
      want
        .filter((i) => i.dueDate === due)
        .map((i) => i.number)
        .sort(),
    );
  });

  it('refuses bad filters and cursors with typed errors', async () => {
    const q = `query($f: InvoiceFilter, $a: String) { invoices(filter: $f, after: $a) { totalCount } }`;
    const reversed = await gql(stack.gatewayUrl, q, {
      token: acme(),
      variables: { f: { issuedFrom: '2026-03-01', issuedTo: '2026-02-01' } },
    });
    expect(errorCodes(reversed)).toEqual(['BAD_USER_INPUT']);
    const badDate = await gql(stack.gatewayUrl, q, { token: acme(), variables: { f: { dueFrom: '2026-02-30' } } });
    expect(errorCodes(badDate)).toEqual(['BAD_USER_INPUT']);
    const badCursor = await gql(stack.gatewayUrl, q, { token: acme(), variables: { a: 'bm90LWEtY3Vyc29y' } });
    expect(errorCodes(badCursor)).toEqual(['BAD_USER_INPUT']);
    const badStatus = await gql(stack.gatewayUrl, q, { token: acme(), variables: { f: { status: 'LATE' } } });
    expect(errorCodes(badStatus)).toEqual(['BAD_USER_INPUT']);
  });

  it('adds up the open balance, overdue amount and aging buckets from the open invoices', async () => {
    const day = today();
    const want = (await erpBilling('ACME')).invoices.filter((i) => i.status !== 'CANCELLED' && new Decimal(i.balance).gt(0));
    const daysPast = (i: ErpInvoice) => Math.max(0, (Date.parse(day) - Date.parse(i.dueDate)) / 86_400_000);
    const bucket = (lo: number, hi: number) => sum(want.filter((i) => daysPast(i) >= lo && daysPast(i) <= hi).map((i) => i.balance));
    const account = (await gql(stack.gatewayUrl, ACCOUNT, { token: acme() })).body.data.me.account;
    expect(account).toMatchObject({
      id: 'ACME',
      openBalance: { amount: sum(want.map((i) => i.balance)), currency: 'USD' },
      overdueAmount: { amount: sum(want.filter((i) => daysPast(i) > 0).map((i) => i.balance)) },
      aging: {
        current: { amount: bucket(0, 0) },
        days1To30: { amount: bucket(1, 30) },
        days31To60: { amount: bucket(31, 60) },
        days61To90: { amount: bucket(61, 90) },
        over90: { amount: bucket(91, 1e9) },
      },
    });
    expect(new Decimal(account.openBalance.amount).gt(0)).toBe(true);
  });
});

describe('an order with its shipments, invoices and credit memos', () => {
  it('comes back from one query spanning orders and invoices, invoice lines tied to order lines', async () => {
    const { memos } = await erpBilling('ACME');
    const memo = memos[0]!;
    const erpOrder = (await erp().orders.findSalesOrderByPortalId(memo.portalOrderId))!;
    const r = await gql(
      stack.gatewayUrl,
      `query($id: ID!) { order(id: $id) { id erpOrderNumber lines { id lineNo sku } shipments { id trackingNumber }
        invoices { number deliveryNumber balance { amount } lines { orderLineId sku quantity } creditMemos { number } }
        creditMemos { number reason total { amount } invoice { number } lines { orderLineId } } } }`,
      { token: acme(), variables: { id: memo.portalOrderId } },
    );
    expect(r.body.errors).toBeUndefined();
    const order = r.body.data.order;
    expect(order.erpOrderNumber).toBe(erpOrder.number);
    // (Shipments of history orders: the orders read model has those only from the change feed; the
    // last test checks shipments and invoices of a new order in one query.)
    expect(order.invoices.map((i: { number: string }) => i.number).sort()).toEqual([...erpOrder.invoices].sort());
    const lineIds = new Set(order.lines.map((l: { id: string }) => l.id));
    for (const inv of order.invoices) {
      expect(erpOrder.deliveries).toContain(inv.deliveryNumber);
      for (const l of inv.lines) if (l.sku !== 'FREIGHT') expect(lineIds).toContain(l.orderLineId);
    }
    expect(order.creditMemos).toContainEqual(
      expect.objectContaining({
        number: memo.number,
        reason: memo.reason,
        total: { amount: memo.total },
        invoice: { number: memo.invoiceNumber },
      }),
    );
    const credited = order.invoices.find((i: { number: string }) => i.number === memo.invoiceNumber);
    expect(credited.creditMemos.map((m: { number: string }) => m.number)).toContain(memo.number);
  });

  it('reads another account’s invoices and credit memos as null (analysts read any account)', async () => {
    const { invoices, memos } = await erpBilling('ACME');
    const globex = stack.token('GLOBEX', 'buyer');
    const q = `query($n: String!, $m: String!) { invoice(number: $n) { number } creditMemo(number: $m) { number } }`;
    const vars = { n: invoices[0]!.number, m: memos[0]!.number };
    expect((await gql(stack.gatewayUrl, q, { token: globex, variables: vars })).body.data).toEqual({ invoice: null, creditMemo: null });
    expect((await allInvoices(globex)).map((i) => i.number)).not.toContain(invoices[0]!.number);
    const analyst = stack.token('GLOBEX', 'analyst');
    expect((await gql(stack.gatewayUrl, q, { token: analyst, variables: vars })).body.data).toEqual({
      invoice: { number: vars.n },
      creditMemo: { number: vars.m },
    });
  });

  it('batches: the invoices subgraph answers 1 or 8 orders with the same number of SQL statements', async () => {
    const billing = await erpBilling('ACME');
    // The order with a credit memo first, so both requests resolve memos and their invoices too.
    const orderIds = [...new Set([billing.memos[0]!.portalOrderId, ...billing.invoices.map((i) => i.portalOrderId)])];
    expect(orderIds.length).toBeGreaterThanOrEqual(8);
    const header = signViewerHeader({ userId: 'acme-buyer', accountId: 'ACME', roles: ['buyer'] }, DEV_INTERNAL_SECRET);
    const sqlFor = async (n: number) => {
      const res = await fetch(`${stack.services.invoices.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [VIEWER_HEADER]: header },
        body: JSON.stringify({
          query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Order { id
            invoices { number status paidAmount { amount } creditedAmount { amount } lines { orderLineId } payments { id } creditMemos { number } document { url } }
            creditMemos { number invoice { number balance { amount } } } } } }`,
          variables: { r: orderIds.slice(0, n).map((id) => ({ __typename: 'Order', id })) },
        }),
      });
      const json = (await res.json()) as { data: { _entities: { invoices: unknown[] }[] } };
      expect(json.data._entities.filter((e) => e.invoices.length)).toHaveLength(n);
      return Number(res.headers.get('x-sql-count'));
    };
    const one = await sqlFor(1);
    const eight = await sqlFor(8);
    expect(one).toBeGreaterThan(0);
    expect(eight).toBe(one);
  });
});

describe('documents', () => {
  const documentOf = async (number: string, token = acme()) =>
    (
      await gql(stack.gatewayUrl, `query($n: String!) { invoice(number: $n) { document { url contentType expiresAt } } }`, {
        token,
        variables: { n: number },
      })
    ).body.data.invoice.document as { url: string; contentType: string; expiresAt: string };
  const download = (url: string, headers: Record<string, string> = {}) => fetch(new URL(url, gatewayOrigin()), { headers });
  const refusal = async (res: Response) => ({ status: res.status, code: ((await res.json()) as { error: { code: string } }).error.code });

  it('downloads the real invoice PDF through the gateway’s origin for the owner', async () => {
    const inv = (await erpBilling('ACME')).invoices[0]!;
    const doc = await documentOf(inv.number);
    expect(doc.contentType).toBe('application/pdf');
    expect(doc.url).toMatch(/^\/documents\/invoices\/\d+\?acct=ACME&u=[^&]+&exp=\d+&sig=[\w-]+$/);
    expect(Date.parse(doc.expiresAt) - Date.now()).toBeGreaterThan(60_000);
    const res = await download(doc.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.subarray(-6).toString('latin1')).toContain('%%EOF');
    expect(bytes.toString('latin1')).toContain(inv.number);
    // Same bytes as the ERP's own document.
    expect(bytes.equals((await erp().invoices.invoiceDocument(inv.number)).bytes)).toBe(true);
    // With the owner's token too; with an analyst's of another account as well.
    expect((await download(doc.url, { authorization: `Bearer ${acme()}` })).status).toBe(200);
    expect((await download(doc.url, { authorization: `Bearer ${stack.token('GLOBEX', 'analyst')}` })).status).toBe(200);
  });

  it('downloads a credit memo PDF', async () => {
    const memo = (await erpBilling('ACME')).memos[0]!;
    const doc = (
      await gql(stack.gatewayUrl, `query($n: String!) { creditMemo(number: $n) { document { url } } }`, {
        token: acme(),
        variables: { n: memo.number },
      })
    ).body.data.creditMemo.document;
    const res = await download(doc.url);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).toString('latin1')).toContain(memo.number);
  });

  it('refuses another account, an expired link and a modified one', async () => {
    const inv = (await erpBilling('ACME')).invoices[0]!;
    const doc = await documentOf(inv.number);
    const url = new URL(doc.url, gatewayOrigin());
    // Another account's bearer on the owner's link.
    expect(await refusal(await download(doc.url, { authorization: `Bearer ${stack.token('GLOBEX', 'buyer')}` }))).toEqual({
      status: 403,
      code: 'DOCUMENT_FORBIDDEN',
    });
    // A genuinely signed link for another account to this invoice: the invoices subgraph's tenancy check.
    const exp = Math.floor(Date.now() / 1000) + 300;
    const forGlobex = signDocumentPath(
      { kind: 'invoices', number: inv.number, accountId: 'GLOBEX', userId: 'globex-buyer', exp },
      DEV_DOCUMENT_URL_SECRET,
    );
    expect(await refusal(await download(forGlobex))).toEqual({ status: 404, code: 'DOCUMENT_NOT_FOUND' });
    // Expired (genuinely signed, a second in the past).
    const expired = signDocumentPath(
      { kind: 'invoices', number: inv.number, accountId: 'ACME', userId: 'acme-buyer', exp: Math.floor(Date.now() / 1000) - 1 },
      DEV_DOCUMENT_URL_SECRET,
    );
    expect(await refusal(await download(expired))).toEqual({ status: 403, code: 'DOCUMENT_LINK_EXPIRED' });
    // Modified: the signature, the account, the expiry, the number.
    const modified = (name: string, value: string) => {
      const u = new URL(url);
      u.searchParams.set(name, value);
      return u.toString();
    };
    const sig = url.searchParams.get('sig')!;
    for (const tampered of [
      modified('sig', `${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`),
      modified('acct', 'GLOBEX'),
      modified('exp', String(Number(url.searchParams.get('exp')) + 3600)),
      url.toString().replace(`/invoices/${inv.number}`, `/invoices/${(await erpBilling('ACME')).invoices[1]!.number}`),
      url.toString().replace('/documents/invoices/', '/documents/credit-memos/'),
    ])
      expect(await refusal(await download(tampered)), tampered).toEqual({ status: 403, code: 'DOCUMENT_LINK_INVALID' });
    // The untouched link still works.
    expect((await download(doc.url)).status).toBe(200);
  });
});

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
      const before = (await gql(stack.gatewayUrl, ACCOUNT, { token })).body.data.me.account;
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
        (await gql(stack.gatewayUrl, `query($n: String!) { invoice(number: $n) { ${INVOICE} } }`, { token, variables: { n: number } })).body
          .data.invoice as InvoiceView | null;
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
      expect(await view()).toMatchObject({ status: 'PARTIALLY_PAID', paidAmount: { amount: payment }, creditedAmount: { amount: '0.00' } });

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
      const thisOrder = sum(openInErp.filter((i) => i.portalOrderId === portalOrderId).map((i) => i.balance));
      expect(new Decimal(after.openBalance.amount).minus(before.openBalance.amount).toFixed(2)).toBe(thisOrder);

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
      // ...and the orders subgraph shows them on the order's timeline.
      const timelineTypes = async () =>
        (
          await gql(stack.gatewayUrl, `query($id: ID!) { order(id: $id) { timeline { type source summary } } }`, {
            token,
            variables: { id: portalOrderId },
          })
        ).body.data.order.timeline.filter((t: { source: string }) => t.source === 'INVOICES') as { type: string; summary: string }[];
      expect(await waitFor(async () => (await timelineTypes()).length >= 3, 15_000)).toBe(true);
      expect((await timelineTypes()).map((t) => t.type)).toEqual(
        expect.arrayContaining(['invoice.posted', 'invoice.payment_received', 'credit_memo.issued']),
      );

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
