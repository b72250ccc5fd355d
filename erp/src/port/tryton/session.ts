/**
 * The one Tryton session every port module of the adapter shares: the JSON-RPC client, the
 * adapter's options, `search_read` as a function, and Tryton's master data (products, parties,
 * warehouses, currencies, price lists, supplier lead times, locations), read in one round and
 * memoised (30 s, then refreshed behind the memo). One session serves every adapter of a process
 * with the same login. Also the translations of master data onto the ports' shapes that several ports need.
 */
import { Decimal, minorUnits } from '@portal/platform/money';
import { ErpRequestError, type ErpItem, type ErpWarehouse } from '../types.js';
import type { TPriceList } from './mapping.js';
import type { TTax, TTaxCategory, TTaxRuleLine } from './tax-mapping.js';
import { createTrytonRpc, type TrytonRpc } from './rpc.js';

export interface TrytonErpOptions {
  url: string;
  database: string;
  user: string;
  password: string;
  timeoutMs?: number;
  /** Change feed: how often a waiting poll asks Tryton again. */
  pollIntervalMs?: number;
  /** Change feed: rows younger than this are not emitted yet (a transaction still committing could land behind the cursor). */
  settleMs?: number;
  /** How long master data (items, parties, price lists: 30 s) and price-list records (5 s) are kept. */
  cacheMs?: number;
}

/** A Tryton record as JSON-RPC returns it. */
export type Row = Record<string, any>;

/** A Tryton party that is a portal account, with what its categories say. */
export interface TrytonAccount {
  party: Row;
  currency: string;
  warehouse: string;
  partial: boolean;
}

/** Tryton's master data, indexed the ways the ports look it up. */
export interface Master {
  products: Row[];
  bySku: Map<string, Row>;
  byId: Map<number, Row>;
  parties: Row[];
  accounts: Map<string, TrytonAccount>;
  warehouses: Row[];
  whByCode: Map<string, Row>;
  whById: Map<number, Row>;
  currencies: Map<string, number>;
  currencyCodes: Map<number, string>;
  /** ISO code → decimal places of its amounts (Tryton's `digits`: JPY 0, USD 2). */
  currencyDigits: Map<string, number>;
  company: { id: number; currency: string; timezone: string };
  lists: TPriceList[];
  leadTimes: Map<number, number>;
  /** Tryton's taxes, the account categories with customer taxes (their names are tax classes) and the tax rules' lines. */
  tax: {
    taxes: Map<number, TTax>;
    categories: Map<number, TTaxCategory>;
    ruleLines: Map<number, TTaxRuleLine[]>;
    /** The company's tax rounding (`account.configuration`): per line or per document. */
    rounding: 'line' | 'document';
  };
  /** A warehouse and every location under it (Tryton's `child_of`). */
  locationsOf(warehouseId: number): number[];
}

export interface TrytonSession {
  rpc: TrytonRpc;
  opts: TrytonErpOptions;
  timeoutMs: number;
  pollIntervalMs: number;
  settleMs: number;
  read(
    model: string,
    domain: unknown[],
    fields: string[],
    order?: unknown,
    limit?: number | null,
    context?: Record<string, unknown>,
  ): Promise<Row[]>;
  /**
   * Master data: from the memo when it is younger than `cacheMs`; up to six times that, from the memo
   * while a refresh runs behind it; older, read now.
   */
  master(): Promise<Master>;
  /** A portal account's party; an unknown account is `UNKNOWN_CUSTOMER`. */
  account(accountId: string): Promise<{ m: Master; a: TrytonAccount }>;
  /**
   * A read shared by every adapter of this session: answered from the memo while it is younger than
   * `ttlMs` (a read in flight is joined); a failed read is forgotten.
   */
  shared<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<T>;
  /** A named map shared by every adapter of this session (for caches that are keyed by what makes them valid). */
  store<K, V>(name: string): Map<K, V>;
}

const UOM: Record<string, string> = { u: 'EA', m: 'M', BX: 'BX' };
/**
 * An amount in `currency` with exactly its decimal places as Tryton keeps them (`currency.currency`
 * digits: JPY 0, USD 2), else the ISO 4217 minor units; Tryton's amounts are already rounded to them.
 */
