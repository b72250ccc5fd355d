/**
 * Child process of `pnpm bench subscriptions`: one gateway in its own process over the bench's
 * subgraphs, so its memory and CPU are its own. Environment:
 *   BENCH_SUBGRAPH_URLS  JSON {pricing, inventory, orders, invoices} → subgraph /graphql URLs
 * Reports `{ type: 'ready', url }` over IPC once it listens; answers `{ cmd: 'usage' }` with its RSS
 * and V8 heap after a forced GC and its CPU time so far.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { startGateway } from '@portal/gateway';
import { loadGatewayConfig } from '@portal/gateway/config';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const subgraphUrls = JSON.parse(process.env.BENCH_SUBGRAPH_URLS ?? '{}') as Record<string, string>;
const gateway = await startGateway({
  config: loadGatewayConfig({ ...process.env, PORT: '0', LOG_LEVEL: 'error' }),
  supergraphPath: new URL('../../schema/supergraph.graphql', import.meta.url).pathname,
  port: 0,
  subgraphUrls,
});
process.on('message', (msg: { cmd: string; id: number }) => {
  if (msg.cmd !== 'usage') return;
  gc();
  gc();
  const m = process.memoryUsage();
  const cpu = process.cpuUsage();
  process.send!({ id: msg.id, rss: m.rss, heap: m.heapUsed, cpuMicros: cpu.user + cpu.system });
});
process.send?.({ type: 'ready', url: `${gateway.url}/graphql` });
process.on('disconnect', () => void gateway.close().finally(() => process.exit(0)));
