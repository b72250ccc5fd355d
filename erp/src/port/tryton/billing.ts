/**
 * The invoices port over Tryton: customer invoices (`account.invoice`, type `out`) posted or paid;
 * credit notes are invoices with a negative total, linked to the invoice they credit through their
 * lines' origin (Tryton's Credit wizard makes each credit line's origin the invoice line it credits);
 * every billing line names the order line it bills (its origin, a sale line — or, on a credit note,
 * the credited invoice line's); balances come from `amount_to_pay` (payments, i.e. reconciliations,
 * are not read); documents are Tryton's invoice report as it renders it.
 */
import { Decimal } from '@portal/platform/money';
import { ErpRequestError, type ErpCreditMemo, type ErpInvoice, type InvoicesPort } from '../types.js';
import { pageOf } from './paging.js';
import { lineNumbers } from './sales.js';
import { moneyIn, today, type Row, type TrytonSession } from './session.js';
import { invoiceTaxLines, taxOfLine } from './tax-mapping.js';

export const INVOICE_FIELDS = [
  'number',
  'party',
  'currency',
  'invoice_date',
  'total_amount',
  'tax_amount',
  'taxes.tax',
  'taxes.base',
  'taxes.amount',
  'amount_to_pay',
  'state',
  'write_date',
  'create_date',
  'description',
  'lines.product',
  'lines.description',
  'lines.quantity',
  'lines.unit_price',
  'lines.amount',
  'lines.origin',
  'lines.taxes',
  'lines_to_pay.maturity_date',
];

/** An invoice, whether it is really a credit note (negative total), and for a credit note the invoice it credits. */
export type TrytonInvoice = ErpInvoice & { credit: boolean; creditedInvoice: string };

/** A credit note as the ports' credit memo (Tryton keeps no reason: `CREDIT_NOTE`). */
export function creditMemoOf({
  credit: _c,
  creditedInvoice,
  status: _s,
  balance: _b,
  dueDate: _d,
  deliveryNumber: _n,
  ...i
}: TrytonInvoice): ErpCreditMemo {
  return { ...i, invoiceNumber: creditedInvoice, reason: 'CREDIT_NOTE' };
}

export const invoiceOf = ({ credit: _c, creditedInvoice: _i, ...i }: TrytonInvoice): ErpInvoice => i;

const invoiceLineId = (origin: unknown) => /^account\.invoice\.line,(\d+)$/.exec(String(origin ?? ''))?.[1];

