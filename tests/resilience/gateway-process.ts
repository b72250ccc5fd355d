/**
 * A gateway in its own process, for the restart scenario: the parent kills it (SIGKILL, like a
 * crashed or evicted pod) and starts another on the same port. Started as
 * `node --import tsx gateway-process.ts` with
 *   RESILIENCE_SUBGRAPH_URLS  JSON {pricing, inventory, orders, invoices} → subgraph /graphql URLs
 *   PORT                      the port to listen on (0 = any)
 * and reports `{ type: 'ready', url, port }` over IPC once it listens.
 */
import { startGateway } from '@portal/gateway';
import { loadGatewayConfig } from '@portal/gateway/config';

const subgraphUrls = JSON.parse(process.env.RESILIENCE_SUBGRAPH_URLS ?? '{}') as Record<string, string>;
const port = Number(process.env.PORT ?? 0);
const gateway = await startGateway({
  config: loadGatewayConfig({ ...process.env, PORT: String(port) }),
  supergraphPath: new URL('../../schema/supergraph.graphql', import.meta.url).pathname,
  port,
  subgraphUrls,
});
process.send?.({ type: 'ready', url: gateway.url, port: gateway.port });
process.on('disconnect', () => void gateway.close().finally(() => process.exit(0)));
