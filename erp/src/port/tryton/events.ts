/**
 * The change feed over Tryton, which cannot push: a poll of `sale.sale`, `stock.shipment.out`,
 * `account.invoice`, `product.price_list.line`, `product.product` and the taxes (`account.tax`, the
 * tax rules' lines, the account categories that hold the products' taxes) for rows written since the
 * cursor (`write_date`/`create_date` in µs, which is also the event's `seq`). Rows younger than the
 * settle window are held back (a transaction still committing could otherwise land behind the
 * cursor); events of one instant (one Tryton transaction) are never split across pages. Consumers
 * of one process polling from the same position within half a poll interval share one poll.
 */
import { ErpRequestError, type ErpChangeEvent, type EventsPort } from '../types.js';
import { creditMemoOf, INVOICE_FIELDS, invoiceOf, mapInvoices } from './billing.js';
import { trytonDeliveries } from './deliveries.js';
import type { TrytonPricing } from './pricing.js';
import { micros, tDateTime } from './rpc.js';
import { SALE_FIELDS, type TrytonSales } from './sales.js';
import { toItem, type Row, type TrytonSession } from './session.js';

/** What taxes depend on: a change of any of these rows changes the tax records (TX00). */
const TAX_MODELS = ['account.tax', 'account.tax.rule.line', 'product.category'];
const FEED_MODELS = ['sale.sale', 'stock.shipment.out', 'account.invoice', 'product.price_list.line', 'product.product', ...TAX_MODELS];
const PRODUCT_FIELDS = [
  'code',
  'name',
  'list_price',
  'salable',
  'default_uom.symbol',
  'description',
  'template',
  'account_category',
  'write_date',
  'create_date',
];
const ORDER = [
  ['write_date', 'ASC'],
  ['create_date', 'ASC'],
  ['id', 'ASC'],
];

const ts = (r: Row) => micros(String(r.write_date ?? r.create_date));

/** Events of one poll, collected per model and then put in feed order. */
class Batch {
  readonly events: ErpChangeEvent[] = [];
  constructor(
    readonly after: number,
    readonly cutoff: number,
  ) {}
  inWindow = (at: number) => at > this.after && at <= this.cutoff;
  settled = (rows: Row[]) => rows.filter((r) => this.inWindow(ts(r)));
  push(model: string, r: Row, type: ErpChangeEvent['type'], key: string, payload: unknown, at = ts(r)) {
    this.events.push({
      seq: at,
      id: `${model}:${r.id}:${type}:${key}:${at}`,
      type,
      key,
      occurredAt: new Date(Math.floor(at / 1000)).toISOString(),
      payload: payload as ErpChangeEvent['payload'],
    });
  }
}

