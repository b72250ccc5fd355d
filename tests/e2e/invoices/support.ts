/**
 * What the invoices e2e tests share: the stack (with short feed waits and outbox intervals, and
 * the ERP's fulfilment run stopped) and a bus client on its stream, the ERP's ports and admin, and
 * helpers that read invoices and the account through the gateway and billing from the ERP.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { createReferenceErpAdmin } from '@portal/erp/admin';
import type { ErpInvoice } from '@portal/erp/port';
import { DEV_ERP_API_KEY } from '@portal/reference-erp/config';
import { createEventBus, type EventBus } from '@portal/platform/bus';
import { Decimal } from '@portal/platform/money';
import { deleteNatsStream } from '@portal/testkit';
import { allPages, erpPorts } from '../../support/erp.js';
import { gql, type GraphQLResponse } from '../../support/graphql.js';
import { startTestStack, type TestStack } from '../../support/stack.js';

const busUrl = process.env.EVENT_BUS_URL;
const namespace = busUrl?.startsWith('nats://') ? `tinv${Date.now().toString(36)}_${randomBytes(3).toString('hex')}` : undefined;

export let stack: TestStack;
export let bus: EventBus;
export const admin = () => createReferenceErpAdmin({ baseUrl: stack.services.erp.url, apiKey: DEV_ERP_API_KEY });
export const erp = () => erpPorts(stack.services.erp.url);
export const gatewayOrigin = () => new URL(stack.gatewayUrl).origin;
export const acme = () => stack.token('ACME', 'buyer');
export const today = () => new Date().toISOString().slice(0, 10);

/** Starts this file's stack and a bus client on its stream. */
export async function startInvoicesStack(): Promise<void> {
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
}

export async function stopInvoicesStack(): Promise<void> {
  await bus?.close();
  await stack?.stop();
  if (namespace && busUrl) await deleteNatsStream(busUrl, namespace.toUpperCase()).catch(() => {});
}

export const INVOICE = `number status issuedAt dueDate daysOverdue erpOrderNumber deliveryNumber
  total { amount currency } balance { amount currency } paidAmount { amount } creditedAmount { amount }
  order { id } lines { lineNo orderLineId sku quantity unitPrice { amount } amount { amount } }
  payments { id amount { amount } receivedAt } creditMemos { number total { amount } }`;

export interface InvoiceView {
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

export async function allInvoices(token: string, filter: Record<string, unknown> = {}, pageSize = 50): Promise<InvoiceView[]> {
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

export const sum = (xs: string[]) => xs.reduce((s, x) => s.plus(x), new Decimal(0)).toFixed(2);
/** The buyer-facing status, stated independently of the subgraph's code. */
export function expectedStatus(i: ErpInvoice, day: string) {
  if (i.status === 'CANCELLED') return 'CANCELLED';
  if (new Decimal(i.balance).lte(0)) return 'PAID';
  if (i.dueDate < day) return 'OVERDUE';
  return new Decimal(i.balance).lt(i.total) ? 'PARTIALLY_PAID' : 'OPEN';
}

export async function erpBilling(accountId: string) {
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

export const ACCOUNT = `query { me { account { id currency openBalance { amount currency } overdueAmount { amount }
  aging { current { amount } days1To30 { amount } days31To60 { amount } days61To90 { amount } over90 { amount } } } } }`;