export const moneyIn = (m: Pick<Master, 'currencyDigits'>, currency: string, s: Decimal.Value | null | undefined) => {
  const digits = m.currencyDigits.get(currency) ?? minorUnits(currency);
  return new Decimal(s ?? 0).toDecimalPlaces(digits, Decimal.ROUND_HALF_UP).toFixed(digits);
};
/**
 * A condition record's version: the newest write of its Tryton rows in whole seconds (the portal
 * stores versions as 32-bit integers; two edits of one record within a second share a version).
 */
export const stampOf = (r: Row) => Math.floor(Date.parse(String(r.write_date ?? r.create_date)) / 1000);
export const today = () => new Date().toISOString().slice(0, 10);
/** The portal order id a sale (or a document of it) carries in its description. */
export const portalIdOf = (description: unknown) => /^portal:(.*)$/m.exec(String(description ?? ''))?.[1];

/**
 * Sessions of this process, one per Tryton login and options: the subgraphs of one process (the
 * launcher, the test stack) share the login, the master data, the price-list records and the
 * change-feed polls instead of each asking Tryton for the same rows. An adapter with another
 * timeout shares them too, with its own default timeout per call.
 */
const sessions = new Map<string, TrytonSession>();

export function createTrytonSession(opts: TrytonErpOptions): TrytonSession {
  const key = JSON.stringify([opts.url, opts.database, opts.user, opts.password, opts.pollIntervalMs, opts.settleMs, opts.cacheMs]);
  let core = sessions.get(key);
  // The shared reads (master data and the like) wait at least 10 s, whatever the timeout of the adapter that came first.
  if (!core) sessions.set(key, (core = newSession({ ...opts, timeoutMs: Math.max(opts.timeoutMs ?? 10_000, 10_000) })));
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const rpc = core.rpc.withTimeout(timeoutMs);
  return {
    ...core,
    rpc,
    opts,
    timeoutMs,
    read: (model, domain, fields, order = null, limit = null, context = {}) =>
      rpc.model<Row[]>(model, 'search_read', [domain, 0, limit, order, fields], context),
  };
}

function newSession(opts: TrytonErpOptions): TrytonSession {
  const rpc = createTrytonRpc(opts);
  const cacheMs = opts.cacheMs ?? 30_000;
  const read: TrytonSession['read'] = (model, domain, fields, order = null, limit = null, context = {}) =>
    rpc.model<Row[]>(model, 'search_read', [domain, 0, limit, order, fields], context);

  // Fresh for `cacheMs`; then, for a while longer, answered from the memo while one refresh runs behind it.
  type Entry = { at: number; value: Promise<Master>; settled: boolean };
  let memo: Entry | null = null;
  let refreshing: Entry | null = null;
  /** A read of the master data; it becomes the memo once it has answered (a failed read is forgotten). */
  function load(): Entry {
    const entry: Entry = { at: Date.now(), value: loadMaster(rpc, read), settled: false };
    entry.value.then(
      () => {
        entry.settled = true;
        if (!memo || memo.at <= entry.at) memo = entry;
      },
      () => {
        if (memo === entry) memo = null;
      },
    );
    return entry;
  }
  function master(): Promise<Master> {
    const age = memo ? Date.now() - memo.at : Infinity;
    if (memo && age < cacheMs) return memo.value;
    if (memo?.settled && age < 6 * cacheMs) {
      if (!refreshing) {
        const entry = (refreshing = load());
        entry.value.then(
          () => (refreshing = null),
          () => (refreshing = null),
        );
      }
      return memo.value;
    }
    memo = load();
    return memo.value;
  }

  const memos = new Map<string, { at: number; value: Promise<unknown> }>();
  function shared<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<T> {
    const hit = memos.get(key);
    if (hit && Date.now() - hit.at < ttlMs) return hit.value as Promise<T>;
    for (const [k, v] of memos) if (Date.now() - v.at >= ttlMs) memos.delete(k); // keep the map small
    const value = load();
    const entry = { at: Date.now(), value };
    memos.set(key, entry);
    value.catch(() => {
      if (memos.get(key) === entry) memos.delete(key);
    });
    return value;
  }

  const stores = new Map<string, Map<unknown, unknown>>();
  const store = <K, V>(name: string): Map<K, V> => {
    if (!stores.has(name)) stores.set(name, new Map());
    return stores.get(name) as Map<K, V>;
  };

  return {
    rpc,
    opts,
    shared,
    store,
    timeoutMs: opts.timeoutMs ?? 10_000,
    pollIntervalMs: opts.pollIntervalMs ?? 1_000,
    settleMs: opts.settleMs ?? 2_000,
    read,
    master,
    async account(accountId) {
      const m = await master();
      const a = m.accounts.get(accountId);
      if (!a) throw new ErpRequestError(404, 'UNKNOWN_CUSTOMER', `no Tryton party with code ${accountId}`);
      return { m, a };
    },
  };
}

