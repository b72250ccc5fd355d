/**
 * Tryton's `sale.sale` read as the ports' sales orders: status from `state` / `shipment_state` and
 * the shipments, per-line progress from the sale lines' customer moves and posted invoice lines,
 * and what the portal wrote on the sale (portal order id, requested date, customer reference) read
 * back from its description and comment. Also the workflow step every order path shares: confirm
 * and process, where the credit check's warning leaves the sale in quotation (a credit hold).
 */
import { Decimal } from '@portal/platform/money';
import { ErpRequestError, ErpUnavailableError, type ErpSalesOrder } from '../types.js';
import { orderStatus, type TSale } from './mapping.js';
import { TrytonWarning } from './rpc.js';
import { money2, portalIdOf, today, type Master, type Row, type TrytonSession } from './session.js';

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
  'untaxed_amount',
  'create_date',
  'write_date',
  'lines',
  'shipments',
  'invoices',
];

export interface TrytonSales {
  /** Sales matching a domain, mapped. */
  load(domain: unknown[], order?: unknown): Promise<ErpSalesOrder[]>;
  /** Sale rows (read with SALE_FIELDS) mapped, with their lines, moves, shipments and invoices. */
  map(sales: Row[]): Promise<ErpSalesOrder[]>;
  get(number: string): Promise<ErpSalesOrder | null>;
  /** The sale and its row; an unknown number is `NOT_FOUND`. */
  require(number: string): Promise<{ order: ErpSalesOrder; row: Row }>;
  /** The first sale made under an idempotency key (Tryton's `reference`). */
  findByKey(key: string): Promise<Row | null>;
  /** Confirm and process; the credit check's warning leaves the sale in quotation (a credit hold): then false. */
  confirmAndProcess(id: number, ms: number): Promise<boolean>;
}

/** What a sale's lines, shipments and invoices say, read in two rounds for all sales at once. */
interface SaleDetails {
  lines: Row[];
  moveById: Map<number, Row>;
  invLineById: Map<number, Row>;
  shipById: Map<number, Row>;
  invById: Map<number, Row>;
}

export function createTrytonSales(session: TrytonSession): TrytonSales {
  const { rpc, read } = session;

  async function details(sales: Row[]): Promise<SaleDetails> {
    const [lines, shipments, invoices] = await Promise.all([
      rpc.model<Row[]>('sale.line', 'read', [
        sales.flatMap((s) => s.lines as number[]),
        ['sale', 'product', 'quantity', 'unit_price', 'amount', 'moves', 'invoice_lines', 'shipping_date', 'type'],
      ]),
      rpc.model<Row[]>('stock.shipment.out', 'read', [sales.flatMap((s) => s.shipments as number[]), ['number', 'state']]),
      rpc.model<Row[]>('account.invoice', 'read', [sales.flatMap((s) => s.invoices as number[]), ['number', 'state']]),
    ]);
    const [moves, invLines] = await Promise.all([
      rpc.model<Row[]>('stock.move', 'read', [
        lines.flatMap((l) => l.moves as number[]),
        ['quantity', 'state', 'planned_date', 'to_location.type'],
      ]),
      rpc.model<Row[]>('account.invoice.line', 'read', [lines.flatMap((l) => l.invoice_lines as number[]), ['quantity', 'invoice.state']]),
    ]);
    const byId = (rows: Row[]) => new Map(rows.map((x) => [x.id as number, x]));
    return { lines, moveById: byId(moves), invLineById: byId(invLines), shipById: byId(shipments), invById: byId(invoices) };
  }

  async function map(sales: Row[]): Promise<ErpSalesOrder[]> {
    if (!sales.length) return [];
    const m = await session.master();
    const d = await details(sales);
    const partyCode = new Map(m.parties.map((p) => [p.id as number, p.code as string]));
    return sales.map((s) => {
      const sShipments = (s.shipments as number[]).map((id) => d.shipById.get(id)!).filter(Boolean);
      const { status, holdReason } = orderStatus(s as TSale, sShipments);
      const sLines = d.lines.filter((l) => l.sale === s.id && l.type === 'line').sort((a, b) => a.id - b.id);
      return {
        number: (s.number as string | null) ?? `draft-${s.id}`,
        portalOrderId: portalIdOf(s.description) ?? '',
        accountId: partyCode.get(s.party as number) ?? '',
        status,
        holdReason,
        placedAt: new Date(Date.parse(s.create_date)).toISOString(),
        currency: m.currencyCodes.get(s.currency as number) ?? 'USD',
        requestedDeliveryDate: /^requested:(\S+)$/m.exec(String(s.comment ?? ''))?.[1] ?? null,
        warehouseId: (m.whById.get(s.warehouse as number)?.code as string) ?? '',
        pricingDate: (s.sale_date as string | null) ?? today(),
        customerReference: /^customer-reference:(.*)$/m.exec(String(s.comment ?? ''))?.[1] ?? null,
        netTotal: money2(s.untaxed_amount),
        freight: '0.00',
        lines: sLines.map((l, i) => mapLine(s, l, i, status, d, m)),
        deliveries: sShipments.filter((x) => x.state === 'done').map((x) => x.number as string),
        invoices: (s.invoices as number[])
          .map((id) => d.invById.get(id))
          .filter((x) => x && x.number && ['posted', 'paid'].includes(x.state as string))
          .map((x) => x!.number as string),
      };
    });
  }

  async function confirmAndProcess(id: number, ms: number) {
    try {
      await contended(() => rpc.model('sale.sale', 'confirm', [[id]], {}, ms));
    } catch (err) {
      if (err instanceof TrytonWarning && /credit_limit/.test(err.warningName)) return false;
      if (err instanceof ErpRequestError && /credit limit/i.test(err.message)) return false;
      throw err;
    }
    await contended(() => rpc.model('sale.sale', 'process', [[id]], {}, ms));
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
      const row = (await read('sale.sale', [['number', '=', number]], SALE_FIELDS))[0];
      if (!row) throw new ErpRequestError(404, 'NOT_FOUND', `no sale ${number} in Tryton`);
      return { order: (await map([row]))[0]!, row };
    },
    async findByKey(key) {
      return (await read('sale.sale', [['reference', '=', key]], ['comment', 'state'], [['id', 'ASC']], 1))[0] ?? null;
    },
    confirmAndProcess,
  };
}

