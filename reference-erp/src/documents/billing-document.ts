/**
 * Print layout of the reference ERP's billing documents (invoices and credit memos) on A4, on top
 * of the PDF writer in pdf.ts. It owns the input shape (plain data, money as decimal strings),
 * the letterhead/header block, the line table with right-aligned number columns that repeats its
 * header on every page, the totals block and the "page x of n" footer. It does no arithmetic:
 * totals are printed as the ERP computed them, so the print can never disagree with the ledger.
 */
import {
  A4_HEIGHT,
  A4_WIDTH,
  PageFlow,
  textWidth,
  wrapText,
  writePdf,
  type PdfFont,
  type PdfOp,
  type PdfPage,
  type PdfText,
} from './pdf.js';

export interface BillingParty {
  name: string;
  addressLines: string[];
}

export interface BillingCustomer {
  id: string;
  name: string;
  addressLines?: string[];
}

export interface BillingLine {
  lineNo: number | string;
  sku: string;
  description: string;
  quantity: number | string;
  /** Decimal string, e.g. "12.50". */
  unitPrice: string;
  /** Decimal string, e.g. "125.00". */
  amount: string;
}

export interface BillingDocument {
  number: string;
  /** ISO date or timestamp; printed as its date part. */
  issuedAt: string;
  dueDate?: string;
  currency: string;
  seller: BillingParty;
  customer: BillingCustomer;
  orderNumber?: string;
  deliveryNumber?: string;
  /** Credit memos: the invoice being credited. */
  invoiceNumber?: string;
  /** Credit memos: why the credit was issued. */
  reason?: string;
  lines: BillingLine[];
  subtotal: string;
  /** Header discounts (positive), printed as a deduction after the subtotal. */
  headerDiscount?: string;
  freight?: string;
  /** Tax per rate; printed one row each instead of `tax` when present. */
  taxLines?: { rate: string; base: string; amount: string }[];
  tax?: string;
  total: string;
  paymentTerms?: string;
}

export type InvoiceDocument = Omit<BillingDocument, 'invoiceNumber' | 'reason'>;
export type CreditMemoDocument = BillingDocument;

export function renderInvoicePdf(doc: InvoiceDocument): Buffer {
  return renderBillingDocument('invoice', doc);
}

export function renderCreditMemoPdf(doc: CreditMemoDocument): Buffer {
  return renderBillingDocument('creditMemo', doc);
}

// ---- formatting ----

const DECIMAL = /^(-?)(\d+)(\.\d+)?$/;

/**
 * Thousands separators by string surgery: the value never passes through a float, so
 * "12345678901234.10" prints exactly as the ERP stored it. Malformed input is refused rather
 * than printed, because a legal document with a garbled amount is worse than no document.
 */
export function formatAmount(value: string | number, field: string): string {
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value.trim();
  const m = DECIMAL.exec(text);
  const int = m?.[2];
  if (m === null || int === undefined) {
    throw new RangeError(`${field} must be a decimal string like "1234.50", got ${JSON.stringify(value)}`);
  }
  return `${m[1] ?? ''}${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${m[3] ?? ''}`;
}

function formatDate(value: string): string {
  return /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : value;
}

// ---- layout ----

const LEFT = 50;
const RIGHT = A4_WIDTH - 50;
const TOP = A4_HEIGHT - 56;
/** Content stops here; the footer sits below. */
const BOTTOM = 80;
const MUTED = 0.4;
const RULE = 0.75;

const BODY = 9;
const ROW_LEADING = 11.5;

/** x anchors of the line table; number columns are right edges so digits line up. */
const COL = {
  pos: LEFT,
  sku: LEFT + 30,
  skuWidth: 82,
  description: LEFT + 118,
  descriptionWidth: 165,
  quantityRight: 392,
  unitPriceRight: 468,
  amountRight: RIGHT,
} as const;

type Kind = 'invoice' | 'creditMemo';

function text(x: number, y: number, value: string, size: number, extra: Pick<PdfText, 'font' | 'align' | 'color'> = {}): PdfOp {
  return { kind: 'text', x, y, text: value, size, ...extra };
}

function rule(y: number, x1 = LEFT, x2 = RIGHT, width = 0.5, color = 0.6): PdfOp {
  return { kind: 'line', x1, y1: y, x2, y2: y, width, color };
}

