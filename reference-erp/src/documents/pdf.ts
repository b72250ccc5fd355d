/**
 * A small, dependency-free PDF 1.4 writer for the reference ERP's printed documents. It owns the
 * page model (text runs, rules, filled rectangles on A4 pages), WinAnsi text encoding and Helvetica
 * metrics, the file structure (objects, xref, trailer) and the pagination helpers (`PageFlow`,
 * `wrapText`). It knows nothing about invoices; layouts live next to it (billing-document.ts).
 *
 * Only the standard 14 fonts are used (Helvetica, Helvetica-Bold), so nothing is embedded and every
 * viewer renders them; the price is that text is limited to WinAnsi (Windows-1252) characters.
 */
import { FONTS, bytesWidth, encodeWinAnsi, type PdfFont } from './winansi.js';

export { decodeWinAnsi, encodeWinAnsi, textWidth, wrapText, type PdfFont } from './winansi.js';
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';

// ---- page model ----

/** A4 in PostScript points (1/72 in); PDF user space has its origin at the bottom-left corner. */
export const A4_WIDTH = 595.28;
export const A4_HEIGHT = 841.89;

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
