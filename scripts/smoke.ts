/**
 * Embedded-path smoke (what a new user runs): `pnpm start` on a fresh PGlite data directory with
 * no GraphiQL bundle built yet (as on a fresh clone), the README's query through the gateway with
 * a token from `pnpm run token --json`, GraphiQL served, a terminal without log lines and the
 * services' logs in files, then a restart on the same data (demo data is seeded once, not twice).
 * Uses its own ports. CI runs it first, before anything else has built or started.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'portal-smoke-'));
const base = Number(process.env.SMOKE_BASE_PORT ?? 4900);
const env: NodeJS.ProcessEnv = {
  ...process.env,
  DATA_DIR: dataDir,
  PORT: String(base),
  ERP_PORT: String(base + 10),
  PRICING_PORT: String(base + 11),
  INVENTORY_PORT: String(base + 12),
  ORDERS_PORT: String(base + 13),
  INVOICES_PORT: String(base + 14),
};
// Exactly what a newcomer's shell has: no database, bus, environment or log settings of ours.
for (const k of ['DATABASE_URL', 'EVENT_BUS_URL', 'NODE_ENV', 'LOG_LEVEL', 'LOG_FORMAT', 'LOG_DIR']) delete env[k];

// The first start must build GraphiQL itself: a bundle left by an earlier build is put aside.
const graphiqlDist = path.join(root, 'gateway', 'graphiql', 'dist');
const graphiqlAside = `${graphiqlDist}.smoke-${process.pid}`;
if (existsSync(graphiqlDist)) renameSync(graphiqlDist, graphiqlAside);

const QUERY = `{ me { account { id } } items(first: 2) { nodes { sku name price(quantity: 1) { unitPrice { amount currency } } } } invoices(first: 1) { totalCount } }`;

function fail(msg: string): never {
  throw new Error(msg);
}
let running: ChildProcess | undefined;

async function startPortal(): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn('pnpm', ['start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  running = child;
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => {
    out += d.toString();
    process.stderr.write(d);
  });
  const deadline = Date.now() + 180_000;
  while (!out.includes('B2B order portal is up')) {
    if (child.exitCode !== null) fail(`pnpm start exited with ${child.exitCode}:\n${out}`);
    if (Date.now() > deadline) fail(`pnpm start did not come up in 180 s:\n${out}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return { child, output: () => out };
}

async function stopPortal(child: ChildProcess): Promise<void> {
  running = undefined;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const kill = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  kill('SIGINT');
  const timer = setTimeout(() => kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}

async function query(token: string) {
  const res = await fetch(`http://127.0.0.1:${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: QUERY }),
  });
  return { status: res.status, body: (await res.json()) as any };
}

try {
  const tokens = JSON.parse(spawnSync('pnpm', ['run', 'token', '--json'], { cwd: root, env, encoding: 'utf8' }).stdout) as {
    accountId: string;
    role: string;
    token: string;
  }[];
  const personas = new Set(tokens.map((t) => `${t.accountId}/${t.role}`));
  for (const role of ['buyer', 'approver', 'admin', 'analyst'])
    if (![...personas].some((p) => p.endsWith(`/${role}`))) fail(`pnpm token --json has no ${role}`);
  if (new Set(tokens.map((t) => t.accountId)).size < 2) fail('pnpm token --json covers fewer than two accounts');
  const buyer = tokens.find((t) => t.role === 'buyer')!;

  console.log(`smoke: first start on ${dataDir}`);
  let portal = await startPortal();
  const r1 = await query(buyer.token);
  if (r1.status !== 200 || r1.body.errors) fail(`query failed: ${JSON.stringify(r1.body)}`);
  const d = r1.body.data;
  if (d.me.account.id !== buyer.accountId) fail('orders subgraph: wrong account');
  if (d.items.nodes.length !== 2) fail('inventory subgraph: expected 2 items');
  if (!/^\d+\.\d{2}$/.test(d.items.nodes[0].price.unitPrice.amount)) fail('pricing subgraph: no price');
  if (typeof d.invoices.totalCount !== 'number' || d.invoices.totalCount < 1) fail('invoices subgraph: no invoices');
  if (!portal.output().includes('demo data loaded (first run)')) fail('first start did not report loading demo data');
  if (!portal.output().includes('GraphiQL built')) fail('first start did not build GraphiQL');
  const page = await fetch(`http://127.0.0.1:${base}/graphiql`);
  if (page.status !== 200 || !(await page.text()).includes('<script')) fail(`/graphiql did not serve the page (${page.status})`);
  // Progress and the summary only: the services' JSON logs go to files.
  const jsonLines = portal
    .output()
    .split('\n')
    .filter((l) => l.trimStart().startsWith('{"level"'));
  if (jsonLines.length) fail(`log lines in the terminal:\n${jsonLines.slice(0, 3).join('\n')}`);
  const logs = path.join(dataDir, 'logs');
  const logFiles = existsSync(logs) ? readdirSync(logs) : [];
  for (const service of ['erp', 'pricing', 'inventory', 'orders', 'invoices', 'gateway'])
    if (!logFiles.includes(`${service}.log`)) fail(`no ${service}.log in ${logs} (found: ${logFiles.join(', ')})`);
  console.log(`smoke: README query OK: ${JSON.stringify(d)}`);
  await stopPortal(portal.child);

  console.log('smoke: second start on the same data');
  portal = await startPortal();
  const r2 = await query(buyer.token);
  if (JSON.stringify(r2.body) !== JSON.stringify(r1.body))
    fail(`data changed across restart:\n${JSON.stringify(r1.body)}\n${JSON.stringify(r2.body)}`);
  if (!portal.output().includes('existing data kept')) fail('demo data was loaded a second time');
  await stopPortal(portal.child);
  console.log('smoke: OK');
} catch (err) {
  console.error(`smoke FAILED: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  if (running) await stopPortal(running);
  rmSync(dataDir, { recursive: true, force: true });
  // Keep what this run built; put the earlier bundle back only if none was built.
  if (existsSync(graphiqlAside)) {
    if (existsSync(graphiqlDist)) rmSync(graphiqlAside, { recursive: true, force: true });
    else renameSync(graphiqlAside, graphiqlDist);
  }
}
