/**
 * The invoices port over Tryton: customer invoices (`account.invoice`, type `out`) posted or paid;
 * credit notes are invoices with a negative total; balances come from `amount_to_pay` (payments,
 * i.e. reconciliations, are not read); documents are Tryton's invoice report as it renders it.
 */
import { Decimal } from '@portal/platform/money';
import { ErpRequestError, type ErpCreditMemo, type ErpInvoice, type InvoicesPort } from '../types.js';
import { pageOf } from './paging.js';
import { salesOfOrigins } from './sales.js';
import { portalIdOf, today, type Master, type Row, type TrytonSession } from './session.js';

export const INVOICE_FIELDS = [
  'number',
  'party',
  'currency',
  'invoice_date',
  'total_amount',
  'amount_to_pay',
  'state',
  'lines',
  'lines_to_pay',
  'write_date',
  'create_date',
  'description',
];

/** An invoice, and whether it is really a credit note (negative total). */
export type TrytonInvoice = ErpInvoice & { credit: boolean };

/** A credit note as the ports' credit memo (Tryton does not link it to the invoice it credits). */
export function creditMemoOf({ credit: _c, status: _s, balance: _b, dueDate: _d, deliveryNumber: _n, ...i }: TrytonInvoice): ErpCreditMemo {
  return { ...i, invoiceNumber: '', reason: 'CREDIT_NOTE' };
}

/** Invoice rows (read with INVOICE_FIELDS) mapped, with their lines, due dates and the sale they bill. */
export async function mapInvoices(session: TrytonSession, rows: Row[]): Promise<TrytonInvoice[]> {
  if (!rows.length) return [];
  const m = await session.master();
  const partyCode = new Map(m.parties.map((p) => [p.id as number, p.code as string]));
  const [lines, toPay] = await Promise.all([
    session.rpc.model<Row[]>('account.invoice.line', 'read', [
      rows.flatMap((r) => r.lines as number[]),
      ['invoice', 'product', 'description', 'quantity', 'unit_price', 'amount', 'origin'],
    ]),
    session.rpc.model<Row[]>('account.move.line', 'read', [rows.flatMap((r) => r.lines_to_pay as number[]), ['maturity_date']]),
  ]);
  const saleOf = await salesOfOrigins(
    session,
    lines.map((l) => l.origin),
  );
  const due = new Map(toPay.map((x) => [x.id as number, x.maturity_date as string]));
  return rows.map((r) => {
    const iLines = lines.filter((l) => l.invoice === r.id).sort((a, b) => a.id - b.id);
    const sale = iLines.map((l) => saleOf(l.origin)).find(Boolean);
    const dueDates = (r.lines_to_pay as number[])
      .map((id) => due.get(id))
      .filter(Boolean)
      .sort() as string[];
    const total = new Decimal(r.total_amount ?? 0);
    return {
      credit: total.isNegative(),
      number: r.number as string,
      accountId: partyCode.get(r.party as number) ?? '',
      orderNumber: sale?.number ?? '',
      deliveryNumber: null,
      portalOrderId: portalIdOf(sale?.description) ?? '',
      currency: m.currencyCodes.get(r.currency as number) ?? 'USD',
      issuedAt: (r.invoice_date as string | null) ?? today(),
      dueDate: dueDates[0] ?? (r.invoice_date as string) ?? today(),
      total: total.abs().toFixed(2),
      balance: new Decimal(r.amount_to_pay ?? 0).abs().toFixed(2),
      status: r.state === 'paid' ? 'PAID' : r.state === 'cancelled' ? 'CANCELLED' : 'OPEN',
      lines: iLines.map((l, i) => invoiceLine(l, i, m)),
    };
  });
}

function invoiceLine(l: Row, i: number, m: Master): ErpInvoice['lines'][number] {
  return {
    lineNo: (i + 1) * 10,
    sku: (m.byId.get(l.product as number)?.code as string) ?? 'FREIGHT',
    description: String(l.description ?? ''),
    quantity: Math.abs(Number(l.quantity)),
    unitPrice: new Decimal(l.unit_price ?? 0).toFixed(2),
    amount: new Decimal(l.amount ?? 0).abs().toFixed(2),
  };
}

const DOCUMENT_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  odt: 'application/vnd.oasis.opendocument.text',
  html: 'text/html',
  txt: 'text/plain',
};

export function createTrytonInvoices(session: TrytonSession): InvoicesPort {
  const { rpc, read } = session;
  const invoiceRows = (extra: unknown[] = []) =>
    read('account.invoice', [['type', '=', 'out'], ['state', 'in', ['posted', 'paid']], ...extra], INVOICE_FIELDS, [['number', 'ASC']]);

  async function document(number: string, credit: boolean) {
    const rows = await read(
      'account.invoice',
      [
        ['number', '=', number],
        ['type', '=', 'out'],
      ],
      ['total_amount'],
    );
    const row = rows.find((r) => new Decimal(r.total_amount ?? 0).isNegative() === credit);
    if (!row) throw new ErpRequestError(404, 'NOT_FOUND', `no ${credit ? 'credit note' : 'invoice'} ${number} in Tryton`);
    const ctx = await rpc.context();
    const [ext, content] = await rpc.call<[string, Buffer | string]>(
      'report.account.invoice.execute',
      [[row.id], { id: row.id, ids: [row.id], model: 'account.invoice' }, ctx],
      Math.max(session.timeoutMs, 30_000),
    );
    const bytes = Buffer.isBuffer(content) ? content : Buffer.from(String(content));
    return { contentType: DOCUMENT_TYPES[ext] ?? 'application/octet-stream', bytes };
  }

  return {
    // Tryton 6.0's stock invoice report is an OpenDocument text (no converter configured).
    documentContentType: 'application/vnd.oasis.opendocument.text',
    async exportInvoices(req) {
      const all = (await mapInvoices(session, await invoiceRows())).filter((i) => !i.credit).map(({ credit: _c, ...i }) => i);
      return pageOf(all, (i) => i.number, req);
    },
    async exportCreditMemos(req) {
      const all = (await mapInvoices(session, await invoiceRows())).filter((i) => i.credit).map(creditMemoOf);
      return pageOf(all, (i) => i.number, req);
    },
    async exportPayments(req) {
      return pageOf([], () => '', req);
    },
    async getInvoice(number) {
      const inv = (await mapInvoices(session, await invoiceRows([['number', '=', number]]))).find((i) => !i.credit);
      if (!inv) return null;
      const { credit: _c, ...rest } = inv;
      return rest;
    },
    invoiceDocument: (number) => document(number, false),
    creditMemoDocument: (number) => document(number, true),
  };
}