export const PRODUCT_FIELDS = [
  'code',
  'name',
  'list_price',
  'salable',
  'default_uom',
  'default_uom.symbol',
  'description',
  'template',
  'account_category',
];
const PARTY_FIELDS = [
  'code',
  'name',
  'categories',
  'sale_price_list',
  'credit_limit_amount',
  'customer_payment_term',
  'addresses',
  'addresses.country.code',
  'customer_tax_rule',
];

async function loadMaster(rpc: TrytonRpc, read: TrytonSession['read']): Promise<Master> {
  const ctx = await rpc.context();
  const [products, parties, warehouses, currencies, categories, lists, suppliers, companies, locations, tax] = await Promise.all([
    read('product.product', [], [...PRODUCT_FIELDS, 'write_date', 'create_date'], [['code', 'ASC']]),
    read('party.party', [['categories.parent.name', '=', 'Currency']], [...PARTY_FIELDS, 'write_date', 'create_date']),
    read('stock.location', [['type', '=', 'warehouse']], ['code', 'name', 'storage_location', 'output_location', 'input_location']),
    read('currency.currency', [], ['code', 'digits']),
    read('party.category', [], ['name', 'parent.name']),
    read('product.price_list', [], ['name', 'parent']),
    read('purchase.product_supplier', [], ['template', 'product', 'lead_time']),
    read('company.company', [['id', '=', ctx.company]], ['currency', 'timezone']),
    read('stock.location', [], ['parent']),
    readTaxes(rpc, read),
  ]);
  const children = new Map<number, number[]>();
  for (const l of locations) if (l.parent) children.set(l.parent as number, [...(children.get(l.parent as number) ?? []), l.id as number]);
  const under = (id: number): number[] => [id, ...(children.get(id) ?? []).flatMap(under)];
  const currencyCodes = new Map(currencies.map((c) => [c.id as number, c.code as string]));
  const company = companies[0]!;
  return {
    products,
    bySku: new Map(products.map((p) => [p.code as string, p])),
    byId: new Map(products.map((p) => [p.id as number, p])),
    parties,
    accounts: accountsOf(parties, categories),
    warehouses,
    whByCode: new Map(warehouses.map((w) => [w.code as string, w])),
    whById: new Map(warehouses.map((w) => [w.id as number, w])),
    currencies: new Map(currencies.map((c) => [c.code as string, c.id as number])),
    currencyCodes,
    currencyDigits: new Map(currencies.map((c) => [c.code as string, c.digits as number])),
    company: {
      id: company.id as number,
      currency: currencyCodes.get(company.currency as number) ?? 'USD',
      timezone: company.timezone ?? 'UTC',
    },
    lists: lists.map((l) => ({ id: l.id as number, name: l.name as string, parent: (l.parent as number | null) ?? null })),
    leadTimes: leadTimesOf(products, suppliers),
    tax,
    locationsOf: under,
  };
}

/** Portal accounts are parties in a `Currency` category; their `Warehouse` and `Delivery` categories say the rest. */
function accountsOf(parties: Row[], categories: Row[]): Map<string, TrytonAccount> {
  const catName = new Map(categories.map((c) => [c.id as number, { name: c.name as string, parent: c['parent.']?.name as string }]));
  const accounts = new Map<string, TrytonAccount>();
  for (const p of parties) {
    const cats = (p.categories as number[]).map((id) => catName.get(id)).filter(Boolean) as { name: string; parent: string }[];
    const of = (parent: string) => cats.find((c) => c.parent === parent)?.name;
    accounts.set(p.code as string, {
      party: p,
      currency: of('Currency') ?? 'USD',
      warehouse: of('Warehouse') ?? 'WH-US',
      partial: of('Delivery') !== 'Complete',
    });
  }
  return accounts;
}

