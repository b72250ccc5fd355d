/**
 * Request-scoped commands of the orders subgraph: the cart service and the order commands (submit,
 * approve, reject, exception actions), each bound to the service's dependencies.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { InternalClient } from '@portal/platform/internal-client';
import type { Viewer } from '@portal/platform/auth';
import { approveCart, rejectCart } from './approvals.js';
import { cartService } from './carts.js';
import type { OrdersDeps } from './deps.js';
import { submitCart, type SubmitInput } from './submit.js';
import { disputeOrderPrice, resolveOrderException } from './exception-commands.js';

export function createCommands(em: EntityManager, inventory: InternalClient, deps: () => OrdersDeps) {
  return {
    carts: cartService(em, inventory),
    submit: (viewer: Viewer, input: SubmitInput) => submitCart(deps(), viewer, input),
    approve: (viewer: Viewer, cartId: string, comment: string | null) => approveCart(deps(), viewer, cartId, comment),
    reject: (viewer: Viewer, cartId: string, reason: string) => rejectCart(deps(), viewer, cartId, reason),
    resolveException: (viewer: Viewer, input: Parameters<typeof resolveOrderException>[2]) => resolveOrderException(deps(), viewer, input),
    disputePrice: (viewer: Viewer, input: Parameters<typeof disputeOrderPrice>[2]) => disputeOrderPrice(deps(), viewer, input),
  };
}
export type Commands = ReturnType<typeof createCommands>;
