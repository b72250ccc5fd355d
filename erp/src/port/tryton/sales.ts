/**
 * Tryton's `sale.sale` read as the ports' sales orders, each in one JSON-RPC call (dotted fields
 * bring its lines, their moves and invoice lines, its shipments and invoices along): status from
 * `state` / `shipment_state` and the shipments, per-line progress from the sale lines' customer
 * moves and posted invoice lines, schedule lines from those moves (schedule.ts), the requested
 * delivery date from the sale's `shipping_date` and each line's from its note. A sale the portal
 * made carries the portal order id in its description; a sale entered in Tryton is `erp:<number>`.
 * Also the workflow step every order path shares: confirm (Tryton then processes the sale itself),
 * where the credit check's warning leaves the sale in quotation, recorded as a credit hold.
 */
import { Decimal } from '@portal/platform/money';
import { ErpRequestError, ErpUnavailableError, type ErpSalesOrder } from '../types.js';
import { orderStatus } from './mapping.js';
import { TrytonWarning, type TrytonRpc } from './rpc.js';
import { applyPromise, isCustomerMove, PLAN_FIELDS, readLineNote, scheduleFromMoves } from './schedule.js';
import { moneyIn, portalIdOf, taxClassOf, today, type Master, type Row, type TrytonSession } from './session.js';
import { taxLinesOf, taxOfLine } from './tax-mapping.js';

/** What the portal (or a user) wrote on the sale about a credit hold, in its comment. */
const HOLD = /^credit-hold:\s*(\S+)\s*$/m;

export const SALE_FIELDS = [
  'number',
  'reference',
  'description',
  'comment',
  'state',
  'shipment_state',
  'invoice_state',
  'party',
  'currency',
  'warehouse',
  'sale_date',
  'shipping_date',
  'untaxed_amount',
  'tax_amount',
  'total_amount',
  'create_date',
  'write_date',
  'lines.type',
  'lines.product',
  'lines.quantity',
  'lines.unit_price',
  'lines.amount',
  'lines.note',
  'lines.taxes',
  'lines.moves.quantity',
  'lines.moves.state',
  'lines.moves.planned_date',
  'lines.moves.effective_date',
  'lines.moves.to_location.type',
  'lines.invoice_lines.quantity',
  'lines.invoice_lines.invoice.state',
  'shipments.number',
  'shipments.state',
  'invoices.number',
  'invoices.state',
];

export interface TrytonSales {
  /** Sales matching a domain, mapped. */
  load(domain: unknown[], order?: unknown): Promise<ErpSalesOrder[]>;
  /** Sale rows (read with SALE_FIELDS) mapped. */
  map(sales: Row[]): Promise<ErpSalesOrder[]>;
  get(number: string): Promise<ErpSalesOrder | null>;
  /** The sale and its row; an unknown number is `NOT_FOUND`. */
  require(number: string): Promise<{ order: ErpSalesOrder; row: Row }>;
  /** The first sale made under an idempotency key (Tryton's `reference`). */
  findByKey(key: string): Promise<Row | null>;
  /**
   * Confirm (Tryton processes a confirmed sale itself, creating its shipments; if that did not
   * happen, process), then plan the moves to the promise in the lines' notes. The credit check's
   * warning leaves the sale in quotation, recorded on it as a credit hold: then false.
   */
  confirmAndProcess(id: number, ms: number): Promise<boolean>;
}

export function createTrytonSales(session: TrytonSession): TrytonSales {
  const { rpc, read } = session;

  async function map(sales: Row[]): Promise<ErpSalesOrder[]> {
    if (!sales.length) return [];
    const m = await session.master();
    const partyCode = new Map(m.parties.map((p) => [p.id as number, p.code as string]));
    return sales.map((s) => mapSale(s, m, partyCode));
  }

  async function confirmAndProcess(id: number, ms: number) {
    try {
      await contended(() => rpc.model('sale.sale', 'confirm', [[id]], {}, ms));
    } catch (err) {
      const credit =
        (err instanceof TrytonWarning && /credit_limit/.test(err.warningName)) ||
        (err instanceof ErpRequestError && /credit limit/i.test(err.message));
      if (!credit) throw err;
      const [row] = await rpc.model<Row[]>('sale.sale', 'read', [[id], ['comment']]);
      const comment = String(row?.comment ?? '');
      if (!HOLD.test(comment))
        await rpc.model('sale.sale', 'write', [
          [id],
          { comment: [comment, 'credit-hold: CREDIT_LIMIT_EXCEEDED'].filter(Boolean).join('\n') },
        ]);
      return false;
    }
    // Without a queue worker Tryton runs the confirmation's `process` task right after the commit, in the same call.
    const plan = () => rpc.model<Row[]>('sale.sale', 'read', [[id], PLAN_FIELDS], {}, ms).then((rows) => rows[0]!);
    let row = await plan();
    if (row.state === 'confirmed') {
      await contended(() => rpc.model('sale.sale', 'process', [[id]], {}, ms));
      row = await plan();
    }
    await applyPromise(session, row);
    return true;
  }

  const load = async (domain: unknown[], order: unknown = [['id', 'ASC']]) => map(await read('sale.sale', domain, SALE_FIELDS, order));
  return {
    load,
    map,
    async get(number) {
      return (await load([['number', '=', number]]))[0] ?? null;
    },
    async require(number) {
      const row = (await read('sale.sale', [['number', '=', number]], [...SALE_FIELDS, 'shipments']))[0];
      if (!row) throw new ErpRequestError(404, 'NOT_FOUND', `no sale ${number} in Tryton`);
      return { order: (await map([row]))[0]!, row };
    },
    async findByKey(key) {
      return (await read('sale.sale', [['reference', '=', key]], ['comment', 'state'], [['id', 'ASC']], 1))[0] ?? null;
    },
    confirmAndProcess,
  };
}