export function createTrytonEvents(session: TrytonSession, pricing: TrytonPricing, sales: TrytonSales): EventsPort {
  const { read, settleMs, pollIntervalMs } = session;

  /** A sale created since the cursor is `order.created` (at its create_date); a later write is `order.changed`. */
  async function saleEvents(b: Batch, rows: Row[]) {
    const s = rows.filter((r) => b.inWindow(micros(String(r.create_date))) || (r.write_date && b.inWindow(micros(String(r.write_date)))));
    const mapped = await sales.map(s);
    s.forEach((r, i) => {
      const created = micros(String(r.create_date));
      const written = r.write_date ? micros(String(r.write_date)) : null;
      if (b.inWindow(created)) b.push('sale.sale', r, 'order.created', mapped[i]!.number, mapped[i], created);
      if (written !== null && written !== created && b.inWindow(written))
        b.push('sale.sale', r, 'order.changed', mapped[i]!.number, mapped[i], written);
    });
  }

  async function shipmentEvents(b: Batch, rows: Row[]) {
    const sh = b.settled(rows);
    if (!sh.length) return;
    const ds = new Map((await trytonDeliveries(session, [['id', 'in', sh.map((r) => r.id)]])).map((d) => [d.number, d]));
    for (const r of sh) {
      const d = ds.get(r.number as string);
      if (d) b.push('stock.shipment.out', r, 'delivery.shipped', d.number, d);
    }
  }

  async function invoiceEvents(b: Batch, rows: Row[]) {
    const inv = b.settled(rows);
    const mapped = await mapInvoices(session, inv);
    inv.forEach((r, i) => {
      const x = mapped[i]!;
      if (x.credit) b.push('account.invoice', r, 'credit_memo.issued', x.number, creditMemoOf(x));
      else b.push('account.invoice', r, 'invoice.posted', x.number, invoiceOf(x));
    });
  }

  /** A changed price-list line changes every non-list condition record of its product. */
  async function conditionEvents(b: Batch, rows: Row[]) {
    const pl = b.settled(rows);
    if (!pl.length) return;
    const all = await pricing.conditions();
    const m = await session.master();
    for (const r of pl) {
      const sku = m.byId.get(r.product as number)?.code as string | undefined;
      for (const c of all.filter((c) => c.sku === sku && c.access !== 'LIST'))
        b.push('product.price_list.line', r, 'condition.changed', c.id, c);
    }
  }

  /** A changed tax, tax rule line or account category changes the tax records: each is sent again (its version moved on). */
  async function taxEvents(b: Batch, rows: Row[][]) {
    const changed = rows.map((r, i) => b.settled(r).map((row) => [TAX_MODELS[i]!, row] as const)).flat();
    if (!changed.length) return;
    const records = (await pricing.conditions()).filter((c) => c.conditionType === 'TX00');
    for (const [model, row] of changed) for (const c of records) b.push(model, row, 'condition.changed', c.id, c);
  }

  async function changes(after: number, limit: number): Promise<ErpChangeEvent[]> {
    const since = tDateTime(
      new Date(Math.floor(after / 1000))
        .toISOString()
        .replace(/\.(\d{3})Z$/, (_, ms: string) => `.${ms}${String(after % 1000).padStart(3, '0')}Z`),
    );
    const b = new Batch(after, (Date.now() - settleMs) * 1000);
    const changed = [
      'OR',
      ['write_date', '>', since],
      [
        ['write_date', '=', null],
        ['create_date', '>', since],
      ],
    ];
    const n = limit + 50;
    const [saleRows, ships, invoices, plLines, products, ...taxRows] = await Promise.all([
      read('sale.sale', [changed, ['state', '!=', 'draft']], SALE_FIELDS, ORDER, n),
      read('stock.shipment.out', [changed, ['state', '=', 'done']], ['number', 'write_date', 'create_date'], ORDER, n),
      read('account.invoice', [changed, ['type', '=', 'out'], ['state', 'in', ['posted', 'paid']]], INVOICE_FIELDS, ORDER, n),
      read('product.price_list.line', [changed], ['product', 'write_date', 'create_date'], ORDER, n),
      read('product.product', [changed], PRODUCT_FIELDS, ORDER, n),
      ...TAX_MODELS.map((model) => read(model, [changed], ['write_date', 'create_date'], ORDER, n)),
    ]);
    await saleEvents(b, saleRows);
    await shipmentEvents(b, ships);
    await invoiceEvents(b, invoices);
    await conditionEvents(b, plLines);
    await taxEvents(b, taxRows);
    const m = await session.master();
    for (const r of b.settled(products)) b.push('product.product', r, 'item.changed', r.code as string, toItem(r, m));
    const events = b.events.sort((x, y) => x.seq - y.seq || (x.id < y.id ? -1 : 1));
    if (events.length <= limit) return events;
    // Never split events of one instant (one Tryton transaction): the cursor is that instant.
    const last = events[limit - 1]!.seq;
    return events.filter((e) => e.seq <= last);
  }

  return {
    async poll(after, o = {}) {
      if (!Number.isSafeInteger(after) || after < 0)
        throw new ErpRequestError(400, 'BAD_CURSOR', 'after must be a non-negative feed position');
      const limit = Math.max(1, Math.min(o.limit ?? 100, 1000));
      const until = Date.now() + (o.waitMs ?? 0);
      for (;;) {
        // Consumers of one process at the same position (read to the end) share one poll of Tryton.
        // Each consumer gets its own copy: a consumer may change what it was given.
        const events = structuredClone(
          await session.shared(`feed:${after}:${limit}`, Math.min(500, pollIntervalMs / 2), () => changes(after, limit)),
        );
        if (events.length || Date.now() >= until) return { events, nextCursor: events.length ? events[events.length - 1]!.seq : after };
        await new Promise((r) => setTimeout(r, Math.min(pollIntervalMs, Math.max(0, until - Date.now()))));
      }
    },
    async head() {
      const cutoff = (Date.now() - settleMs) * 1000;
      const rows = await Promise.all(
        FEED_MODELS.flatMap((model) => [
          read(model, [['write_date', '!=', null]], ['write_date'], [['write_date', 'DESC']], 5),
          read(model, [], ['create_date'], [['create_date', 'DESC']], 5),
        ]),
      );
      const stamps = rows
        .flat()
        .map(ts)
        .filter((t) => t <= cutoff);
      return stamps.length ? Math.max(...stamps) : 0;
    },
  };
}
