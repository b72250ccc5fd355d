/**
 * Cart mutations: create, add/update/remove lines, save. Each expected failure comes back as a
 * typed result (errors as data) and changes nothing; SKUs are checked against the item master
 * (inventory subgraph's internal API) so a buyer learns of a discontinued item and its successor
 * at once.
 */
import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { hasRole, type Viewer } from '@portal/platform/auth';
import { InternalCallError, type InternalClient } from '@portal/platform/internal-client';
import { itemsLookup, postInternal } from '@portal/platform/internal-contracts';
import {
  checkEditable,
  checkLines,
  checkQuantity,
  mergeLines,
  type CartRuleError,
  type ItemFacts,
  type LineInput,
} from './domain/cart-rules.js';
import { Account, Cart, CartLine, Order, OrderLine, type CartEntity } from './entities/index.js';
import { isUuid } from './domain/ids.js';
import type { CartStatus, ResolversTypes, ResolversUnionTypes } from './generated/resolvers.js';

export type CartOutcome = { cart: CartEntity } | { error: CartRuleError | { kind: 'CART_NOT_FOUND' } };
/** What creating a cart can answer: the cart, or invalid input. */
export type CreateCartOutcome = { cart: CartEntity } | { error: Extract<CartRuleError, { kind: 'INVALID_INPUT' }> };

export interface CartService {
  create(viewer: Viewer, input: { name?: string | null; requestedDeliveryDate?: string | null }): Promise<CreateCartOutcome>;
  addLines(viewer: Viewer, cartId: string, lines: LineInput[]): Promise<CartOutcome>;
  updateLine(
    viewer: Viewer,
    cartId: string,
    lineId: string,
    change: { quantity?: number | null; requestedDate?: string | null },
  ): Promise<CartOutcome>;
  removeLines(viewer: Viewer, cartId: string, lineIds: string[]): Promise<CartOutcome>;
  save(viewer: Viewer, cartId: string, name: string): Promise<CartOutcome>;
  reorder(viewer: Viewer, orderId: string): Promise<ReorderOutcome>;
}

export type ReorderOutcome =
  | { cart: CartEntity; replaced: { sku: string; successorSku: string; quantity: number }[]; leftOut: string[] }
  | { error: 'ORDER_NOT_FOUND' };

function assertCanWrite(viewer: Viewer): void {
  if (!hasRole(viewer, 'buyer', 'approver', 'admin'))
    throw new GraphQLError('this role cannot change carts', { extensions: { code: 'FORBIDDEN' } });
}

