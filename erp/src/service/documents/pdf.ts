/**
 * A small, dependency-free PDF 1.4 writer for the reference ERP's printed documents. It owns the
 * page model (text runs, rules, filled rectangles on A4 pages), WinAnsi text encoding and Helvetica
 * metrics, the file structure (objects, xref, trailer) and the pagination helpers (`PageFlow`,
 * `wrapText`). It knows nothing about invoices; layouts live next to it (billing-document.ts).
 *
 * Only the standard 14 fonts are used (Helvetica, Helvetica-Bold), so nothing is embedded and every
 * viewer renders them; the price is that text is limited to WinAnsi (Windows-1252) characters.
 */
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';

// ---- page model ----

/** A4 in PostScript points (1/72 in); PDF user space has its origin at the bottom-left corner. */
export const A4_WIDTH = 595.28;
export const A4_HEIGHT = 841.89;

export type PdfFont = 'Helvetica' | 'Helvetica-Bold';

/** Gray level (0 = black … 1 = white) or RGB components, each 0…1. */
export type PdfColor = number | readonly [number, number, number];

export interface PdfText {
  kind: 'text';
  /** Anchor: the left edge, the right edge (`align: 'right'`) or the centre of the run. */
  x: number;
  /** Baseline. */
  y: number;
  text: string;
  size: number;
  font?: PdfFont;
  align?: 'left' | 'right' | 'center';
  color?: PdfColor;
}

export interface PdfLine {
  kind: 'line';
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /** Stroke width in points; 0.5 unless given. */
  width?: number;
  color?: PdfColor;
}

export interface PdfRect {
  kind: 'rect';
  /** Lower-left corner. */
  x: number;
  y: number;
  width: number;
  height: number;
  fill: PdfColor;
}

export type PdfOp = PdfText | PdfLine | PdfRect;

/** One A4 page; ops are painted in order, so a background rect goes before the text on it. */
export interface PdfPage {
  ops: PdfOp[];
}

export interface PdfInfo {
  title?: string;
  author?: string;
  subject?: string;
  creator?: string;
  /** Left out unless given, so equal input yields byte-identical files. */
  creationDate?: Date;
}

export interface PdfOptions {
  info?: PdfInfo;
  /**
   * Flate-compress the content streams. Off by default: the files stay small anyway and plain
   * streams keep the text greppable in the raw bytes, which helps when a customer disputes a print.
   */
  compress?: boolean;
}

// ---- WinAnsi encoding and Helvetica metrics ----

/** Code points of WinAnsi 0x80–0x9F; gaps (0x81, 0x8D, 0x8F, 0x90, 0x9D) are undefined in WinAnsi. */
const WIN_ANSI_C1: Readonly<Record<number, number>> = {
  0x80: 0x20ac, // €
  0x82: 0x201a,
  0x83: 0x0192,
  0x84: 0x201e,
  0x85: 0x2026,
  0x86: 0x2020,
  0x87: 0x2021,
  0x88: 0x02c6,
  0x89: 0x2030,
  0x8a: 0x0160,
  0x8b: 0x2039,
  0x8c: 0x0152,
  0x8e: 0x017d,
  0x91: 0x2018,
  0x92: 0x2019,
  0x93: 0x201c,
  0x94: 0x201d,
  0x95: 0x2022,
  0x96: 0x2013,
  0x97: 0x2014,
  0x98: 0x02dc,
  0x99: 0x2122,
  0x9a: 0x0161,
  0x9b: 0x203a,
  0x9c: 0x0153,
  0x9e: 0x017e,
  0x9f: 0x0178,
};

const UNICODE_TO_WIN_ANSI = new Map<number, number>();
const WIN_ANSI_TO_UNICODE = new Map<number, number>();
for (let code = 0x20; code <= 0xff; code++) {
  // 0x7F is DEL and 0x80–0x9F are C1 controls in Latin-1; WinAnsi only defines the table above there.
  const unicode = code >= 0x7f && code <= 0x9f ? WIN_ANSI_C1[code] : code;
  if (unicode === undefined) continue;
  UNICODE_TO_WIN_ANSI.set(unicode, code);
  WIN_ANSI_TO_UNICODE.set(code, unicode);
}
const REPLACEMENT = 0x3f; // '?'

