/**
 * Invoice and credit-memo layouts: the printed text (read back out of the content streams),
 * pagination of long line lists, and refusal of malformed money. The reader below duplicates a
 * slice of pdf.test.ts's on purpose: test files cannot import each other without re-running
 * their suites.
 */
import { describe, expect, it } from 'vitest';
import { formatAmount, renderCreditMemoPdf, renderInvoicePdf, type BillingLine, type InvoiceDocument } from './billing-document.js';
import { decodeWinAnsi } from './pdf.js';

// ---- reading the PDF back: xref-checked objects, page tree, text runs ----

interface Parsed {
  trailer: string;
  objects: Map<number, { dict: string; stream?: Buffer }>;
}

function parse(pdf: Buffer): Parsed {
  const text = pdf.toString('latin1');
  expect(text.startsWith('%PDF-1.4\n')).toBe(true);
  expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
  const xrefAt = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)?.[1]);
  expect(text.slice(xrefAt, xrefAt + 5)).toBe('xref\n');
  const size = Number(/^xref\n0 (\d+)\n/.exec(text.slice(xrefAt))?.[1]);
  const entriesAt = text.indexOf('\n', xrefAt + 5) + 1;
  const objects = new Map<number, { dict: string; stream?: Buffer }>();
  for (let n = 1; n < size; n++) {
    const entry = text.slice(entriesAt + n * 20, entriesAt + n * 20 + 20);
    expect(entry).toMatch(/^\d{10} 00000 n\r\n$/);
    const offset = Number(entry.slice(0, 10));
    expect(text.startsWith(`${n} 0 obj\n`, offset)).toBe(true);
    const bodyAt = offset + `${n} 0 obj\n`.length;
    const streamAt = text.indexOf('\nstream\n', bodyAt);
    const endAt = text.indexOf('\nendobj\n', bodyAt);
    if (streamAt === -1 || streamAt > endAt) {
      objects.set(n, { dict: text.slice(bodyAt, endAt) });
    } else {
      const dict = text.slice(bodyAt, streamAt);
      const dataAt = streamAt + '\nstream\n'.length;
      objects.set(n, { dict, stream: pdf.subarray(dataAt, dataAt + Number(/\/Length (\d+)/.exec(dict)?.[1])) });
    }
  }
  const trailer = text.slice(entriesAt + size * 20);
  expect(trailer).toMatch(new RegExp(`^trailer\\n<< /Size ${size} /Root \\d+ 0 R`));
  return { trailer, objects };
}

function ref(dict: string | undefined, key: string): number {
  return Number(new RegExp(`/${key} (\\d+) 0 R`).exec(dict ?? '')?.[1]);
}

function literal(body: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < body.length; i++) {
    if (body[i] !== '\\') bytes.push(body.charCodeAt(i));
    else {
      const octal = /^[0-7]{1,3}/.exec(body.slice(i + 1))?.[0];
      if (octal === undefined) bytes.push(body.charCodeAt(++i));
      else {
        bytes.push(parseInt(octal, 8));
        i += octal.length;
      }
    }
  }
  return Buffer.from(bytes);
}

interface Read {
  /** /Count of the page tree. */
  count: number;
  pages: string[][];
}

function read(pdf: Buffer): Read {
  const { trailer, objects } = parse(pdf);
  const tree = objects.get(ref(objects.get(ref(trailer, 'Root'))?.dict, 'Pages'))?.dict ?? '';
  const kids = [...(/\/Kids \[([^\]]*)\]/.exec(tree)?.[1] ?? '').matchAll(/(\d+) 0 R/g)].map((m) => Number(m[1]));
  // Every /Type /Page object must be reachable from the tree, or viewers and /Count disagree.
  expect([...objects.values()].filter((o) => /\/Type \/Page\b(?!s)/.test(o.dict))).toHaveLength(kids.length);
  const pages = kids.map((kid) => {
    const ops = objects.get(ref(objects.get(kid)?.dict, 'Contents'))?.stream?.toString('latin1') ?? '';
    return [...ops.matchAll(/\(((?:\\[\s\S]|[^\\)])*)\) Tj/g)].map((m) => decodeWinAnsi(literal(m[1] ?? '')));
  });
  return { count: Number(/\/Count (\d+)/.exec(tree)?.[1]), pages };
}

