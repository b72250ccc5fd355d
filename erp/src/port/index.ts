/** The ERP ports and their adapters. Subgraphs import only this. */
export * from './types.js';
export * from './reference.js';
export * from './business-clock.js';
export * from './order-history.js';
export * from './config.js';
export { createTrytonErp, createTrytonControl, rpcDelta, trytonRpcTotals, type RpcStats, type TrytonErp } from './tryton/index.js';