/** Tryton's taxes, the account categories with their customer taxes, the tax rules' lines and the tax rounding, read now. */
export async function readTaxes(rpc: TrytonRpc, read: TrytonSession['read']): Promise<Master['tax']> {
  const stamped = ['write_date', 'create_date'];
  const [taxes, categories, ruleLines, config] = await Promise.all([
    read('account.tax', [], ['name', 'type', 'rate', 'start_date', 'end_date', ...stamped]),
    read('product.category', [['accounting', '=', true]], ['name', 'customer_taxes_used', ...stamped]),
    read(
      'account.tax.rule.line',
      [],
      ['rule', 'sequence', 'origin_tax', 'tax', 'group', 'keep_origin', 'start_date', 'end_date', ...stamped],
    ),
    rpc.model<Row[]>('account.configuration', 'read', [[1], ['tax_rounding']]),
  ]);
  const rounding: unknown = config[0]?.tax_rounding;
  const lines = new Map<number, TTaxRuleLine[]>();
  for (const l of ruleLines) {
    const line = { ...(l as TTaxRuleLine), keep_origin: Boolean(l.keep_origin), stamp: stampOf(l) };
    lines.set(line.rule, [...(lines.get(line.rule) ?? []), line]);
  }
  return {
    taxes: new Map(
      taxes.map((t) => [
        t.id as number,
        { ...(t as TTax), rate: t.rate === null || t.rate === undefined ? null : String(t.rate), stamp: stampOf(t) },
      ]),
    ),
    categories: new Map(
      categories.map((c) => [
        c.id as number,
        { id: c.id, name: c.name, taxes: (c.customer_taxes_used as number[]) ?? [], stamp: stampOf(c) },
      ]),
    ),
    ruleLines: lines,
    rounding: rounding === 'document' ? 'document' : 'line',
  };
}

/** The tax class of a product: the name of its account category when that category has customer taxes (null: untaxed). */
export function taxClassOf(p: Row, m: Pick<Master, 'tax'>): string | null {
  const category = m.tax.categories.get(p.account_category as number);
  return category && category.taxes.length ? category.name : null;
}

/** A party's ship-to country: the country of its first address with one (`addresses.country.code`). */
export const shipToCountryOf = (party: Row): string | null =>
  ((party['addresses.'] as Row[] | undefined) ?? []).map((a) => a['country.']?.code as string | undefined).find(Boolean) ?? null;

/** Replenishment lead time per product: the longest of its suppliers' (`lead_time` is a timedelta in seconds). */
function leadTimesOf(products: Row[], suppliers: Row[]): Map<number, number> {
  const leadTimes = new Map<number, number>();
  for (const s of suppliers) {
    const days = Math.round(Number(s.lead_time ?? 0) / 86_400);
    for (const p of products.filter((x) => (s.product ? x.id === s.product : x.template === s.template)))
      leadTimes.set(p.id as number, Math.max(leadTimes.get(p.id as number) ?? 0, days));
  }
  return leadTimes;
}

export function toItem(p: Row, m: Master): ErpItem {
  const successor = /Successor:\s*(\S+)/.exec(String(p.description ?? ''))?.[1] ?? null;
  return {
    sku: p.code,
    name: p.name,
    uom: UOM[p['default_uom.']?.symbol as string] ?? String(p['default_uom.']?.symbol ?? 'EA'),
    weightKg: '0.000',
    leadTimeDays: m.leadTimes.get(p.id as number) ?? 0,
    discontinued: !p.salable,
    successorSku: successor,
    taxClass: taxClassOf(p, m),
  };
}

/** Tryton has no warehouse calendar, cut-off or outbound times: Monday–Friday, 23:59, no days. */
export function toWarehouse(w: Row, m: Master): ErpWarehouse {
  return {
    id: w.code,
    name: w.name,
    timeZone: m.company.timezone,
    workingDays: [1, 2, 3, 4, 5],
    holidays: [],
    cutoffTime: '23:59',
    pickPackDays: 0,
    loadingDays: 0,
    transitDays: 0,
  };
}