// ---- fixtures ----

const invoice = (lines: BillingLine[], extra: Partial<InvoiceDocument> = {}): InvoiceDocument => ({
  number: '9000000101',
  issuedAt: '2026-11-28T17:04:43Z',
  dueDate: '2026-12-28',
  currency: 'EUR',
  seller: { name: 'Acme Industrial Supply GmbH', addressLines: ['Hafenstraße 12', '20457 Hamburg', 'Germany'] },
  customer: { id: 'C-1001', name: 'Müller (Süd) \\ Co. KG', addressLines: ['Bahnhofstraße 5', '80335 München'] },
  orderNumber: 'SO-4711',
  deliveryNumber: 'DL-8000123',
  lines,
  subtotal: '1234.50',
  freight: '0.00',
  tax: '234.56',
  total: '1469.06',
  paymentTerms: 'Net 30 days',
  ...extra,
});

const threeLines: BillingLine[] = [
  { lineNo: 10, sku: 'BRG-6204-2RS', description: 'Deep groove ball bearing 6204-2RS', quantity: 100, unitPrice: '4.35', amount: '435.00' },
  {
    lineNo: 20,
    sku: 'HX-M8x40-A2',
    description: 'Hex bolt M8x40 (DIN 933) \\ box, price in €',
    quantity: '12',
    unitPrice: '18.90',
    amount: '226.80',
  },
  { lineNo: 30, sku: 'GRS-LT2', description: 'Grease LT2 400 g cartridge', quantity: 5, unitPrice: '114.54', amount: '572.70' },
];

