/**
 * `pnpm start`: the whole stack in one command on the embedded database (PGlite under .data/)
 * with demo data, or on DATABASE_URL when set. Prints the GraphiQL/GraphQL URL and a token per
 * demo persona.
 */
import { DEFAULT_PORTS, demoTokens, startStack, type ServiceName } from '@portal/launcher';
import { baseConfig, loadConfig } from '@portal/platform/config';
import { buildGraphiql } from '../gateway/graphiql/build.js';

const config = loadConfig('launcher', baseConfig);
const envPort = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const ports: Record<ServiceName, number> = {
  gateway: envPort('PORT', DEFAULT_PORTS.gateway),
  erp: envPort('ERP_PORT', DEFAULT_PORTS.erp),
  pricing: envPort('PRICING_PORT', DEFAULT_PORTS.pricing),
  inventory: envPort('INVENTORY_PORT', DEFAULT_PORTS.inventory),
  orders: envPort('ORDERS_PORT', DEFAULT_PORTS.orders),
  invoices: envPort('INVOICES_PORT', DEFAULT_PORTS.invoices),
};
const t0 = Date.now();
const say = (msg: string) => process.stderr.write(`\x1b[36m▸\x1b[0m ${msg} (${((Date.now() - t0) / 1000).toFixed(1)}s)\n`);

// The GraphiQL page is static files built from npm packages (skipped when up to date).
await buildGraphiql({ log: say }).catch((err: unknown) => say(`GraphiQL not built (${(err as Error).message}); /graphiql will say so`));

const stack = await startStack({
  ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : { dataDir: `${config.DATA_DIR}/pg` }),
  ports,
  onProgress: say,
}).catch((err: unknown) => {
  console.error(`\nfailed to start: ${(err as Error).message}`);
  if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE')
    console.error('a port is taken: stop the other process or set PORT / <SERVICE>_PORT');
  process.exit(1);
});

const tokens = await demoTokens(config.JWT_DEV_SECRET);
const buyer = tokens.find((t) => t.role === 'buyer')!;
const lines = [
  '',
  `B2B order portal is up (${((Date.now() - t0) / 1000).toFixed(1)}s) on ${stack.embedded ? `embedded Postgres in ${config.DATA_DIR}/pg` : 'DATABASE_URL'}`,
  '',
  `  GraphQL   ${stack.gatewayUrl}`,
  `  GraphiQL  ${stack.services.gateway.url}/graphiql   signed in as ${buyer.accountId} buyer: ${stack.services.gateway.url}/graphiql#token=${buyer.token}`,
  `  health    ${stack.services.gateway.url}/health   ready: ${stack.services.gateway.url}/ready`,
  `  ERP       ${stack.services.erp.url}`,
  '',
  '  Demo tokens (Authorization: Bearer <token>; all personas as JSON: pnpm run token --json):',
  ...tokens.map((t) => `    ${t.accountId.padEnd(8)} ${t.role.padEnd(9)} ${t.token}`),
  '',
  '  Try it:',
  `    curl -s ${stack.gatewayUrl} -H 'content-type: application/json' \\`,
  `      -H 'authorization: Bearer ${buyer.token}' \\`,
  `      -d '{"query":"{ me { account { id name } } items(first: 2) { nodes { sku name price(quantity: 1) { unitPrice { amount currency } } } } invoices(first: 1) { totalCount } }"}'`,
  '',
  '  Ctrl-C stops everything.',
  '',
];
process.stdout.write(lines.join('\n'));

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping`);
    void stack.close().then(() => process.exit(0));
  });
