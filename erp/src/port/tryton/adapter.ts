/**
 * The Tryton 6.0 adapter: every ERP port over Tryton's JSON-RPC (see docs/erp.md, "Tryton"). Tryton is
 * the system of record; this adapter only translates. One session (session.ts: the JSON-RPC client
 * and briefly memoised master data) is shared by a module per port: pricing (price lists as
 * condition records, checked against Tryton's own prices), availability (stock and dated moves
 * through the shared cumulative-ATP engine), orders (`sale.sale`, made idempotent here, since Tryton
 * has no keys), billing (`account.invoice`) and events (a poll over `write_date`, since Tryton
 * cannot push).
 */
import type { ErpPorts } from '../types.js';
import { createTrytonInvoices } from './billing.js';
import { createTrytonClock } from './clock.js';
import { createTrytonEvents } from './events.js';
import { createTrytonInventory } from './availability.js';
import { createTrytonOrderCreation, type CreateOrder } from './order-create.js';
import { createTrytonOrders } from './orders.js';
import { createTrytonPricing } from './pricing.js';
import type { TrytonRpc } from './rpc.js';
import { createTrytonSales } from './sales.js';
import { createTrytonSession, type TrytonErpOptions } from './session.js';

export type { TrytonErpOptions } from './session.js';

export interface TrytonErp extends ErpPorts {
  rpc: TrytonRpc;
  /** Order creation without the caller's timeout (internal: what a timed-out caller leaves running). */
  createUnbounded: CreateOrder;
}

export function createTrytonErp(opts: TrytonErpOptions): TrytonErp {
  const session = createTrytonSession(opts);
  const pricing = createTrytonPricing(session);
  const sales = createTrytonSales(session);
  const inventory = createTrytonInventory(session);
  const createUnbounded = createTrytonOrderCreation(session, pricing, sales, inventory);
  // A caller with a short timeout still gets a create that finishes in Tryton (with long timeouts), so its retry replays it.
  let longLived: TrytonErp | undefined;
  const unbounded: CreateOrder =
    session.timeoutMs >= 60_000
      ? createUnbounded
      : (input, key) => (longLived ??= createTrytonErp({ ...opts, timeoutMs: 60_000 })).createUnbounded(input, key);
  return {
    rpc: session.rpc,
    createUnbounded,
    clock: createTrytonClock(session),
    inventory,
    pricing: pricing.port,
    orders: createTrytonOrders(session, { pricing, sales, createUnbounded: unbounded }),
    invoices: createTrytonInvoices(session),
    events: createTrytonEvents(session, pricing, sales),
    ping: () => session.rpc.ping(),
  };
}
