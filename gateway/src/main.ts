#!/usr/bin/env -S npx tsx
/** Gateway CLI: `portal-gateway --supergraph FILE --port N` (flags win over env). */
import { parseArgs } from 'node:util';
import { runUntilSignal } from '@portal/platform/service';
import { loadGatewayConfig } from './config.js';
import { startGateway } from './server.js';

const { values } = parseArgs({
  options: { supergraph: { type: 'string' }, port: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
});
if (values.help) {
  console.log(
    'usage: portal-gateway [--supergraph FILE] [--port N]\n  env: see docs/configuration.md (PORT, SUPERGRAPH_PATH, JWT_*, INTERNAL_HMAC_SECRET, SUBGRAPH_<NAME>_URL, ...)',
  );
  process.exit(0);
}
const config = loadGatewayConfig({
  ...process.env,
  ...(values.supergraph ? { SUPERGRAPH_PATH: values.supergraph } : {}),
  ...(values.port ? { PORT: values.port } : {}),
});
await runUntilSignal('gateway', async () => [await startGateway({ config })]);