function renderBillingDocument(kind: Kind, doc: BillingDocument): Buffer {
  const label = kind === 'invoice' ? 'Invoice' : 'Credit memo';
  const title = `${label} ${doc.number}`;
  // Format everything before drawing so bad input fails fast with the offending field named.
  const rows = doc.lines.map((line, i) => ({
    line,
    quantity: formatAmount(line.quantity, `lines[${i}].quantity`),
    unitPrice: formatAmount(line.unitPrice, `lines[${i}].unitPrice`),
    amount: formatAmount(line.amount, `lines[${i}].amount`),
  }));
  const totals: { label: string; value: string; bold?: boolean }[] = [{ label: 'Subtotal', value: formatAmount(doc.subtotal, 'subtotal') }];
  if (doc.headerDiscount !== undefined)
    totals.push({ label: 'Order discount', value: `-${formatAmount(doc.headerDiscount, 'headerDiscount')}` });
  if (doc.freight !== undefined) totals.push({ label: 'Freight', value: formatAmount(doc.freight, 'freight') });
  if (doc.taxLines?.length)
    doc.taxLines.forEach((t, i) =>
      totals.push({
        label: `Tax ${formatAmount(t.rate, `taxLines[${i}].rate`)} % of ${formatAmount(t.base, `taxLines[${i}].base`)}`,
        value: formatAmount(t.amount, `taxLines[${i}].amount`),
      }),
    );
  else if (doc.tax !== undefined) totals.push({ label: 'Tax', value: formatAmount(doc.tax, 'tax') });
  totals.push({
    label: `${kind === 'invoice' ? 'Total' : 'Total credit'} ${doc.currency}`,
    value: formatAmount(doc.total, 'total'),
    bold: true,
  });

  const flow = new PageFlow({ top: TOP, bottom: BOTTOM });
  drawLetterhead(flow, kind, title, doc);

  const tableHeader = () => drawTableHeader(flow, doc.currency);
  flow.onNewPage = () => {
    drawContinuationHeader(flow, title, doc);
    tableHeader();
  };
  tableHeader();
  let lastRule: number | undefined;
  for (const row of rows) lastRule = drawRow(flow, row);
  // Closes the table by drawing over the last row's hairline; after a page break that line sits on the new page.
  if (lastRule !== undefined) flow.add(rule(lastRule, LEFT, RIGHT, RULE, 0.3));

  // The totals and what follows no longer belong to the table, so later pages get no table header.
  flow.onNewPage = () => drawContinuationHeader(flow, title, doc);
  drawTotals(flow, totals);
  if (doc.paymentTerms !== undefined && doc.paymentTerms.trim() !== '') drawParagraph(flow, 'Payment terms', doc.paymentTerms);

  const pages = flow.finish((page, index, count) => drawFooter(page, index, count, title, doc.seller.name));
  return writePdf(pages, {
    info: { title, subject: label, author: doc.seller.name, creator: 'Reference ERP' },
  });
}

function drawLetterhead(flow: PageFlow, kind: Kind, title: string, doc: BillingDocument): void {
  const top = flow.y;
  flow.add(text(RIGHT, top, title, 18, { font: 'Helvetica-Bold', align: 'right' }));
  // The seller's name shares the top line with the title, so it wraps short of it.
  const nameRoom = RIGHT - LEFT - textWidth(title, 'Helvetica-Bold', 18) - 24;
  let y = top;
  for (const line of wrapText(doc.seller.name, 'Helvetica-Bold', 12, nameRoom)) {
    flow.add(text(LEFT, y, line, 12, { font: 'Helvetica-Bold' }));
    y -= 14;
  }
  y += 1;
  for (const line of doc.seller.addressLines) {
    flow.add(text(LEFT, y, line, 8, { color: MUTED }));
    y -= 10;
  }

  // Two columns: who is billed on the left, the document's references on the right.
  const blockTop = Math.min(y, top - 24) - 28;
  let left = blockTop;
  flow.add(text(LEFT, left, 'Bill to', 8, { color: MUTED }));
  left -= 13;
  for (const line of wrapText(doc.customer.name, 'Helvetica-Bold', 10, 260)) {
    flow.add(text(LEFT, left, line, 10, { font: 'Helvetica-Bold' }));
    left -= 12.5;
  }
  for (const line of doc.customer.addressLines ?? []) {
    for (const part of wrapText(line, 'Helvetica', BODY, 260)) {
      flow.add(text(LEFT, left, part, BODY));
      left -= 11.5;
    }
  }

  const fields: [string, string | undefined][] = [
    [kind === 'invoice' ? 'Invoice no.' : 'Credit memo no.', doc.number],
    ['Date', formatDate(doc.issuedAt)],
    ['Due date', doc.dueDate === undefined ? undefined : formatDate(doc.dueDate)],
    ['Customer no.', doc.customer.id],
    ['Original invoice', kind === 'creditMemo' ? doc.invoiceNumber : undefined],
    ['Order no.', doc.orderNumber],
    ['Delivery no.', doc.deliveryNumber],
    ['Currency', doc.currency],
  ];
  let right = blockTop;
  for (const [name, value] of fields) {
    if (value === undefined || value === '') continue;
    flow.add(text(350, right, name, BODY, { color: MUTED }), text(RIGHT, right, value, BODY, { align: 'right' }));
    right -= 12.5;
  }

  flow.y = Math.min(left, right) - 18;
  if (kind === 'creditMemo' && doc.reason !== undefined && doc.reason.trim() !== '') drawParagraph(flow, 'Reason', doc.reason);
}

