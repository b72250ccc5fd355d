/**
 * What the resilience scenarios share. The scenarios are written once and run at two sizes: the
 * `*.e2e.ts` files in CI (moderate sizes, assertions) and `pnpm bench resilience` (full sizes, a
 * table). Each scenario (one file here each) drives the whole stack from the outside — clients
 * through the gateway, faults through the reference ERP's admin API — and returns the figures it
 * proves; the caller asserts.
 */
import { randomUUID } from 'node:crypto';
import { createReferenceErpAdmin } from '@portal/erp/admin';
import { DEV_ERP_API_KEY } from '@portal/reference-erp/config';
import { waitFor } from '@portal/testkit';
import { gql } from '../../support/graphql.js';
import type { TestStack } from '../../support/stack.js';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const admin = (stack: TestStack) => createReferenceErpAdmin({ baseUrl: stack.services.erp.url, apiKey: DEV_ERP_API_KEY });
export type Log = (message: string) => void;

/** Run `fn` over `items` with at most `limit` in flight. */
export async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!, i);
      }
    }),
  );
  return out;
}

/** A GraphQL call that never hangs a client forever (a hung request counts as a network error). */
export async function gqlTimed(
  url: string,
  query: string,
  opts: { token: string; variables?: Record<string, unknown> },
  timeoutMs = 30_000,
) {
  return Promise.race([
    gql(url, query, opts),
    sleep(timeoutMs).then(() => {
      throw new Error(`client timeout after ${timeoutMs} ms`);
    }),
  ]);
}

export const count = (m: Record<string, number>, k: string, n = 1) => (m[k] = (m[k] ?? 0) + n);

/** Print figures as an aligned two-column table (the e2e files and the bench print the same). */
export function table(title: string, rows: [string, string | number][]): string {
  const w = Math.max(...rows.map(([k]) => k.length));
  return [`${title}`, ...rows.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`)].join('\n');
}

export async function currentQuote(stack: TestStack, token: string, cartId: string): Promise<string> {
  // The buyer looks at the cart (availability included) before submitting, as a real client does.
  const view = await gql(stack.gatewayUrl, `query($c: ID!) { cart(id: $c) { quote { id } lines { availability { status } } } }`, {
    token,
    variables: { c: cartId },
  });
  const id = view.body.data?.cart?.quote?.id as string | undefined;
  if (!id) throw new Error(`no quote: ${JSON.stringify(view.body)}`);
  return id;
}

// ---------------------------------------------------------------------------------------------
// Orders for the other scenarios: placed (acknowledged) without faults
// ---------------------------------------------------------------------------------------------

export async function placeOrder(stack: TestStack, lines: { sku: string; quantity: number }[], accountId = 'ACME') {
  const token = stack.token(accountId, 'approver');
  const cartId = (await gql(stack.gatewayUrl, `mutation { createCart { ... on Cart { id } } }`, { token })).body.data.createCart.id;
  await gql(stack.gatewayUrl, `mutation($c: ID!, $l: [CartLineInput!]!) { addCartLines(cartId: $c, lines: $l) { __typename } }`, {
    token,
    variables: { c: cartId, l: lines },
  });
  const quote = await currentQuote(stack, token, cartId);
  const r = (
    await gql(
      stack.gatewayUrl,
      `mutation($i: SubmitCartInput!) { submitCart(input: $i) { __typename ... on OrderSubmitted { order { id lines { id } } } } }`,
      { token, variables: { i: { cartId, idempotencyKey: randomUUID(), acceptedQuoteId: quote } } },
    )
  ).body.data.submitCart;
  if (r.__typename !== 'OrderSubmitted') throw new Error(`submit: ${JSON.stringify(r)}`);
  await waitFor(
    async () => {
      const t = (
        await gql(stack.gatewayUrl, `query($id: ID!) { order(id: $id) { timeline { type } } }`, { token, variables: { id: r.order.id } })
      ).body.data.order.timeline;
      return t.some((e: { type: string }) => e.type === 'order.acknowledged') || null;
    },
    { timeoutMs: 20_000, intervalMs: 100 },
  );
  return { id: r.order.id as string, lineId: r.order.lines[0].id as string };
}
