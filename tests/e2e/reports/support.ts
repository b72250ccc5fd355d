/**
 * What the reports e2e tests share: the stack (short feed waits, the ERP's fulfilment run
 * stopped), the ERP's business date, date arithmetic, the ERP's ports, an analyst's token, a query
 * runner that expects no errors, decimal sums, and every order an analyst can read.
 */
import { expect } from 'vitest';
import { createReferenceErpAdmin } from '@portal/erp/admin';
import { DEV_ERP_API_KEY } from '@portal/reference-erp/config';
import { Decimal } from '@portal/platform/money';
import { erpPorts } from '../../support/erp.js';
import { gql } from '../../support/graphql.js';
import { startTestStack, type TestStack } from '../../support/stack.js';

export let stack: TestStack;
export let today: string;
const DAY = 86_400_000;
export const addDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
export const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY);
export const monday = (iso: string) => addDays(iso, -((new Date(`${iso}T00:00:00Z`).getUTCDay() + 6) % 7));
export const erp = () => erpPorts(stack.services.erp.url);
export const analyst = () => stack.token('GLOBEX', 'analyst');
export const run = async (query: string, token: string, variables: Record<string, unknown> = {}) => {
  const r = await gql(stack.gatewayUrl, query, { token, variables });
  expect(r.body.errors, JSON.stringify(r.body.errors)).toBeUndefined();
  return r.body.data;
};
export const sum = (values: Decimal.Value[]) => values.reduce<Decimal>((s, v) => s.plus(v), new Decimal(0));
export const fixed = (d: Decimal.Value) => new Decimal(d).toFixed(2);

/** Starts this file's stack and reads the ERP's business date. */
export async function startReportsStack(): Promise<void> {
  stack = await startTestStack({
    ORDERS_FEED_WAIT_MS: '500',
    INVOICES_FEED_WAIT_MS: '500',
    ORDERS_OUTBOX_INTERVAL_MS: '200',
    ERP_FULFILMENT_INTERVAL_MS: '0',
  });
  // The ERP's business date: every range and as-of date below is explicit, relative to it.
  today = (await createReferenceErpAdmin({ baseUrl: stack.services.erp.url, apiKey: DEV_ERP_API_KEY }).clock()).today;
}

export async function stopReportsStack(): Promise<void> {
  await stack?.stop();
}

const ORDERS = `query($a: String, $ids: [ID!]) { orders(first: 100, after: $a, accountIds: $ids) {
  totalCount pageInfo { hasNextPage endCursor } nodes { id number status placedAt account { id name currency } } } }`;
export async function allOrders(token: string, ids?: string[]) {
  const nodes: { id: string; number: string; status: string; placedAt: string; account: { id: string; name: string } }[] = [];
  let totalCount = 0;
  for (let after: string | null = null; ;) {
    const page: any = (await run(ORDERS, token, { a: after, ids })).orders;
    nodes.push(...page.nodes);
    totalCount = page.totalCount;
    if (!page.pageInfo.hasNextPage) return { nodes, totalCount };
    after = page.pageInfo.endCursor;
  }
}
