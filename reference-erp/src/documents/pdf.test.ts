/**
 * The PDF writer: file structure (xref offsets, trailer, startxref), string escaping, WinAnsi
 * encoding, Helvetica metrics and the pagination helpers. The file is checked by parsing it here
 * rather than with pdftotext/qpdf, so the suite runs on machines without poppler.
 */
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PageFlow, decodeWinAnsi, encodeWinAnsi, pdfLiteral, textWidth, wrapText, writePdf, type PdfPage } from './pdf.js';

// ---- a minimal reader: just enough PDF to verify what the writer promises ----

interface ParsedPdf {
  text: string;
  size: number;
  trailer: string;
  objects: Map<number, { dict: string; stream?: Buffer }>;
}

/** Parses via the xref (so every offset is exercised) and asserts the structural invariants on the way. */
function parsePdf(pdf: Buffer): ParsedPdf {
  const text = pdf.toString('latin1');
  expect(text.startsWith('%PDF-1.4\n')).toBe(true);
  expect(text.endsWith('%%EOF\n')).toBe(true);

  const tail = /startxref\n(\d+)\n%%EOF\n$/.exec(text);
  expect(tail).not.toBeNull();
  const xrefAt = Number(tail?.[1]);
  expect(text.slice(xrefAt, xrefAt + 5)).toBe('xref\n');

  const subsection = /^xref\n0 (\d+)\n/.exec(text.slice(xrefAt));
  expect(subsection).not.toBeNull();
  const size = Number(subsection?.[1]);
  let pos = xrefAt + (subsection?.[0].length ?? 0);
  const objects = new Map<number, { dict: string; stream?: Buffer }>();
  for (let n = 0; n < size; n++, pos += 20) {
    const entry = text.slice(pos, pos + 20);
    if (n === 0) {
      expect(entry).toBe('0000000000 65535 f\r\n');
      continue;
    }
    expect(entry).toMatch(/^\d{10} 00000 n\r\n$/);
    const offset = Number(entry.slice(0, 10));
    expect(text.slice(offset, offset + `${n} 0 obj\n`.length)).toBe(`${n} 0 obj\n`);
    objects.set(n, readObject(pdf, text, offset));
  }

  const trailer = /^trailer\n(<<.*>>)\nstartxref\n/s.exec(text.slice(pos));
  expect(trailer).not.toBeNull();
  const trailerDict = trailer?.[1] ?? '';
  expect(trailerDict).toContain(`/Size ${size} `);
  expect(trailerDict).toMatch(/\/Root \d+ 0 R/);
  // Every object in the body is in the xref, and nothing else is.
  expect((text.slice(0, xrefAt).match(/^\d+ 0 obj$/gm) ?? []).length).toBe(size - 1);
  return { text, size, trailer: trailerDict, objects };
}

function readObject(pdf: Buffer, text: string, offset: number): { dict: string; stream?: Buffer } {
  const bodyAt = text.indexOf('\n', offset) + 1;
  const streamAt = text.indexOf('\nstream\n', bodyAt);
  const endAt = text.indexOf('\nendobj\n', bodyAt);
  if (streamAt === -1 || streamAt > endAt) return { dict: text.slice(bodyAt, endAt) };
  const dict = text.slice(bodyAt, streamAt);
  const length = Number(/\/Length (\d+)/.exec(dict)?.[1]);
  const dataAt = streamAt + '\nstream\n'.length;
  // /Length must be exact: the stream data is followed directly by the EOL and `endstream`.
  expect(text.slice(dataAt + length, dataAt + length + '\nendstream\n'.length)).toBe('\nendstream\n');
  const raw = pdf.subarray(dataAt, dataAt + length);
  return { dict, stream: dict.includes('/FlateDecode') ? inflateSync(raw) : raw };
}

function ref(dict: string, key: string): number {
  const m = new RegExp(`/${key} (\\d+) 0 R`).exec(dict);
  if (m?.[1] === undefined) throw new Error(`no /${key} reference in ${dict}`);
  return Number(m[1]);
}

function unescapeLiteral(body: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < body.length; i++) {
    if (body[i] !== '\\') {
      bytes.push(body.charCodeAt(i));
      continue;
    }
    const octal = /^[0-7]{1,3}/.exec(body.slice(i + 1))?.[0];
    if (octal !== undefined) {
      bytes.push(parseInt(octal, 8));
      i += octal.length;
    } else {
      bytes.push(body.charCodeAt(++i));
    }
  }
  return Buffer.from(bytes);
}

