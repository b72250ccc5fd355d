/**
 * The analysts' reports page (served at /reports, built by build.ts): orders by status over time,
 * receivables aging by account and on-time delivery and promise accuracy, for a date range and a
 * set of accounts, from the report aggregates of the GraphQL API. Signed in like GraphiQL: the token
 * arrives in the URL fragment (`#token=…`, never sent to a server) or is pasted, is kept in memory
 * only (never in the browser's storage; a reload asks again) and goes to POST /graphql as a bearer
 * token. Analysts see every account;
 * everyone else sees their own account's figures.
 */
import 'chartist/dist/index.css';
import './page.css';
import { GraphQLRequestError, execute } from './operations.js';
import {
  $,
  fulfilmentCharts,
  ordersChart,
  receivablesCharts,
  type FulfilmentReport,
  type Interval,
  type OrderReport,
  type ReceivablesReport,
} from './views.js';

interface Account {
  id: string;
  name: string;
  currency: string;
}

// ---- sign-in ----

function takeToken(): string | undefined {
  const fromFragment = new URLSearchParams(window.location.hash.slice(1)).get('token') ?? undefined;
  if (fromFragment) window.history.replaceState(null, '', window.location.pathname + window.location.search);
  return fromFragment;
}

function askForToken(message?: string): void {
  $('#signin').hidden = false;
  $('#reports').hidden = true;
  if (message) $('#signin-problem').textContent = message;
  $<HTMLFormElement>('#signin form').onsubmit = (e) => {
    e.preventDefault();
    const token = $<HTMLInputElement>('#token').value.trim();
    if (token) void start(token);
  };
}

// ---- the page ----

interface Filters {
  range: { from: string; to: string } | null;
  asOf: string | null;
  interval: Interval;
  accountIds: string[] | null;
}

let token = '';
let accounts: Account[] = [];

async function start(t: string): Promise<void> {
  token = t;
  let viewer: {
    me: { user: { name: string }; roles: string[]; account: { id: string; name: string } };
    accounts: { totalCount: number; nodes: Account[] };
  };
  try {
    viewer = await execute('ReportsViewer', {}, token);
  } catch (err) {
    askForToken(`Signing in failed: ${(err as Error).message}`);
    return;
  }
  $('#signin').hidden = true;
  $('#reports').hidden = false;
  accounts = viewer.accounts.nodes;
  const analyst = viewer.me.roles.includes('ANALYST');
  $('#viewer').textContent = `Signed in as ${viewer.me.user.name} (${viewer.me.roles.join(', ').toLowerCase()}) · ${
    analyst ? `all ${viewer.accounts.totalCount} accounts` : `account ${viewer.me.account.name}`
  }`;
  const select = $<HTMLSelectElement>('#accounts');
  select.replaceChildren(...accounts.map((a) => new Option(`${a.name} (${a.id}, ${a.currency})`, a.id)));
  select.size = Math.min(6, Math.max(2, accounts.length));
  $<HTMLFormElement>('#filters').onsubmit = (e) => {
    e.preventDefault();
    void load(readFilters());
  };
  $('#all-accounts').onclick = () => {
    for (const o of select.options) o.selected = false;
    void load(readFilters());
  };
  await load({ range: null, asOf: null, interval: 'DAY', accountIds: null });
}

function readFilters(): Filters {
  const from = $<HTMLInputElement>('#from').value;
  const to = $<HTMLInputElement>('#to').value;
  const chosen = [...$<HTMLSelectElement>('#accounts').selectedOptions].map((o) => o.value);
  return {
    range: from && to ? { from, to } : null,
    asOf: $<HTMLInputElement>('#asof').value || null,
    interval: $<HTMLSelectElement>('#interval').value as Interval,
    accountIds: chosen.length ? chosen : null,
  };
}

function setStatus(text: string, busy = false): void {
  $('#status').textContent = text;
  $('#reports').setAttribute('aria-busy', String(busy));
}

async function load(f: Filters): Promise<void> {
  setStatus('Loading…', true);
  const scope = f.accountIds ? { accountIds: f.accountIds } : {};
  const rangeVars = { ...(f.range ? { range: f.range } : {}), ...scope };
  try {
    const [orders, fulfilment] = await Promise.all([
      execute<{ orderReport: OrderReport }>('OrdersByStatus', { ...rangeVars, interval: f.interval }, token),
      execute<{ fulfilmentReport: FulfilmentReport }>('OnTimeDelivery', { ...rangeVars, interval: f.interval }, token),
    ]);
    const { from, to } = orders.orderReport;
    const asOf = f.asOf ?? to;
    const receivables = await execute<{ receivables: ReceivablesReport }>('ReceivablesAging', { asOf, ...scope }, token);
    $<HTMLInputElement>('#from').value = from;
    $<HTMLInputElement>('#to').value = to;
    $<HTMLInputElement>('#asof').value = asOf;
    $<HTMLSelectElement>('#interval').value = f.interval;
    ordersChart(orders.orderReport, f.interval, { ...rangeVars, interval: f.interval });
    receivablesCharts(receivables.receivables, { asOf, ...scope });
    fulfilmentCharts(fulfilment.fulfilmentReport, f.interval, { ...rangeVars, interval: f.interval });
    const who = f.accountIds ? f.accountIds.join(', ') : 'every account you may read';
    setStatus(`Orders ${from} to ${to}, receivables as of ${asOf}, ${who}.`);
    document.body.dataset.loaded = String(Date.now());
  } catch (err) {
    if (err instanceof GraphQLRequestError && err.code === 'UNAUTHENTICATED') {
      askForToken(`Your token was refused (${err.message}): paste another one.`);
      return;
    }
    setStatus(`Could not load the reports: ${(err as Error).message}`);
  }
}

const initial = takeToken();
if (initial) void start(initial);
else askForToken();