describe('renderInvoicePdf', () => {
  it('prints title, references, customer, lines and totals as extractable text', () => {
    const { count, pages } = read(renderInvoicePdf(invoice(threeLines)));
    expect(count).toBe(1);
    const text = pages.flat();
    expect(text).toContain('Invoice 9000000101');
    expect(text).toContain('9000000101');
    expect(text).toContain('Müller (Süd) \\ Co. KG');
    expect(text).toContain('1,469.06');
    expect(text).toContain('Total EUR');
    expect(text).toEqual(expect.arrayContaining(['2026-11-28', '2026-12-28', 'C-1001', 'SO-4711', 'DL-8000123', 'Net 30 days']));
    expect(text).toEqual(expect.arrayContaining(['BRG-6204-2RS', '4.35', '435.00', '114.54', '1,234.50', '234.56']));
    expect(text).toContain('Page 1 of 1');
  });

  it('prints the order discount as a deduction and one tax row per rate, with its base, in order', () => {
    const text = read(
      renderInvoicePdf(
        invoice(threeLines, {
          subtotal: '1234.50',
          headerDiscount: '24.69',
          freight: '0.00',
          taxLines: [
            { rate: '19', base: '1189.81', amount: '226.06' },
            { rate: '7', base: '20.00', amount: '1.40' },
          ],
          tax: '227.46',
          total: '1437.27',
        }),
      ),
    ).pages.flat();
    const at = (s: string) => text.indexOf(s);
    expect(text).toEqual(
      expect.arrayContaining(['Order discount', '-24.69', 'Tax 19 % of 1,189.81', '226.06', 'Tax 7 % of 20.00', '1.40']),
    );
    // Per rate instead of one "Tax" row; in the order the document's total adds them up.
    expect(text).not.toContain('Tax');
    expect(at('Subtotal')).toBeLessThan(at('Order discount'));
    expect(at('Order discount')).toBeLessThan(at('Freight'));
    expect(at('Freight')).toBeLessThan(at('Tax 19 % of 1,189.81'));
    expect(at('Tax 7 % of 20.00')).toBeLessThan(at('Total EUR'));
  });

  it('round-trips parentheses, backslash, umlauts and € through WinAnsi', () => {
    const text = read(renderInvoicePdf(invoice(threeLines))).pages.flat();
    expect(text).toContain('Hafenstraße 12');
    expect(text).toContain('80335 München');
    // The description wraps in its column; re-join the wrapped runs to compare.
    expect(text.join(' ')).toContain('Hex bolt M8x40 (DIN 933) \\ box, price in €');
  });

  it('paginates 120 lines, repeating the table header and numbering "page x of n"', () => {
    const lines = Array.from({ length: 120 }, (_, i) => ({
      lineNo: (i + 1) * 10,
      sku: `SKU-${1000 + i}`,
      description: i % 9 === 0 ? 'A long description that wraps onto a second line of the description column' : `Item ${i + 1}`,
      quantity: i + 1,
      unitPrice: '1234.50',
      amount: `${(i + 1) * 1234}.50`,
    }));
    const { count, pages } = read(renderInvoicePdf(invoice(lines)));
    expect(pages.length).toBeGreaterThan(1);
    expect(count).toBe(pages.length);
    pages.forEach((page, i) => {
      expect(page).toContain('Description');
      expect(page).toContain(`Page ${i + 1} of ${pages.length}`);
      if (i > 0) expect(page).toContain('Invoice 9000000101 (continued)');
    });
    // Every line printed exactly once, in order, and the totals once at the end.
    const skus = pages.flat().filter((t) => /^SKU-\d+$/.test(t));
    expect(skus).toEqual(lines.map((l) => l.sku));
    expect(pages.flat().filter((t) => t === '1,469.06')).toHaveLength(1);
    expect(pages.at(-1)).toContain('1,469.06');
    expect(pages.flat()).toContain('148,080.50');
  });

  it('refuses malformed money instead of printing it', () => {
    expect(() => renderInvoicePdf(invoice(threeLines, { total: '1.469,06' }))).toThrow(/total must be a decimal string/);
    const bad = [{ ...threeLines[0], unitPrice: 'abc' } as BillingLine];
    expect(() => renderInvoicePdf(invoice(bad))).toThrow(/lines\[0\]\.unitPrice/);
  });
});

describe('renderCreditMemoPdf', () => {
  it('prints the credit memo title, the credited invoice and the reason', () => {
    const pdf = renderCreditMemoPdf({
      ...invoice(threeLines.slice(0, 1)),
      number: '9100000007',
      invoiceNumber: '9000000101',
      reason: 'Damaged in transit (claim CL-77)',
      subtotal: '435.00',
      freight: undefined,
      tax: '82.65',
      total: '517.65',
    });
    const text = read(pdf).pages.flat();
    expect(text).toContain('Credit memo 9100000007');
    expect(text).toEqual(expect.arrayContaining(['Original invoice', '9000000101', 'Reason', 'Damaged in transit (claim CL-77)']));
    expect(text).toEqual(expect.arrayContaining(['Total credit EUR', '517.65']));
    expect(text).not.toContain('Freight');
  });
});

describe('formatAmount', () => {
  it('groups thousands by string surgery, keeping every digit', () => {
    expect(formatAmount('1234567.5', 'x')).toBe('1,234,567.5');
    expect(formatAmount('-1000.00', 'x')).toBe('-1,000.00');
    expect(formatAmount('123456789012345678.99', 'x')).toBe('123,456,789,012,345,678.99');
    expect(formatAmount('0.10', 'x')).toBe('0.10');
    expect(formatAmount(1200, 'x')).toBe('1,200');
    for (const bad of ['', '1e5', '12,50', '1.2.3', ' ', 'NaN']) expect(() => formatAmount(bad, 'x')).toThrow(RangeError);
  });
});