/**
 * Text → WinAnsi bytes; anything WinAnsi cannot show (including control characters such as tab
 * and newline, which Tj would not honour anyway) becomes '?'. NFC first so a decomposed "ä"
 * (a + combining diaeresis) still maps to 0xE4 instead of "a?".
 */
export function encodeWinAnsi(text: string): Buffer {
  const bytes: number[] = [];
  for (const ch of text.normalize('NFC')) bytes.push(UNICODE_TO_WIN_ANSI.get(ch.codePointAt(0) ?? 0) ?? REPLACEMENT);
  return Buffer.from(bytes);
}

export function decodeWinAnsi(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += String.fromCodePoint(WIN_ANSI_TO_UNICODE.get(b) ?? 0xfffd);
  return out;
}

/*
 * Glyph advance widths (1/1000 em) for WinAnsi codes 0x20–0xFF, from Adobe's Helvetica and
 * Helvetica-Bold AFMs (version 003.001, which includes the Euro). 0 marks codes WinAnsi leaves
 * undefined; encodeWinAnsi never produces them. Viewers substitute metric-compatible fonts for
 * the standard 14, so these sums are what actually lands on the page and right-aligned money lines up.
 */
// prettier-ignore
const HELVETICA_WIDTHS: readonly number[] = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // 0x20
  556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0x30
  1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // 0x40
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // 0x50
  333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // 0x60
  556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, 0, // 0x70
  556, 0, 222, 556, 333, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0, // 0x80
  0, 222, 222, 333, 333, 350, 556, 1000, 333, 1000, 500, 333, 944, 0, 500, 667, // 0x90
  278, 333, 556, 556, 556, 556, 260, 556, 333, 737, 370, 556, 584, 333, 737, 333, // 0xA0
  400, 584, 333, 333, 333, 578, 537, 278, 333, 333, 365, 556, 834, 834, 834, 611, // 0xB0
  667, 667, 667, 667, 667, 667, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278, // 0xC0
  722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611, // 0xD0
  556, 556, 556, 556, 556, 556, 889, 500, 556, 556, 556, 556, 278, 278, 278, 278, // 0xE0
  556, 556, 556, 556, 556, 556, 556, 584, 611, 556, 556, 556, 556, 500, 556, 500, // 0xF0
];

// prettier-ignore
const HELVETICA_BOLD_WIDTHS: readonly number[] = [
  278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, // 0x20
  556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, // 0x30
  975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, // 0x40
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556, // 0x50
  333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, // 0x60
  611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584, 0, // 0x70
  556, 0, 278, 556, 500, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0, // 0x80
  0, 278, 278, 500, 500, 350, 556, 1000, 333, 1000, 556, 333, 944, 0, 500, 667, // 0x90
  278, 333, 556, 556, 556, 556, 280, 556, 333, 737, 370, 556, 584, 333, 737, 333, // 0xA0
  400, 584, 333, 333, 333, 611, 556, 278, 333, 333, 365, 556, 834, 834, 834, 611, // 0xB0
  722, 722, 722, 722, 722, 722, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278, // 0xC0
  722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611, // 0xD0
  556, 556, 556, 556, 556, 556, 889, 556, 556, 556, 556, 556, 278, 278, 278, 278, // 0xE0
  611, 611, 611, 611, 611, 611, 611, 584, 611, 611, 611, 611, 611, 556, 611, 556, // 0xF0
];

const FONTS: Readonly<Record<PdfFont, { resource: string; widths: readonly number[] }>> = {
  Helvetica: { resource: 'F1', widths: HELVETICA_WIDTHS },
  'Helvetica-Bold': { resource: 'F2', widths: HELVETICA_BOLD_WIDTHS },
};

function bytesWidth(bytes: Uint8Array, font: PdfFont, size: number): number {
  const widths = FONTS[font].widths;
  let units = 0;
  for (const b of bytes) units += widths[b - 0x20] ?? 0;
  return (units * size) / 1000;
}