function mapSale(s: Row, m: Master, partyCode: Map<number, string>): ErpSalesOrder {
  const shipments = (s['shipments.'] as Row[] | undefined) ?? [];
  const portal = portalIdOf(s.description) !== undefined;
  const hold = HOLD.exec(String(s.comment ?? ''))?.[1] ?? null;
  const { status, holdReason } = orderStatus(
    { state: s.state as string, shipment_state: s.shipment_state as string, holdReason: portal ? hold : null },
    shipments,
  );
  const allLines = (s['lines.'] as Row[] | undefined) ?? [];
  const lines = allLines.filter((l) => l.type === 'line').sort((a, b) => a.id - b.id);
  const currency = currencyOf(s, m);
  const digits = m.currencyDigits.get(currency) ?? 2;
  const date = (s.sale_date as string | null) ?? today();
  const taxed = lines.map((l) => ({ unitPrice: l.unit_price as string, quantity: Number(l.quantity), taxes: (l.taxes as number[]) ?? [] }));
  return {
    number: (s.number as string | null) ?? `draft-${s.id}`,
    portalOrderId: portalOrderIdOf(s),
    accountId: partyCode.get(s.party as number) ?? '',
    status,
    holdReason,
    placedAt: new Date(Date.parse(s.create_date)).toISOString(),
    currency: m.currencyCodes.get(s.currency as number) ?? 'USD',
    requestedDeliveryDate: (s.shipping_date as string | null) ?? /^requested:(\S+)$/m.exec(String(s.comment ?? ''))?.[1] ?? null,
    warehouseId: (m.whById.get(s.warehouse as number)?.code as string) ?? '',
    pricingDate: (s.sale_date as string | null) ?? today(),
    customerReference: /^customer-reference:(.*)$/m.exec(String(s.comment ?? ''))?.[1] ?? null,
    netTotal: moneyIn(m, currencyOf(s, m), s.untaxed_amount),
    freight: moneyIn(m, currencyOf(s, m), 0),
    // Tryton's own amounts: tax and total as the sale computes them; the tax lines per tax as its tax computation makes them.
    tax: moneyIn(m, currency, s.tax_amount),
    total: moneyIn(m, currency, s.total_amount),
    taxLines: taxLinesOf(taxed, m.tax.taxes, date, digits, m.tax.rounding),
    lines: lines.map((l, i) => {
      const tax = taxOfLine(taxed[i]!, m.tax.taxes, date, digits);
      const product = m.byId.get(l.product as number);
      return {
        ...mapLine(s, l, lineNoOf(allLines, l.id as number), status, m),
        taxClass: product ? taxClassOf(product, m) : null,
        taxRate: tax.rate,
        taxAmount: tax.amount,
      };
    }),
    deliveries: shipments.filter((x) => x.state === 'done').map((x) => x.number as string),
    invoices: ((s['invoices.'] as Row[] | undefined) ?? [])
      .filter((x) => x.number && ['posted', 'paid'].includes(x.state as string))
      .map((x) => x.number as string),
  };
}

/**
 * Another process may be moving the same sale at the same moment (two replicas finishing one
 * idempotency key), and Tryton then refuses the row lock. Confirm and process skip a sale already
 * past them, so the step is simply tried again, a few times, with a short backoff.
 */
export async function contended<T>(step: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (err) {
      const busy = err instanceof ErpUnavailableError && /database busy|concurrency conflict/.test(err.message);
      if (!busy || attempt >= 4) throw err;
      await new Promise((r) => setTimeout(r, 150 * 2 ** attempt));
    }
  }
}

