/**
 * Text for the PDF writer: WinAnsi encoding (the standard 14 fonts' encoding) and Helvetica /
 * Helvetica-Bold advance widths from Adobe's AFM data, so right-aligned columns line up and long
 * text wraps without embedding fonts.
 */
export type PdfFont = 'Helvetica' | 'Helvetica-Bold';

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

export const FONTS: Readonly<Record<PdfFont, { resource: string; widths: readonly number[] }>> = {
  Helvetica: { resource: 'F1', widths: HELVETICA_WIDTHS },
  'Helvetica-Bold': { resource: 'F2', widths: HELVETICA_BOLD_WIDTHS },
};

export function bytesWidth(bytes: Uint8Array, font: PdfFont, size: number): number {
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