function drawContinuationHeader(flow: PageFlow, title: string, doc: BillingDocument): void {
  flow.add(text(LEFT, flow.y, `${title} (continued)`, 10, { font: 'Helvetica-Bold' }));
  flow.add(text(RIGHT, flow.y, `${doc.customer.name} · ${doc.customer.id}`, BODY, { align: 'right', color: MUTED }));
  flow.moveDown(28);
}

function drawTableHeader(flow: PageFlow, currency: string): void {
  const y = flow.y;
  const bold: { font: PdfFont } = { font: 'Helvetica-Bold' };
  flow.add(
    { kind: 'rect', x: LEFT, y: y - 5, width: RIGHT - LEFT, height: 17, fill: 0.92 },
    text(COL.pos + 2, y, 'Pos', 8.5, bold),
    text(COL.sku, y, 'SKU', 8.5, bold),
    text(COL.description, y, 'Description', 8.5, bold),
    text(COL.quantityRight, y, 'Qty', 8.5, { ...bold, align: 'right' }),
    text(COL.unitPriceRight, y, 'Unit price', 8.5, { ...bold, align: 'right' }),
    text(COL.amountRight - 2, y, `Amount ${currency}`, 8.5, { ...bold, align: 'right' }),
  );
  flow.moveDown(19);
}

/** Returns the y of the hairline under the row. */
function drawRow(flow: PageFlow, row: { line: BillingLine; quantity: string; unitPrice: string; amount: string }): number {
  const sku = wrapText(row.line.sku, 'Helvetica', BODY, COL.skuWidth);
  const description = wrapText(row.line.description, 'Helvetica', BODY, COL.descriptionWidth);
  const lines = Math.max(sku.length, description.length);
  // A row is never split across pages: half a description under a repeated header reads as a new line.
  flow.ensureSpace(lines * ROW_LEADING);
  const y = flow.y;
  flow.add(
    text(COL.pos + 2, y, String(row.line.lineNo), BODY),
    text(COL.quantityRight, y, row.quantity, BODY, { align: 'right' }),
    text(COL.unitPriceRight, y, row.unitPrice, BODY, { align: 'right' }),
    text(COL.amountRight - 2, y, row.amount, BODY, { align: 'right' }),
  );
  sku.forEach((part, i) => flow.add(text(COL.sku, y - i * ROW_LEADING, part, BODY)));
  description.forEach((part, i) => flow.add(text(COL.description, y - i * ROW_LEADING, part, BODY)));
  const hairline = y - (lines - 1) * ROW_LEADING - 4;
  flow.add(rule(hairline, LEFT, RIGHT, 0.25, 0.85));
  flow.moveDown(lines * ROW_LEADING + 3);
  return hairline;
}

function drawTotals(flow: PageFlow, totals: { label: string; value: string; bold?: boolean }[]): void {
  flow.moveDown(8);
  flow.ensureSpace(totals.length * 14 + 6);
  const labelX = 340;
  for (const total of totals) {
    const size = total.bold === true ? 10.5 : BODY;
    const font: PdfFont = total.bold === true ? 'Helvetica-Bold' : 'Helvetica';
    if (total.bold === true) {
      flow.moveDown(3);
      flow.add(rule(flow.y + size + 2, labelX, RIGHT, RULE, 0.3));
      flow.moveDown(2);
    }
    flow.add(
      text(labelX, flow.y, total.label, size, { font }),
      text(COL.amountRight - 2, flow.y, total.value, size, { font, align: 'right' }),
    );
    flow.moveDown(14);
  }
}

function drawParagraph(flow: PageFlow, heading: string, body: string): void {
  const lines = wrapText(body, 'Helvetica', BODY, RIGHT - LEFT);
  flow.moveDown(6);
  flow.ensureSpace(12 + Math.min(lines.length, 3) * 11.5);
  flow.add(text(LEFT, flow.y, heading, BODY, { font: 'Helvetica-Bold' }));
  flow.moveDown(12);
  for (const line of lines) {
    flow.ensureSpace(11.5);
    flow.add(text(LEFT, flow.y, line, BODY));
    flow.moveDown(11.5);
  }
  flow.moveDown(6);
}

function drawFooter(page: PdfPage, index: number, count: number, title: string, seller: string): void {
  const y = 48;
  const pageLabel = `Page ${index + 1} of ${count}`;
  // Keep the left text clear of the page label even for very long seller names.
  const room = RIGHT - LEFT - textWidth(pageLabel, 'Helvetica', 8) - 20;
  const left = wrapText(`${seller} · ${title}`, 'Helvetica', 8, room)[0] ?? '';
  page.ops.push(rule(y + 12), text(LEFT, y, left, 8, { color: MUTED }), text(RIGHT, y, pageLabel, 8, { align: 'right', color: MUTED }));
}