/** Text runs per page, in page-tree order, decoded from WinAnsi. */
function pageTexts(parsed: ParsedPdf): string[][] {
  const catalog = parsed.objects.get(ref(parsed.trailer, 'Root'));
  const tree = parsed.objects.get(ref(catalog?.dict ?? '', 'Pages'));
  const kids = [...(/\/Kids \[([^\]]*)\]/.exec(tree?.dict ?? '')?.[1] ?? '').matchAll(/(\d+) 0 R/g)].map((m) => Number(m[1]));
  return kids.map((kid) => {
    const content = parsed.objects.get(ref(parsed.objects.get(kid)?.dict ?? '', 'Contents'))?.stream;
    const ops = content?.toString('latin1') ?? '';
    return [...ops.matchAll(/\(((?:\\[\s\S]|[^\\)])*)\) Tj/g)].map((m) => decodeWinAnsi(unescapeLiteral(m[1] ?? '')));
  });
}

const samplePages = (): PdfPage[] => [
  {
    ops: [
      { kind: 'text', x: 50, y: 780, text: 'Hello (PDF) \\ world', size: 12, font: 'Helvetica-Bold' },
      { kind: 'text', x: 500, y: 700, text: '1,234.50', size: 9, align: 'right' },
      { kind: 'line', x1: 50, y1: 690, x2: 545, y2: 690 },
      { kind: 'rect', x: 50, y: 650, width: 100, height: 20, fill: [0.9, 0.9, 0.95] },
    ],
  },
  { ops: [{ kind: 'text', x: 50, y: 780, text: 'Größe: 5 € — Ünïcödé 中', size: 10, color: 0.4 }] },
];

describe('writePdf file structure', () => {
  it('has a header, an exact xref, a trailer naming /Size and /Root, startxref and %%EOF', () => {
    const parsed = parsePdf(writePdf(samplePages()));
    const catalog = parsed.objects.get(ref(parsed.trailer, 'Root'));
    expect(catalog?.dict).toContain('/Type /Catalog');
    const tree = parsed.objects.get(ref(catalog?.dict ?? '', 'Pages'));
    expect(tree?.dict).toContain('/Count 2');
    expect(tree?.dict).toContain('/MediaBox [0 0 595.28 841.89]');
  });

  it('declares the standard Helvetica faces with WinAnsiEncoding and embeds nothing', () => {
    const parsed = parsePdf(writePdf(samplePages()));
    const fonts = [...parsed.objects.values()].filter((o) => o.dict.includes('/Type /Font'));
    expect(fonts.map((f) => /\/BaseFont \/(\S+)/.exec(f.dict)?.[1]).sort()).toEqual(['Helvetica', 'Helvetica-Bold']);
    for (const font of fonts) expect(font.dict).toContain('/Encoding /WinAnsiEncoding');
    expect(parsed.text).not.toContain('/FontFile');
  });

  it('keeps the same structure with Flate-compressed content streams', () => {
    const pdf = writePdf(samplePages(), { compress: true });
    const parsed = parsePdf(pdf);
    expect(parsed.text).toContain('/Filter /FlateDecode');
    expect(pageTexts(parsed)[0]).toContain('Hello (PDF) \\ world');
  });

  it('is deterministic unless a creation date is asked for', () => {
    expect(writePdf(samplePages()).equals(writePdf(samplePages()))).toBe(true);
    const dated = parsePdf(writePdf(samplePages(), { info: { title: 'Rechnung Ä', creationDate: new Date('2026-11-28T17:04:43Z') } }));
    expect(dated.text).toContain('/CreationDate (D:20261128170443Z)');
    // Info strings are UTF-16BE with a BOM, not WinAnsi.
    expect(dated.text).toContain('/Title <FEFF005200650063');
  });

  it('refuses an empty document and non-finite coordinates', () => {
    expect(() => writePdf([])).toThrow(/at least one page/);
    expect(() => writePdf([{ ops: [{ kind: 'line', x1: NaN, y1: 0, x2: 1, y2: 1 }] }])).toThrow(/finite/);
  });
});

