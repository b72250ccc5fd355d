/**
 * One business clock, through the gateway: prices, contract validity, invoice overdue and aging,
 * and report date defaults follow the ERP's business date, not the machine's. The reference ERP's
 * clock is advanced past a contract's start and invoices' due dates; then the cart prices on the
 * contract and submits without a price change, `contracts` says the contract is in force, and
 * overdue amounts, the overdue filter, `daysOverdue`, the aging and the receivables report
 * reckon from the new date. Contract entries have unique ids that stay the same across requests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReferenceErpAdmin } from '@portal/erp/admin';
import { DEV_ERP_API_KEY } from '@portal/reference-erp/config';
import { Decimal } from '@portal/platform/money';
import { waitFor } from '@portal/testkit';
import { gql } from '../support/graphql.js';
import { startTestStack, type TestStack } from '../support/stack.js';

let stack: TestStack;
const admin = () => createReferenceErpAdmin({ baseUrl: stack.services.erp.url, apiKey: DEV_ERP_API_KEY });
const acme = () => stack.token('ACME', 'buyer');
const ADVANCE_DAYS = 21;
const FUTURE_SKU = 'WSH-0003'; // the seed's ACME contract that starts in 10 days

beforeAll(async () => {
  stack = await startTestStack({
    PRICING_FEED_WAIT_MS: '500',
    ORDERS_FEED_WAIT_MS: '500',
    INVOICES_FEED_WAIT_MS: '500',
    ORDERS_OUTBOX_INTERVAL_MS: '200',
    ERP_FULFILMENT_INTERVAL_MS: '0',
  });
});
afterAll(async () => {
  await stack?.stop();
});

const run = async (query: string, variables: Record<string, unknown> = {}, token = acme()) => {
  const r = await gql(stack.gatewayUrl, query, { token, variables });
  expect(r.body.errors, JSON.stringify(r.body.errors)).toBeUndefined();
  return r.body.data;
};

interface ContractEntry {
  id: string;
  contractId: string;
  status: string;
  validFrom: string;
  validTo: string | null;
  startsInDays: number;
  items: { sku: string; price: { amount: string; currency: string } | null }[];
}
const contracts = async (): Promise<ContractEntry[]> =>
  (
    await run(
      `{ me { account { contracts(withinDays: 30) { id contractId status validFrom validTo startsInDays items { sku price { amount currency } } } } } }`,
    )
  ).me.account.contracts;

const priceOf = async (sku: string, quantity: number) =>
  (
    await run(
      `query($s: ID!, $q: Int!) { item(sku: $s) { price(quantity: $q) { unitPrice { amount currency } basis { source contractId validFrom } } } }`,
      { s: sku, q: quantity },
    )
  ).item.price as {
    unitPrice: { amount: string; currency: string };
    basis: { source: string; contractId: string | null; validFrom: string };
  };

interface InvoiceRow {
  number: string;
  status: string;
  dueDate: string;
  daysOverdue: number;
  balance: { amount: string; currency: string };
}
async function allInvoices(filter: Record<string, unknown> = {}): Promise<InvoiceRow[]> {
  const out: InvoiceRow[] = [];
  let after: string | null = null;
  for (;;) {
    const page: { nodes: InvoiceRow[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } = (
      await run(
        `query($f: InvoiceFilter, $a: String) { invoices(filter: $f, first: 100, after: $a) {
          nodes { number status dueDate daysOverdue balance { amount currency } } pageInfo { hasNextPage endCursor } } }`,
        { f: filter, a: after },
      )
    ).invoices;
    out.push(...page.nodes);
    if (!page.pageInfo.hasNextPage) return out;
    after = page.pageInfo.endCursor;
  }
}

const ACCOUNT_MONEY = `{ me { account { currency openBalance { amount currency } overdueAmount { amount currency }
  aging { current { amount } days1To30 { amount } days31To60 { amount } days61To90 { amount } over90 { amount } } } } }`;

const days = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
const sum = (values: string[]) => values.reduce((s, v) => s.plus(v), new Decimal(0)).toFixed(2);
const owed = (i: InvoiceRow) => new Decimal(i.balance.amount).gt(0);

/** Expected aging of ACME's USD invoices on `day`, from their due dates and balances. */
function agingOn(invoices: InvoiceRow[], day: string) {
  const b = {
    current: [] as string[],
    days1To30: [] as string[],
    days31To60: [] as string[],
    days61To90: [] as string[],
    over90: [] as string[],
  };
  for (const i of invoices.filter(owed)) {
    const late = days(i.dueDate, day);
    const bucket = late <= 0 ? 'current' : late <= 30 ? 'days1To30' : late <= 60 ? 'days31To60' : late <= 90 ? 'days61To90' : 'over90';
    b[bucket].push(i.balance.amount);
  }
  return Object.fromEntries(Object.entries(b).map(([k, v]) => [k, { amount: sum(v) }]));
}