/** Advance width in points of `text` as it will be printed (after WinAnsi substitution; no kerning, as Tj applies none). */
export function textWidth(text: string, font: PdfFont, size: number): number {
  return bytesWidth(encodeWinAnsi(text), font, size);
}

/**
 * Greedy word wrap to `maxWidth`. Words wider than a line are split between characters so a long
 * SKU or URL cannot run into the next column. Explicit newlines start a new line; always returns
 * at least one line.
 */
export function wrapText(text: string, font: PdfFont, size: number, maxWidth: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r\n|\r|\n/)) {
    let line = '';
    for (const word of paragraph.split(/[ \t]+/).filter((w) => w !== '')) {
      const candidate = line === '' ? word : `${line} ${word}`;
      if (textWidth(candidate, font, size) <= maxWidth) {
        line = candidate;
        continue;
      }
      if (line !== '') lines.push(line);
      line = '';
      let rest = word;
      while (textWidth(rest, font, size) > maxWidth) {
        const chars = [...rest];
        let n = 1;
        while (n < chars.length && textWidth(chars.slice(0, n + 1).join(''), font, size) <= maxWidth) n++;
        lines.push(chars.slice(0, n).join(''));
        rest = chars.slice(n).join('');
      }
      line = rest;
    }
    lines.push(line);
  }
  return lines;
}

// ---- pagination ----

export interface PageFlowOptions {
  /** Baseline of the first line on a fresh page (PDF coordinates, so near A4_HEIGHT). */
  top: number;
  /** Content must stay above this y; the footer lives below it. */
  bottom: number;
}

/**
 * A cursor that walks down the pages. Callers ask for room (`ensureSpace`) before placing a block
 * that must not be split; the flow starts a new page when it would cross `bottom` and runs
 * `onNewPage` there, which is where a table header gets repeated. Page numbers that need the
 * final count ("page 2 of 5") are added in `finish`, once the count is known.
 */
export class PageFlow {
  readonly pages: PdfPage[] = [];
  /** Current baseline; moves down (decreases) as content is placed. */
  y: number;
  /** Runs on every page the flow breaks to (not on the first one), after `y` was reset to `top`. */
  onNewPage: ((flow: PageFlow) => void) | undefined;
  private readonly top: number;
  private readonly bottom: number;
  private pageStartY: number;
  private startingPage = false;

  constructor(options: PageFlowOptions) {
    if (options.bottom >= options.top) throw new RangeError('PageFlow: bottom must lie below top');
    this.top = options.top;
    this.bottom = options.bottom;
    this.y = options.top;
    this.pageStartY = options.top;
    this.pages.push({ ops: [] });
  }

  get page(): PdfPage {
    const page = this.pages[this.pages.length - 1];
    if (page === undefined) throw new Error('PageFlow has no page');
    return page;
  }

  add(...ops: PdfOp[]): void {
    this.page.ops.push(...ops);
  }

  moveDown(dy: number): void {
    this.y -= dy;
  }

  newPage(): void {
    this.pages.push({ ops: [] });
    this.y = this.top;
    if (this.onNewPage !== undefined) {
      this.startingPage = true;
      try {
        this.onNewPage(this);
      } finally {
        this.startingPage = false;
      }
    }
    this.pageStartY = this.y;
  }

  /**
   * Break to a new page unless `height` more points fit. Returns whether it broke. A block that
   * does not fit even on an empty page is placed anyway (overflowing the bottom margin) rather
   * than looping forever, and the page-start hook itself never triggers a break.
   */
  ensureSpace(height: number): boolean {
    if (this.startingPage || this.y - height >= this.bottom || this.y >= this.pageStartY) return false;
    this.newPage();
    return true;
  }

  /** Lets `decorate` add running headers/footers that need the page count, then hands out the pages. */
  finish(decorate?: (page: PdfPage, pageIndex: number, pageCount: number) => void): PdfPage[] {
    if (decorate !== undefined) this.pages.forEach((page, i) => decorate(page, i, this.pages.length));
    return this.pages;
  }
}

// ---- serialisation ----