/**
 * One sale line: shipped from its done customer moves, invoiced from its posted invoice lines,
 * scheduled on its live customer moves (their planned dates and quantities, the basis from the
 * promise in its note); its own requested date from the note.
 */
const currencyOf = (s: Row, m: Master) => m.currencyCodes.get(s.currency as number) ?? 'USD';

function mapLine(s: Row, l: Row, lineNo: number, status: string, m: Master): ErpSalesOrder['lines'][number] {
  const confirmed = !['draft', 'quotation', 'cancelled'].includes(s.state as string);
  const moves = ((l['moves.'] as Row[] | undefined) ?? []).filter(isCustomerMove);
  const live = moves.filter((x) => x.state !== 'cancelled');
  const shipped = moves.filter((x) => x.state === 'done').reduce((t, x) => t + Number(x.quantity), 0);
  const invoiced = ((l['invoice_lines.'] as Row[] | undefined) ?? [])
    .filter((x) => ['posted', 'paid'].includes(x['invoice.']?.state as string))
    .reduce((t, x) => t + Number(x.quantity), 0);
  const quantity = Number(l.quantity);
  const cancelled = confirmed && moves.length > 0 && live.length === 0;
  const note = readLineNote(l.note);
  const schedule =
    confirmed && !cancelled
      ? scheduleFromMoves(live, note.promise, (s.shipping_date as string | null) ?? (s.sale_date as string) ?? today())
      : [];
  return {
    lineNo,
    sku: (m.byId.get(l.product as number)?.code as string) ?? '',
    quantity,
    unitPrice: new Decimal(l.unit_price).toFixed(4),
    netAmount: moneyIn(m, currencyOf(s, m), l.amount),
    status: cancelled
      ? 'CANCELLED'
      : !confirmed
        ? 'OPEN'
        : shipped >= quantity
          ? 'SHIPPED'
          : shipped > 0
            ? 'PARTIALLY_SHIPPED'
            : status === 'IN_FULFILLMENT'
              ? 'IN_FULFILLMENT'
              : 'CONFIRMED',
    confirmedQuantity: !confirmed || cancelled ? 0 : live.length ? live.reduce((t, x) => t + Number(x.quantity), 0) : quantity,
    shippedQuantity: shipped,
    invoicedQuantity: invoiced,
    // What was cancelled of the ordered quantity: the cancelled moves' quantity, at most what did not ship.
    cancelledQuantity: Math.min(
      quantity - shipped,
      moves.filter((x) => x.state === 'cancelled').reduce((t, x) => t + Number(x.quantity), 0),
    ),
    scheduleLines: schedule,
    proposedSku: null,
    components: [],
    requestedDeliveryDate: note.requested,
  };
}

/** An order line as a document line's origin names it: its sale, its number on the order, the portal order id. */
export interface OrderLineRef {
  saleNumber: string;
  portalOrderId: string;
  lineNo: number;
}

/** The order line number of a sale line: its place among the sale's lines of type `line`, by id (creation order), times 10. */
export function lineNoOf(saleLines: Row[], id: number): number {
  const ids = saleLines
    .filter((l) => l.type === 'line')
    .map((l) => l.id as number)
    .sort((a, b) => a - b);
  return (ids.indexOf(id) + 1) * 10;
}

/** The stable portal order id of a sale: the one the portal gave it, else derived from its number (a sale entered in Tryton). */
export const portalOrderIdOf = (sale: { number?: unknown; description?: unknown; id?: unknown }): string =>
  portalIdOf(sale.description) ?? `erp:${(sale.number as string | null) ?? `draft-${String(sale.id)}`}`;

const saleLineId = (origin: unknown) => /^sale\.line,(\d+)$/.exec(String(origin ?? ''))?.[1];

/** Reads the sale lines behind these origins (`sale.line,<id>`; others are ignored) in one call: origin → its order line. */
export async function lineNumbers(rpc: TrytonRpc, origins: unknown[]): Promise<(origin: unknown) => OrderLineRef | undefined> {
  const ids = [...new Set(origins.map(saleLineId).filter(Boolean).map(Number))];
  const rows = ids.length ? await rpc.model<Row[]>('sale.line', 'read', [ids, ['sale.number', 'sale.description', 'sale.lines.type']]) : [];
  const refs = new Map(
    rows.map((l) => {
      const sale = l['sale.'] as Row;
      const ref: OrderLineRef = {
        saleNumber: String(sale.number ?? ''),
        portalOrderId: portalOrderIdOf(sale),
        lineNo: lineNoOf(sale['lines.'] as Row[], l.id as number),
      };
      return [l.id as number, ref];
    }),
  );
  return (origin) => refs.get(Number(saleLineId(origin)));
}