describe('text encoding', () => {
  it('escapes backslash and parentheses and octal-escapes bytes outside printable ASCII', () => {
    expect(pdfLiteral(encodeWinAnsi('a(b)c\\d'))).toBe('(a\\(b\\)c\\\\d)');
    expect(pdfLiteral(encodeWinAnsi('ä€\n'))).toBe('(\\344\\200?)');
  });

  it('encodes WinAnsi: Latin-1 as is, € at 0x80, decomposed umlauts composed, the rest as "?"', () => {
    expect([...encodeWinAnsi('äöüßéè€')]).toEqual([0xe4, 0xf6, 0xfc, 0xdf, 0xe9, 0xe8, 0x80]);
    expect([...encodeWinAnsi('a\u0308')]).toEqual([0xe4]);
    expect([...encodeWinAnsi('„quoted“ – …')]).toEqual([0x84, 0x71, 0x75, 0x6f, 0x74, 0x65, 0x64, 0x93, 0x20, 0x96, 0x20, 0x85]);
    // One '?' per character, also for characters outside the BMP (two UTF-16 code units).
    expect(encodeWinAnsi('中😀\t').toString('latin1')).toBe('???');
    expect(decodeWinAnsi(encodeWinAnsi('Müller (Süd) \\ 5 € — ok'))).toBe('Müller (Süd) \\ 5 € — ok');
  });

  it('round-trips special characters through a written file', () => {
    const texts = pageTexts(parsePdf(writePdf(samplePages())));
    expect(texts).toEqual([['Hello (PDF) \\ world', '1,234.50'], ['Größe: 5 € — Ünïcödé ?']]);
  });
});

describe('Helvetica metrics and alignment', () => {
  it('measures with the AFM widths', () => {
    // H 722 + e 556 + l 222 + l 222 + o 556
    expect(textWidth('Hello', 'Helvetica', 1000)).toBe(2278);
    // H 722 + e 556 + l 278 + l 278 + o 611
    expect(textWidth('Hello', 'Helvetica-Bold', 1000)).toBe(2445);
    expect(textWidth('€äöüß', 'Helvetica', 1000)).toBe(556 * 4 + 611);
    expect(textWidth('1,234.50', 'Helvetica', 10)).toBeCloseTo(38.92, 6);
    // Digits share one width, so right-aligned money columns line up digit by digit.
    expect(textWidth('1,111.11', 'Helvetica', 9)).toBe(textWidth('9,999.99', 'Helvetica', 9));
  });

  it('places right-aligned runs so they end at x', () => {
    const content = parsePdf(writePdf(samplePages())).text;
    // 500 − (6 × 556 + 278 + 278) × 9 / 1000 = 464.972
    expect(content).toContain('464.972 700 Td (1,234.50) Tj');
  });
});

describe('wrapText', () => {
  it('wraps at spaces, splits words wider than a line and honours newlines', () => {
    const source = 'Deep groove ball bearing 6204-2RS sealed\nSUPERCALIFRAGILISTICEXPIALIDOCIOUS';
    const lines = wrapText(source, 'Helvetica', 9, 70);
    for (const line of lines) expect(textWidth(line, 'Helvetica', 9)).toBeLessThanOrEqual(70);
    expect(lines[0]).toBe('Deep groove ball'); // 68.0 pt; adding " bearing" would not fit
    expect(lines.join('').replace(/ /g, '')).toBe(source.replace(/\s/g, ''));
    expect(lines.filter((l) => /^[A-Z]+$/.test(l)).length).toBeGreaterThan(1); // the long word was split
    expect(lines.some((l) => l.endsWith('sealed'))).toBe(true);
    expect(wrapText('', 'Helvetica', 9, 60)).toEqual(['']);
  });
});

describe('PageFlow', () => {
  it('breaks before a block that does not fit, runs onNewPage there and numbers pages at the end', () => {
    const flow = new PageFlow({ top: 800, bottom: 100 });
    const starts: number[] = [];
    flow.onNewPage = (f) => {
      starts.push(f.pages.length);
      f.add({ kind: 'text', x: 50, y: f.y, text: 'header', size: 9 });
      f.moveDown(20);
      // The hook may ask for space without recursing into another break.
      expect(f.ensureSpace(10_000)).toBe(false);
    };
    for (let i = 0; i < 100; i++) {
      flow.ensureSpace(30);
      expect(flow.y - 30).toBeGreaterThanOrEqual(100);
      flow.add({ kind: 'text', x: 50, y: flow.y, text: `row ${i}`, size: 9 });
      flow.moveDown(30);
    }
    const pages = flow.finish((page, i, count) => page.ops.push({ kind: 'text', x: 500, y: 50, text: `${i + 1}/${count}`, size: 8 }));
    expect(pages.length).toBeGreaterThan(1);
    expect(starts).toEqual(pages.slice(1).map((_, i) => i + 2));
    expect(pages.at(-1)?.ops.at(-1)).toMatchObject({ text: `${pages.length}/${pages.length}` });
  });

  it('places a block taller than a page instead of breaking forever', () => {
    const flow = new PageFlow({ top: 800, bottom: 100 });
    flow.add({ kind: 'text', x: 50, y: flow.y, text: 'first', size: 9 });
    flow.moveDown(10);
    expect(flow.ensureSpace(5000)).toBe(true);
    expect(flow.ensureSpace(5000)).toBe(false);
    expect(flow.pages).toHaveLength(2);
  });
});