async function cartWith(lines: { sku: string; quantity: number }[]) {
  const token = acme();
  const id = (await run(`mutation { createCart { ... on Cart { id } } }`, {}, token)).createCart.id as string;
  await run(`mutation($c: ID!, $l: [CartLineInput!]!) { addCartLines(cartId: $c, lines: $l) { __typename } }`, { c: id, l: lines }, token);
  const cart = (
    await run(
      `query($c: ID!) { cart(id: $c) { quote { id pricingDate } lines { sku price { unitPrice { amount } basis { source contractId } } } } }`,
      { c: id },
      token,
    )
  ).cart;
  return { id, quoteId: cart.quote.id as string, pricingDate: cart.quote.pricingDate as string, lines: cart.lines, token };
}

const SUBMIT = `mutation($i: SubmitCartInput!) { submitCart(input: $i) { __typename
  ... on OrderSubmitted { order { id status } }
  ... on ApprovalRequired { total { amount currency } spendingLimit { amount currency } }
  ... on PriceChanged { quoteId changes { sku oldUnitPrice { amount currency } newUnitPrice { amount currency } } }
  ... on ErrorResult { errorCode message } } }`;

describe('contract entries', () => {
  it('have ids that are unique and the same in every answer', async () => {
    const first = await contracts();
    expect(first.length).toBeGreaterThan(1);
    expect(new Set(first.map((c) => c.id)).size).toBe(first.length);
    // An id names the contract and its window.
    for (const c of first) expect(c.id).toBe(`${c.contractId}@${c.validFrom}..${c.validTo ?? ''}`);
    // The seed's contract has several windows: entries of one contract, distinct ids.
    const byContract = new Map<string, number>();
    for (const c of first) byContract.set(c.contractId, (byContract.get(c.contractId) ?? 0) + 1);
    expect(Math.max(...byContract.values())).toBeGreaterThan(1);
    const again = await contracts();
    expect(again.map((c) => c.id)).toEqual(first.map((c) => c.id));
  });
});

