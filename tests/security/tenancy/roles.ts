/**
 * Tenancy e2e, roles: a buyer cannot approve or reject a cart waiting for approval; neither a
 * buyer nor an approver releases a credit hold (the seller's credit controller can); an analyst
 * calls no mutation but reads every account.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { waitFor } from '@portal/testkit';
import { gql } from '../../support/graphql.js';
import { clientSafe } from '../support.js';
import { snapshot } from '../world.js';
import { stack, worlds, positions, rootFields, run, argsFor, codes } from './probes.js';

export function defineRoleTests(): void {
  describe('roles', () => {
    const RESOLVE = `mutation($o: ID!, $e: ID!, $a: OrderExceptionAction!) { resolveOrderException(orderId: $o, exceptionId: $e, action: $a) {
      __typename ... on ActionNotAllowed { allowedActions } ... on ErrorResult { errorCode } } }`;

    it('a buyer cannot approve or reject a cart waiting for approval', async () => {
      const w = worlds.ACME!;
      const token = stack.token('ACME', 'buyer');
      for (const m of [
        `mutation($c: ID!) { approveCart(cartId: $c) { __typename ... on ErrorResult { errorCode } } }`,
        `mutation($c: ID!) { rejectCart(cartId: $c, reason: "no") { __typename ... on ErrorResult { errorCode } } }`,
      ]) {
        const r = await gql(stack.gatewayUrl, m, { token, variables: { c: w.primary.pendingCart } });
        expect(clientSafe(r)).toBeUndefined();
        const result = (Object.values(r.body.data ?? {})[0] ?? null) as Record<string, unknown> | null;
        // Refused as FORBIDDEN (thrown) or as a typed error: never placed or rejected.
        expect(result === null ? codes(r) : result.errorCode, JSON.stringify(r.body)).toBeTruthy();
        if (result === null) expect(codes(r)).toContain('FORBIDDEN');
      }
      const cart = await gql(stack.gatewayUrl, `query($c: ID!) { cart(id: $c) { status } }`, {
        token,
        variables: { c: w.primary.pendingCart },
      });
      expect(cart.body.data.cart.status).toBe('PENDING_APPROVAL');
    });

    it("neither a buyer nor an approver releases a credit hold (ROLE_NOT_ALLOWED); the seller's credit controller can", async () => {
      // INITECH's credit limit is 15 000: an approver's order above it is held by the ERP's credit check.
      const approver = stack.token('INITECH', 'approver');
      const price = (
        await gql(stack.gatewayUrl, `{ item(sku: "BRG-0004") { price(quantity: 100) { unitPrice { amount } } } }`, { token: approver })
      ).body.data.item.price.unitPrice.amount as string;
      const c = (await gql(stack.gatewayUrl, `mutation { createCart { ... on Cart { id } } }`, { token: approver })).body.data.createCart
        .id;
      await gql(
        stack.gatewayUrl,
        `mutation($c: ID!, $q: Int!) { addCartLines(cartId: $c, lines: [{ sku: "BRG-0004", quantity: $q }]) { __typename } }`,
        {
          token: approver,
          variables: { c, q: Math.ceil(16_000 / Number(price)) },
        },
      );
      const quote = (await gql(stack.gatewayUrl, `query($c: ID!) { cart(id: $c) { quote { id } } }`, { token: approver, variables: { c } }))
        .body.data.cart.quote.id;
      const placed = await gql(
        stack.gatewayUrl,
        `mutation($i: SubmitCartInput!) { submitCart(input: $i) { __typename ... on OrderSubmitted { order { id } } } }`,
        { token: approver, variables: { i: { cartId: c, idempotencyKey: randomUUID(), acceptedQuoteId: quote } } },
      );
      const orderId = placed.body.data.submitCart.order.id as string;
      const hold = await waitFor(
        async () => {
          const o = (
            await gql(stack.gatewayUrl, `query($o: ID!) { order(id: $o) { exceptions(status: OPEN) { id type } } }`, {
              token: approver,
              variables: { o: orderId },
            })
          ).body.data.order;
          return o.exceptions.find((e: { type: string }) => e.type === 'CREDIT_HOLD') ?? null;
        },
        { timeoutMs: 30_000 },
      );
      const buyer = await gql(stack.gatewayUrl, RESOLVE, {
        token: stack.token('INITECH', 'buyer'),
        variables: { o: orderId, e: hold.id, a: 'RELEASE_CREDIT_HOLD' },
      });
      expect(buyer.body.data.resolveOrderException).toMatchObject({ __typename: 'ActionNotAllowed', errorCode: 'ROLE_NOT_ALLOWED' });
      const still = await gql(stack.gatewayUrl, `query($o: ID!) { order(id: $o) { status exceptions(status: OPEN) { id } } }`, {
        token: approver,
        variables: { o: orderId },
      });
      expect(still.body.data.order.exceptions.map((e: { id: string }) => e.id)).toContain(hold.id);
      const byApprover = await gql(stack.gatewayUrl, RESOLVE, {
        token: approver,
        variables: { o: orderId, e: hold.id, a: 'RELEASE_CREDIT_HOLD' },
      });
      expect(byApprover.body.data.resolveOrderException).toMatchObject({ __typename: 'ActionNotAllowed', errorCode: 'ROLE_NOT_ALLOWED' });
      const released = await gql(stack.gatewayUrl, RESOLVE, {
        token: stack.token('SELLER', 'credit_controller'),
        variables: { o: orderId, e: hold.id, a: 'RELEASE_CREDIT_HOLD' },
      });
      expect(released.body.data?.resolveOrderException.__typename, JSON.stringify(released.body)).toBe('OrderExceptionResolved');
    });

    it('an analyst calls no mutation (FORBIDDEN, nothing changed) but reads every account', async () => {
      const failures: string[] = [];
      const own = worlds.ACME!;
      const mutations = rootFields('Mutation');
      const acmeBefore = await snapshot(stack, 'ACME');
      for (const field of mutations) {
        const pos = positions('Mutation', field, []);
        const vars = argsFor(field, pos, own, own, []);
        const { r } = await run('mutation', field, stack.token('ACME', 'analyst'), vars);
        if (!codes(r).includes('FORBIDDEN') || r.body.data?.[field.name] != null)
          failures.push(`${field.name}: ${JSON.stringify(r.body).slice(0, 300)}`);
      }
      expect(failures).toEqual([]);
      expect(await snapshot(stack, 'ACME')).toEqual(acmeBefore);
      // Reads across accounts: another account's cart, order and invoice.
      const other = worlds.GLOBEX!;
      const r = await gql(
        stack.gatewayUrl,
        `query($c: ID!, $o: ID!, $i: String!) { cart(id: $c) { id } order(id: $o) { id } invoice(number: $i) { number } }`,
        { token: stack.token('ACME', 'analyst'), variables: { c: other.primary.cart, o: other.primary.order, i: other.ids.invoice[0] } },
      );
      expect(r.body.data).toEqual({
        cart: { id: other.primary.cart },
        order: { id: other.primary.order },
        invoice: { number: other.ids.invoice[0] },
      });
      console.log(`roles: analyst refused on ${mutations.length}/${mutations.length} mutations; reads GLOBEX's cart, order and invoice`);
    });
  });
}