/**
 * Another process may be moving the same sale at the same moment (two replicas finishing one
 * idempotency key), and Tryton then refuses the row lock. Confirm and process skip a sale already
 * past them, so the step is simply tried again, a few times, with a short backoff.
 */
async function contended<T>(step: () => Promise<T>): Promise<T> {
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

/** The sale (number, description) behind a document line whose `origin` is a sale line. */
export type SaleOfOrigin = (origin: unknown) => { number: string; description: string } | undefined;

const saleLineId = (origin: unknown) => /^sale\.line,(\d+)$/.exec(String(origin ?? ''))?.[1];

/** Reads the sales behind these origins (`sale.line,<id>`) in one call. */
export async function salesOfOrigins(session: TrytonSession, origins: unknown[]): Promise<SaleOfOrigin> {
  const ids = [...new Set(origins.map(saleLineId).filter(Boolean).map(Number))];
  const saleLines = await session.rpc.model<Row[]>('sale.line', 'read', [ids, ['sale.number', 'sale.description']]);
  const bySaleLine = new Map(
    saleLines.map((l) => [l.id as number, { number: l['sale.']?.number as string, description: String(l['sale.']?.description ?? '') }]),
  );
  return (origin) => bySaleLine.get(Number(saleLineId(origin)));
}

/** One sale line: shipped from its done customer moves, invoiced from its posted invoice lines, scheduled on its open move. */
function mapLine(s: Row, l: Row, i: number, status: ErpSalesOrder['status'], d: SaleDetails, m: Master): ErpSalesOrder['lines'][number] {
  const confirmed = !['draft', 'quotation', 'cancelled'].includes(s.state as string);
  const lMoves = (l.moves as number[]).map((id) => d.moveById.get(id)!).filter((x) => x && x['to_location.']?.type === 'customer');
  const live = lMoves.filter((x) => x.state !== 'cancelled');
  const shipped = lMoves.filter((x) => x.state === 'done').reduce((t, x) => t + Number(x.quantity), 0);
  const invoiced = (l.invoice_lines as number[])
    .map((id) => d.invLineById.get(id))
    .filter((x) => x && ['posted', 'paid'].includes(x['invoice.']?.state as string))
    .reduce((t, x) => t + Number(x!.quantity), 0);
  const quantity = Number(l.quantity);
  const cancelled = confirmed && lMoves.length > 0 && live.length === 0;
  const date = (live[0]?.planned_date as string | undefined) ?? (l.shipping_date as string | null) ?? (s.sale_date as string) ?? today();
  return {
    lineNo: (i + 1) * 10,
    sku: (m.byId.get(l.product as number)?.code as string) ?? '',
    quantity,
    unitPrice: new Decimal(l.unit_price).toFixed(4),
    netAmount: money2(l.amount),
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
    confirmedQuantity: confirmed && !cancelled ? quantity : 0,
    shippedQuantity: shipped,
    invoicedQuantity: invoiced,
    scheduleLines: confirmed && !cancelled ? [{ availableDate: date, deliveryDate: date, quantity, basis: 'SUPPLY' as const }] : [],
    proposedSku: null,
    components: [],
  };
}