export function cartService(em: EntityManager, inventory: InternalClient): CartService {
  async function itemFacts(viewer: Viewer, skus: string[]): Promise<ItemFacts[]> {
    // A SKU the item master's lookup cannot take (empty, over 64 characters) is unknown, not a
    // reason to call it: its 400 would read as "item master unreachable".
    const asked = [...new Set(skus)].filter((s) => s.length >= 1 && s.length <= 64);
    if (!asked.length) return [];
    try {
      return (await postInternal(inventory, itemsLookup, { skus: asked }, viewer)).items;
    } catch (err) {
      if (err instanceof InternalCallError)
        throw new GraphQLError('the item master is not reachable right now; nothing was changed', {
          extensions: { code: 'SERVICE_UNAVAILABLE' },
        });
      throw err;
    }
  }

  /** Load the viewer's cart with a row lock (concurrent edits serialise), or null. */
  async function lockedCart(tx: EntityManager, viewer: Viewer, cartId: string): Promise<CartEntity | null> {
    if (!isUuid(cartId)) return null;
    const cart = await tx.findOne(
      Cart,
      { id: cartId.toLowerCase(), accountId: viewer.accountId },
      { lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    return cart ?? null;
  }

  async function edit(
    viewer: Viewer,
    cartId: string,
    change: (tx: EntityManager, cart: CartEntity) => Promise<CartRuleError | null>,
  ): Promise<CartOutcome> {
    assertCanWrite(viewer);
    return em.fork().transactional(async (tx) => {
      const cart = await lockedCart(tx, viewer, cartId);
      if (!cart) return { error: { kind: 'CART_NOT_FOUND' } };
      const locked = checkEditable(cart.status);
      if (locked) return { error: locked };
      const error = await change(tx, cart);
      if (error) {
        tx.clear(); // nothing of a refused change is written
        return { error };
      }
      cart.updatedAt = new Date();
      return { cart };
    });
  }

  return {
    async create(viewer, input) {
      assertCanWrite(viewer);
      if (input.name !== undefined && input.name !== null && (input.name.trim().length < 1 || input.name.length > 100))
        return { error: { kind: 'INVALID_INPUT', field: 'name', message: 'name must be 1-100 characters' } };
      const account = await em.findOne(Account, { id: viewer.accountId });
      if (!account) throw new GraphQLError(`account ${viewer.accountId} is not known to the portal`, { extensions: { code: 'FORBIDDEN' } });
      const now = new Date();
      const cart = em.create(Cart, {
        id: randomUUID(),
        accountId: viewer.accountId,
        createdBy: viewer.userId,
        status: 'ACTIVE',
        name: input.name?.trim() ?? null,
        currency: account.currency,
        requestedDeliveryDate: input.requestedDeliveryDate ?? null,
        createdAt: now,
        updatedAt: now,
      });
      await em.flush();
      return { cart };
    },

    async addLines(viewer, cartId, lines) {
      // Ask the item master before taking the cart lock: no remote call inside the transaction.
      const facts = lines.length
        ? await itemFacts(
            viewer,
            lines.map((l) => l.sku),
          )
        : [];
      return edit(viewer, cartId, async (tx, cart) => {
        const existing = await tx.find(CartLine, { cartId: cart.id }, { orderBy: { position: 'asc' } });
        const invalid = checkLines(lines, facts, existing.length);
        if (invalid) return invalid;
        const merged = mergeLines(
          existing.map((e) => ({ id: e.id, sku: e.sku, quantity: e.quantity, requestedDate: e.requestedDate ?? null })),
          lines,
        );
        if (merged.error) return merged.error;
        for (const u of merged.updates) existing.find((e) => e.id === u.id)!.quantity = u.quantity;
        let position = existing.reduce((m, e) => Math.max(m, e.position), 0);
        for (const i of merged.inserts)
          tx.create(CartLine, {
            id: randomUUID(),
            cartId: cart.id,
            position: ++position,
            sku: i.sku,
            quantity: i.quantity,
            requestedDate: i.requestedDate ?? null,
          });
        return null;
      });
    },

    updateLine(viewer, cartId, lineId, change) {
      return edit(viewer, cartId, async (tx, cart) => {
        const line = isUuid(lineId) ? await tx.findOne(CartLine, { id: lineId.toLowerCase(), cartId: cart.id }) : null;
        if (!line) return { kind: 'INVALID_INPUT', field: 'lineId', message: `no line ${lineId} in this cart` };
        if (change.quantity !== undefined && change.quantity !== null) {
          const bad = checkQuantity(change.quantity);
          if (bad) return bad;
          line.quantity = change.quantity;
        }
        if (change.requestedDate !== undefined) line.requestedDate = change.requestedDate;
        return null;
      });
    },

    removeLines(viewer, cartId, lineIds) {
      return edit(viewer, cartId, async (tx, cart) => {
        const ids = lineIds.filter((id) => isUuid(id)).map((id) => id.toLowerCase());
        const lines = await tx.find(CartLine, { cartId: cart.id, id: { $in: ids } });
        if (lines.length !== lineIds.length) return { kind: 'INVALID_INPUT', field: 'lineIds', message: 'some lines are not in this cart' };
        for (const l of lines) tx.remove(l);
        return null;
      });
    },

    async reorder(viewer, orderId) {
      assertCanWrite(viewer);
      const order = orderId.length <= 255 ? await em.findOne(Order, { id: orderId, accountId: viewer.accountId }) : null;
      if (!order) return { error: 'ORDER_NOT_FOUND' };
      const lines = await em.find(OrderLine, { orderId: order.id }, { orderBy: { lineNo: 'asc' } });
      const facts = new Map(
        (
          await itemFacts(
            viewer,
            lines.map((l) => l.sku),
          )
        ).map((f) => [f.sku, f]),
      );
      const replaced: { sku: string; successorSku: string; quantity: number }[] = [];
      const leftOut: string[] = [];
      const keep: LineInput[] = [];
      for (const l of lines) {
        const f = facts.get(l.sku);
        if (!f) leftOut.push(l.sku);
        else if (f.discontinued && f.successorSku && facts.get(f.successorSku)?.discontinued !== true) {
          replaced.push({ sku: l.sku, successorSku: f.successorSku, quantity: l.quantity });
          keep.push({ sku: f.successorSku, quantity: l.quantity });
        } else if (f.discontinued) leftOut.push(l.sku);
        else keep.push({ sku: l.sku, quantity: l.quantity });
      }
      const created = await this.create(viewer, { name: `Reorder of ${order.number}` });
      if (!('cart' in created)) throw new Error('could not create the reorder cart');
      const merged = mergeLines([], keep);
      let position = 0;
      for (const i of merged.inserts)
        em.create(CartLine, {
          id: randomUUID(),
          cartId: created.cart.id,
          position: ++position,
          sku: i.sku,
          quantity: i.quantity,
          requestedDate: null,
        });
      await em.flush();
      return { cart: created.cart, replaced, leftOut };
    },

    save(viewer, cartId, name) {
      return edit(viewer, cartId, async (_tx, cart) => {
        const trimmed = name.trim();
        if (trimmed.length < 1 || trimmed.length > 100)
          return { kind: 'INVALID_INPUT', field: 'name', message: 'name must be 1-100 characters' };
        cart.name = trimmed;
        cart.status = 'SAVED';
        return null;
      });
    },
  };
}

/** GraphQL shape of an outcome: the cart, or one of the ErrorResult types. */
export function toCartResult(outcome: CreateCartOutcome): ResolversUnionTypes<ResolversTypes>['CreateCartResult'];
export function toCartResult(outcome: CartOutcome): ResolversUnionTypes<ResolversTypes>['CartResult'];
export function toCartResult(outcome: CartOutcome): ResolversUnionTypes<ResolversTypes>['CartResult'] {
  if ('cart' in outcome) return { __typename: 'Cart', ...outcome.cart };
  const e = outcome.error;
  switch (e.kind) {
    case 'CART_NOT_FOUND':
      return { __typename: 'CartNotFound', errorCode: 'CART_NOT_FOUND', message: 'no such cart in your account' };
    case 'CART_LOCKED':
      return {
        __typename: 'CartLocked',
        errorCode: 'CART_LOCKED',
        message: `the cart is ${e.status} and cannot change`,
        status: e.status as CartStatus,
      };
    case 'INVALID_QUANTITY':
      return {
        __typename: 'InvalidQuantity',
        errorCode: 'INVALID_QUANTITY',
        message: `quantity must be a whole number from 1 to 1000000, got ${e.quantity}`,
        quantity: Math.trunc(e.quantity),
      };
    case 'UNKNOWN_SKU':
      return { __typename: 'UnknownSku', errorCode: 'UNKNOWN_SKU', message: `unknown SKU(s): ${e.skus.join(', ')}`, skus: e.skus };
    case 'DISCONTINUED_ITEM':
      return {
        __typename: 'DiscontinuedItem',
        errorCode: 'DISCONTINUED_ITEM',
        message: e.successorSku ? `${e.sku} is discontinued; order ${e.successorSku} instead` : `${e.sku} is discontinued`,
        sku: e.sku,
        successorSku: e.successorSku,
      };
    case 'INVALID_INPUT':
      return { __typename: 'InvalidInput', errorCode: 'INVALID_INPUT', message: e.message, field: e.field };
  }
}