describe('after the ERP business clock moves on', () => {
  it('prices, contracts, overdue, aging and report defaults follow the business date', async () => {
    const before = await admin().clock();
    // Before: the contract on WSH-0003 is upcoming, and the price is not the contract's.
    const upcoming = (await contracts()).find((c) => c.items.some((i) => i.sku === FUTURE_SKU))!;
    expect(upcoming).toMatchObject({ status: 'UPCOMING' });
    expect(upcoming.startsInDays).toBe(days(before.today, upcoming.validFrom));
    expect(upcoming.startsInDays).toBeLessThan(ADVANCE_DAYS);
    const contractPrice = upcoming.items.find((i) => i.sku === FUTURE_SKU)!.price!;
    const listPrice = await priceOf(FUTURE_SKU, 1);
    expect(listPrice.basis.source).not.toBe('CONTRACT');

    // Invoices that fall due between today and the new date: owed, not overdue yet.
    const target = new Date(Date.parse(`${before.today}T00:00:00Z`) + ADVANCE_DAYS * 86_400_000).toISOString().slice(0, 10);
    const invoicesBefore = (await allInvoices()).filter((i) => i.balance.currency === 'USD');
    const fallingDue = invoicesBefore.filter((i) => owed(i) && i.dueDate >= before.today && i.dueDate < target);
    expect(fallingDue.length, 'the seed has ACME invoices falling due within the advance').toBeGreaterThan(0);
    for (const i of fallingDue) expect(i).toMatchObject({ daysOverdue: 0 });
    expect(i0(fallingDue).status).not.toBe('OVERDUE');
    const overdueBefore = (await allInvoices({ overdue: true })).map((i) => i.number);
    for (const i of fallingDue) expect(overdueBefore).not.toContain(i.number);
    const moneyBefore = (await run(ACCOUNT_MONEY)).me.account;
    expect(moneyBefore.overdueAmount.amount).toBe(
      sum(invoicesBefore.filter((i) => owed(i) && i.dueDate < before.today).map((i) => i.balance.amount)),
    );

    // Move the ERP's business clock past the contract's start and those due dates.
    const after = await admin().advance({ days: ADVANCE_DAYS });
    expect(after.today).toBe(target);
    expect(after.today > upcoming.validFrom).toBe(true);

    // The contract is in force on the business date: its entry, and the price.
    await waitFor(async () => (await contracts()).find((c) => c.id === upcoming.id)?.status === 'ACTIVE', { timeoutMs: 15_000 });
    const active = (await contracts()).find((c) => c.id === upcoming.id)!;
    expect(active).toMatchObject({ status: 'ACTIVE', startsInDays: 0, contractId: upcoming.contractId });
    const contractNow = await priceOf(FUTURE_SKU, 1);
    expect(contractNow.basis).toMatchObject({ source: 'CONTRACT', contractId: upcoming.contractId, validFrom: upcoming.validFrom });
    expect(contractNow.unitPrice).toEqual(contractPrice);

    // A cart priced at the new date, submitted at the new date: no price change.
    const cart = await cartWith([{ sku: FUTURE_SKU, quantity: 1 }]);
    expect(cart.pricingDate).toBe(after.today);
    expect(cart.lines[0].price.basis).toMatchObject({ source: 'CONTRACT', contractId: upcoming.contractId });
    const submitted = (
      await run(SUBMIT, { i: { cartId: cart.id, idempotencyKey: `clock-${cart.id}`, acceptedQuoteId: cart.quoteId } }, cart.token)
    ).submitCart;
    expect(submitted.__typename, JSON.stringify(submitted)).toBe('OrderSubmitted');

    // Invoices: overdue on the business date, with the days counted from it.
    const invoicesAfter = (await allInvoices()).filter((i) => i.balance.currency === 'USD');
    const overdueAfter = await allInvoices({ overdue: true });
    for (const due of fallingDue) {
      const now = invoicesAfter.find((i) => i.number === due.number)!;
      if (!owed(now)) continue; // paid in the meantime by the ERP's own run: nothing to judge
      expect(now).toMatchObject({ status: 'OVERDUE', daysOverdue: days(due.dueDate, after.today) });
      expect(overdueAfter.map((i) => i.number)).toContain(due.number);
    }
    const expectedOverdue = invoicesAfter.filter((i) => owed(i) && i.dueDate < after.today);
    expect(new Set(overdueAfter.filter((i) => i.balance.currency === 'USD').map((i) => i.number))).toEqual(
      new Set(expectedOverdue.map((i) => i.number)),
    );
    const moneyAfter = (await run(ACCOUNT_MONEY)).me.account;
    expect(moneyAfter.overdueAmount).toEqual({ amount: sum(expectedOverdue.map((i) => i.balance.amount)), currency: 'USD' });
    expect(new Decimal(moneyAfter.overdueAmount.amount).gt(moneyBefore.overdueAmount.amount)).toBe(true);
    expect(moneyAfter.aging).toEqual(agingOn(invoicesAfter, after.today));

    // Reports default to the business date.
    const receivables = (await run(`{ receivables { asOf } }`, {}, stack.token('ACME', 'analyst'))).receivables;
    expect(receivables.asOf).toBe(after.today);
    const report = await run(`{ orderReport { from to } fulfilmentReport { from to } }`, {}, stack.token('ACME', 'analyst'));
    expect(report.orderReport.to).toBe(after.today);
    expect(report.fulfilmentReport.to).toBe(after.today);
  });
});

function i0<T>(list: T[]): T {
  return list[0]!;
}