/** PDF numbers: no exponents (not part of the syntax), at most 3 decimals, no "-0". */
function num(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`PDF number must be finite, got ${n}`);
  const s = n.toFixed(3).replace(/\.?0+$/, '');
  return s === '-0' ? '0' : s;
}

/**
 * A literal string from raw bytes. Backslash and both parentheses are escaped (balanced parens
 * would be legal unescaped, but escaping all is simpler and always right); non-printable bytes
 * become octal escapes so a raw CR/LF is never normalised by the reader and the file stays 7-bit.
 */
export function pdfLiteral(bytes: Uint8Array): string {
  let out = '(';
  for (const b of bytes) {
    if (b === 0x5c || b === 0x28 || b === 0x29) out += `\\${String.fromCharCode(b)}`;
    else if (b < 0x20 || b > 0x7e) out += `\\${b.toString(8).padStart(3, '0')}`;
    else out += String.fromCharCode(b);
  }
  return `${out})`;
}

/** Document-information strings are "text strings" (PDFDocEncoding or UTF-16BE), not WinAnsi; UTF-16BE covers all of Unicode. */
function pdfTextString(text: string): string {
  const utf16 = Buffer.from(text, 'utf16le').swap16();
  return `<FEFF${utf16.toString('hex').toUpperCase()}>`;
}

function pdfDate(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `(D:${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z)`;
}

function colorOp(color: PdfColor, stroke: boolean): string {
  if (typeof color === 'number') return `${num(color)} ${stroke ? 'G' : 'g'}`;
  return `${color.map(num).join(' ')} ${stroke ? 'RG' : 'rg'}`;
}

function contentStream(page: PdfPage): string {
  const out: string[] = [];
  for (const op of page.ops) {
    switch (op.kind) {
      case 'text': {
        const font = op.font ?? 'Helvetica';
        const bytes = encodeWinAnsi(op.text);
        const width = bytesWidth(bytes, font, op.size);
        const x = op.align === 'right' ? op.x - width : op.align === 'center' ? op.x - width / 2 : op.x;
        const text = `BT /${FONTS[font].resource} ${num(op.size)} Tf ${num(x)} ${num(op.y)} Td ${pdfLiteral(bytes)} Tj ET`;
        out.push(op.color === undefined ? text : `q ${colorOp(op.color, false)} ${text} Q`);
        break;
      }
      case 'line':
        out.push(
          `q ${op.color === undefined ? '' : `${colorOp(op.color, true)} `}${num(op.width ?? 0.5)} w ` +
            `${num(op.x1)} ${num(op.y1)} m ${num(op.x2)} ${num(op.y2)} l S Q`,
        );
        break;
      case 'rect':
        out.push(`q ${colorOp(op.fill, false)} ${num(op.x)} ${num(op.y)} ${num(op.width)} ${num(op.height)} re f Q`);
        break;
    }
  }
  return out.join('\n') + '\n';
}

/** Accumulates the file and remembers where each object starts, which is all the xref needs. */
class PdfFileWriter {
  private readonly chunks: Buffer[] = [];
  private length = 0;
  private readonly offsets = new Map<number, number>();
  private nextNumber = 1;

  allocate(): number {
    return this.nextNumber++;
  }

  write(data: string | Buffer): void {
    // Everything we emit as a string is 7-bit (binary data arrives as Buffers), so latin1 is a 1:1 byte mapping.
    const buf = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    this.chunks.push(buf);
    this.length += buf.length;
  }

  object(number: number, dictionary: string, stream?: Buffer): void {
    if (this.offsets.has(number)) throw new Error(`PDF object ${number} written twice`);
    this.offsets.set(number, this.length);
    if (stream === undefined) {
      this.write(`${number} 0 obj\n${dictionary}\nendobj\n`);
      return;
    }
    this.write(`${number} 0 obj\n${dictionary}\nstream\n`);
    this.write(stream);
    this.write('\nendstream\nendobj\n');
  }