/** Invoice rows (read with INVOICE_FIELDS) mapped: each line to its order line, due dates, the sale billed, the invoice credited. */
export async function mapInvoices(session: TrytonSession, rows: Row[]): Promise<TrytonInvoice[]> {
  if (!rows.length) return [];
  const m = await session.master();
  const partyCode = new Map(m.parties.map((p) => [p.id as number, p.code as string]));
  const lines = rows.flatMap((r) => (r['lines.'] as Row[]) ?? []);
  // A credit line's origin is the invoice line it credits; that line's origin is the sale line.
  const creditedIds = [
    ...new Set(
      lines
        .map((l) => invoiceLineId(l.origin))
        .filter(Boolean)
        .map(Number),
    ),
  ];
  const credited = creditedIds.length
    ? await session.rpc.model<Row[]>('account.invoice.line', 'read', [creditedIds, ['invoice.number', 'origin']])
    : [];
  const creditedById = new Map(credited.map((c) => [c.id as number, c]));
  const saleLineOrigin = (origin: unknown) => {
    const id = invoiceLineId(origin);
    return id ? creditedById.get(Number(id))?.origin : origin;
  };
  const lineOf = await lineNumbers(
    session.rpc,
    lines.map((l) => saleLineOrigin(l.origin)),
  );
  return rows.map((r) => {
    const iLines = ((r['lines.'] as Row[]) ?? []).sort((a, b) => a.id - b.id);
    const refs = iLines.map((l) => lineOf(saleLineOrigin(l.origin)));
    const sale = refs.find(Boolean);
    const creditedInvoice = iLines.map((l) => creditedById.get(Number(invoiceLineId(l.origin)))?.['invoice.']?.number).find(Boolean);
    const lineTax = (l: Row) => {
      const t = taxOfLine(
        { unitPrice: l.unit_price ?? 0, quantity: Number(l.quantity), taxes: (l.taxes as number[]) ?? [] },
        m.tax.taxes,
        date,
        digits,
      );
      return { taxRate: t.rate, tax: new Decimal(t.amount).abs().toFixed(digits) };
    };
    const dueDates = ((r['lines_to_pay.'] as Row[]) ?? [])
      .map((x) => x.maturity_date as string | null)
      .filter(Boolean)
      .sort() as string[];
    const total = new Decimal(r.total_amount ?? 0);
    const currency = m.currencyCodes.get(r.currency as number) ?? 'USD';
    const digits = m.currencyDigits.get(currency) ?? 2;
    const date = (r.invoice_date as string | null) ?? today();
    const taxRows = ((r['taxes.'] as Row[]) ?? []).map((t) => ({ tax: (t.tax as number | null) ?? null, base: t.base, amount: t.amount }));
    return {
      credit: total.isNegative(),
      creditedInvoice: (creditedInvoice as string | undefined) ?? '',
      number: r.number as string,
      accountId: partyCode.get(r.party as number) ?? '',
      orderNumber: sale?.saleNumber ?? '',
      deliveryNumber: null,
      portalOrderId: sale?.portalOrderId ?? '',
      currency,
      issuedAt: (r.invoice_date as string | null) ?? today(),
      dueDate: dueDates[0] ?? (r.invoice_date as string) ?? today(),
      total: moneyIn(m, currency, total.abs()),
      balance: moneyIn(m, currency, new Decimal(r.amount_to_pay ?? 0).abs()),
      status: r.state === 'paid' ? 'PAID' : r.state === 'cancelled' ? 'CANCELLED' : 'OPEN',
      // Tryton's own tax: the invoice's tax amount and its tax lines (`account.invoice.tax`); per line as Tryton computes it.
      tax: moneyIn(m, currency, new Decimal(r.tax_amount ?? 0).abs()),
      taxLines: invoiceTaxLines(taxRows, m.tax.taxes, digits),
      lines: iLines.map((l, i) => ({
        // A line of no order line (entered on the invoice by hand) is line 0.
        lineNo: refs[i]?.lineNo ?? 0,
        sku: (m.byId.get(l.product as number)?.code as string) ?? 'FREIGHT',
        description: String(l.description ?? ''),
        quantity: Math.abs(Number(l.quantity)),
        unitPrice: new Decimal(l.unit_price ?? 0).toFixed(2),
        amount: moneyIn(m, currency, new Decimal(l.amount ?? 0).abs()),
        ...lineTax(l),
      })),
    };
  });
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
      const all = (await mapInvoices(session, await invoiceRows())).filter((i) => !i.credit).map(invoiceOf);
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
      return inv ? invoiceOf(inv) : null;
    },
    invoiceDocument: (number) => document(number, false),
    creditMemoDocument: (number) => document(number, true),
    async creditBalance(accountId) {
      // A receivable below zero is money the customer holds with the company (credit notes beyond what was owed).
      const m = await session.master();
      const account = m.accounts.get(accountId);
      if (!account) throw new ErpRequestError(404, 'UNKNOWN_CUSTOMER', `no customer ${accountId} in Tryton`);
      const [party] = await read('party.party', [['id', '=', account.party.id]], ['receivable']);
      const receivable = new Decimal(party?.receivable ?? 0);
      return { accountId, currency: account.currency, amount: moneyIn(m, account.currency, Decimal.max(receivable.neg(), 0)) };
    },
  };
}
