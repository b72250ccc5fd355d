/**
 * An order's document flow over Tryton: the sale, its done shipments and the customer invoices and
 * credit notes that bill or credit its lines. Tryton keeps no history of a sale's states, so the
 * recorded states are what it can date: the sale's creation (as entered: nothing confirmed yet)
 * and, when it was written since, its state now at that write — each named as the change feed
 * names the same write, so a history read now and the feed read live agree. Payments are not read
 * (as in the invoices port: balances come from `amount_to_pay`).
 */
import type { ErpDocumentFlow, ErpOrderVersion, ErpSalesOrder } from '../types.js';
import { creditMemoOf, INVOICE_FIELDS, invoiceOf, mapInvoices } from './billing.js';
import { trytonDeliveries } from './deliveries.js';
import { micros } from './rpc.js';
import { SALE_FIELDS, type TrytonSales } from './sales.js';
import type { Row, TrytonSession } from './session.js';

const feedId = (r: Row, type: 'order.created' | 'order.changed', number: string, stamp: string) =>
  `sale.sale:${r.id}:${type}:${number}:${micros(stamp)}`;

function stateOf(o: ErpSalesOrder): Pick<ErpOrderVersion, 'status' | 'holdReason' | 'lines'> {
  return {
    status: o.status,
    holdReason: o.holdReason,
    lines: o.lines.map((l) => ({
      lineNo: l.lineNo,
      sku: l.sku,
      quantity: l.quantity,
      confirmedQuantity: l.confirmedQuantity,
      status: l.status,
      scheduleLines: l.scheduleLines,
    })),
  };
}

export async function trytonDocumentFlow(session: TrytonSession, sales: TrytonSales, number: string): Promise<ErpDocumentFlow | null> {
  const [row] = await session.read('sale.sale', [['number', '=', number]], [...SALE_FIELDS, 'shipments'], [['id', 'ASC']], 1);
  if (!row) return null;
  const [order] = await sales.map([row]);
  if (!order) return null;
  const shipments = ((row.shipments as number[] | undefined) ?? []).filter(Number.isInteger);
  const [deliveries, invoiceRows] = await Promise.all([
    shipments.length ? trytonDeliveries(session, [['id', 'in', shipments]]) : Promise.resolve([]),
    // The party's billing documents; those of this sale are known once mapped (a credit note names its sale through the line it credits).
    session.read(
      'account.invoice',
      [
        ['type', '=', 'out'],
        ['state', 'in', ['posted', 'paid']],
        ['party', '=', row.party],
      ],
      INVOICE_FIELDS,
      [['number', 'ASC']],
    ),
  ]);
  const billing = (await mapInvoices(session, invoiceRows)).filter((i) => i.orderNumber === number);
  const created = String(row.create_date);
  const versions: ErpOrderVersion[] = [];
  const written = row.write_date ? String(row.write_date) : null;
  if (written && micros(written) !== micros(created)) {
    versions.push({
      id: feedId(row, 'order.created', number, created),
      at: new Date(Date.parse(created)).toISOString(),
      status: 'RECEIVED',
      holdReason: null,
      lines: order.lines.map((l) => ({
        lineNo: l.lineNo,
        sku: l.sku,
        quantity: l.quantity,
        confirmedQuantity: 0,
        status: 'OPEN',
        scheduleLines: [],
      })),
    });
    versions.push({
      id: feedId(row, 'order.changed', number, written),
      at: new Date(Date.parse(written)).toISOString(),
      ...stateOf(order),
    });
  } else {
    versions.push({
      id: feedId(row, 'order.created', number, created),
      at: new Date(Date.parse(created)).toISOString(),
      ...stateOf(order),
    });
  }
  return {
    order,
    versions,
    deliveries: deliveries.filter((d) => d.orderNumber === number),
    invoices: billing.filter((i) => !i.credit).map(invoiceOf),
    creditMemos: billing.filter((i) => i.credit).map(creditMemoOf),
    payments: [],
  };
}
