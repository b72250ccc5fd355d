/**
 * `pnpm start`: the whole stack in one command on the embedded database (PGlite under .data/)
 * with demo data, or on DATABASE_URL when set. Prints progress, then the GraphiQL/GraphQL URL and
 * a token per demo persona; the services' JSON logs go to <DATA_DIR>/logs/<service>.log.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { DEFAULT_PORTS, demoTokens, startStack, type ServiceName } from '@portal/launcher';
import { baseConfig, loadConfig } from '@portal/platform/config';

// The environment as the user started us, before any library could change it: every service is
// configured from this (vite's build, for one, sets NODE_ENV=production when it is unset).
const startEnv: Record<string, string | undefined> = { ...process.env };
const config = loadConfig('launcher', baseConfig, startEnv);
const logDir = path.resolve(config.DATA_DIR, 'logs');
if (!startEnv.LOG_FORMAT) startEnv.LOG_DIR ??= logDir;
const envPort = (name: string, fallback: number) => (startEnv[name] ? Number(startEnv[name]) : fallback);
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

/**
 * The GraphiQL page is static files built from npm packages (skipped when up to date), built in a
 * child process so that nothing the build tool does to its environment reaches the services.
 */
function buildPages(): Promise<void> {
  const script = path.resolve(import.meta.dirname, '..', 'gateway', 'graphiql', 'build.ts');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: path.resolve(import.meta.dirname, '..'),
      env: { ...startEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let errors = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      for (const line of d.split('\n').filter(Boolean)) if (!line.startsWith('up to date')) say(line);
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (errors += d));
    child.on('error', (err) => {
      say(`GraphiQL not built (${err.message}); /graphiql will say so`);
      resolve();
    });
    child.on('exit', (code) => {
      if (code !== 0) say(`GraphiQL not built (exit ${code}: ${errors.trim().split('\n').slice(-3).join(' | ')}); /graphiql will say so`);
      resolve();
    });
  });
}
await buildPages();

const stack = await startStack({
  ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : { dataDir: `${config.DATA_DIR}/pg` }),
  ports,
  baseEnv: startEnv,
  onProgress: say,
}).catch((err: unknown) => {
  console.error(`\nfailed to start: ${(err as Error).message}`);
  if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE')
    console.error('a port is taken: stop the other process or set PORT / <SERVICE>_PORT');
  process.exit(1);
});

const tokens = await demoTokens(config.JWT_DEV_SECRET);
const buyer = tokens.find((t) => t.role === 'buyer')!;
const analyst = tokens.find((t) => t.role === 'analyst')!;
const lines = [
  '',
  `B2B order portal is up (${((Date.now() - t0) / 1000).toFixed(1)}s) on ${stack.embedded ? `embedded Postgres in ${config.DATA_DIR}/pg` : 'DATABASE_URL'}`,
  '',
  `  GraphQL   ${stack.gatewayUrl}`,
  `  GraphiQL  ${stack.services.gateway.url}/graphiql   signed in as ${buyer.accountId} buyer: ${stack.services.gateway.url}/graphiql#token=${buyer.token}`,
  `  Reports   ${stack.services.gateway.url}/reports    signed in as ${analyst.accountId} analyst: ${stack.services.gateway.url}/reports#token=${analyst.token}`,
  `  health    ${stack.services.gateway.url}/health   ready: ${stack.services.gateway.url}/ready`,
  `  ERP       ${stack.services.erp.url}`,
  `  logs      ${startEnv.LOG_DIR ? `${startEnv.LOG_DIR}/<service>.log (JSON; LOG_FORMAT=pretty shows them here instead)` : `this terminal (LOG_FORMAT=${startEnv.LOG_FORMAT})`}`,
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
