/** The Tryton 6.0 adapter of the ERP ports (JSON-RPC). */
export { createTrytonErp, type TrytonErp, type TrytonErpOptions } from './adapter.js';
export { TrytonMappingError, parseFormula, conditionsFrom } from './mapping.js';
export { createTrytonRpc, rpcDelta, trytonRpcTotals, TrytonWarning, type RpcStats, type TrytonRpc } from './rpc.js';
export { createTrytonControl } from './control.js';