  /** xref + trailer + startxref. Entries are exactly 20 bytes: 10-digit offset, 5-digit generation, type, CR LF. */
  finish(trailer: (size: number) => string): Buffer {
    const size = this.nextNumber;
    for (let n = 1; n < size; n++) if (!this.offsets.has(n)) throw new Error(`PDF object ${n} allocated but never written`);
    const xrefAt = this.length;
    let xref = `xref\n0 ${size}\n0000000000 65535 f\r\n`;
    for (let n = 1; n < size; n++) xref += `${String(this.offsets.get(n)).padStart(10, '0')} 00000 n\r\n`;
    this.write(`${xref}trailer\n${trailer(size)}\nstartxref\n${xrefAt}\n%%EOF\n`);
    return Buffer.concat(this.chunks, this.length);
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks, this.length);
  }
}

/** Serialises A4 pages into a complete PDF 1.4 file. */
export function writePdf(pages: readonly PdfPage[], options: PdfOptions = {}): Buffer {
  if (pages.length === 0) throw new RangeError('a PDF needs at least one page');
  const file = new PdfFileWriter();
  // The comment's high bytes tell transfer tools (FTP, mail gateways) the file is binary.
  file.write('%PDF-1.4\n%');
  file.write(Buffer.from([0xe2, 0xe3, 0xcf, 0xd3, 0x0a]));

  const catalog = file.allocate();
  const pageTree = file.allocate();
  const fonts = { Helvetica: file.allocate(), 'Helvetica-Bold': file.allocate() } satisfies Record<PdfFont, number>;
  const info = file.allocate();
  const pageObjects = pages.map(() => ({ page: file.allocate(), content: file.allocate() }));

  file.object(catalog, `<< /Type /Catalog /Pages ${pageTree} 0 R >>`);
  file.object(
    pageTree,
    `<< /Type /Pages /Kids [${pageObjects.map((p) => `${p.page} 0 R`).join(' ')}] /Count ${pages.length} ` +
      `/MediaBox [0 0 ${num(A4_WIDTH)} ${num(A4_HEIGHT)}] >>`,
  );
  for (const font of ['Helvetica', 'Helvetica-Bold'] as const) {
    file.object(fonts[font], `<< /Type /Font /Subtype /Type1 /BaseFont /${font} /Encoding /WinAnsiEncoding >>`);
  }
  file.object(info, infoDictionary(options.info ?? {}));

  const resources = `<< /Font << /F1 ${fonts.Helvetica} 0 R /F2 ${fonts['Helvetica-Bold']} 0 R >> /ProcSet [/PDF /Text] >>`;
  pages.forEach((page, i) => {
    const objects = pageObjects[i];
    if (objects === undefined) throw new Error('unreachable: page objects out of step');
    file.object(objects.page, `<< /Type /Page /Parent ${pageTree} 0 R /Resources ${resources} /Contents ${objects.content} 0 R >>`);
    const raw = Buffer.from(contentStream(page), 'latin1');
    const data = options.compress === true ? deflateSync(raw) : raw;
    const filter = options.compress === true ? ' /Filter /FlateDecode' : '';
    file.object(objects.content, `<< /Length ${data.length}${filter} >>`, data);
  });

  // A content-derived /ID keeps output deterministic while still letting tools tell documents apart.
  const id = createHash('md5').update(file.bytes()).digest('hex').toUpperCase();
  return file.finish((size) => `<< /Size ${size} /Root ${catalog} 0 R /Info ${info} 0 R /ID [<${id}> <${id}>] >>`);
}

function infoDictionary(info: PdfInfo): string {
  const entries: string[] = [];
  if (info.title !== undefined) entries.push(`/Title ${pdfTextString(info.title)}`);
  if (info.author !== undefined) entries.push(`/Author ${pdfTextString(info.author)}`);
  if (info.subject !== undefined) entries.push(`/Subject ${pdfTextString(info.subject)}`);
  if (info.creator !== undefined) entries.push(`/Creator ${pdfTextString(info.creator)}`);
  entries.push(`/Producer ${pdfTextString('Reference ERP PDF writer')}`);
  if (info.creationDate !== undefined) entries.push(`/CreationDate ${pdfDate(info.creationDate)}`);
  return `<< ${entries.join(' ')} >>`;
}
