import { readFile } from 'node:fs/promises';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { IDENTITY, multiply, type Matrix } from '../../src/preflight/content.ts';

/** One drawn glyph: its character, origin on the page (PDF points, y up) and advance. */
export interface Glyph {
  ch: string;
  x: number;
  y: number;
  /** Advance width in points. */
  w: number;
  /** Font size in points (text space scaled by the CTM). */
  size: number;
  font: string;
  /** The font's name in the PDF (`ABCDEF+NotoSansSC-Bold`). */
  fontName: string;
}

export interface PdfPage {
  number: number;
  width: number;
  height: number;
  glyphs: Glyph[];
}

/** A line of glyphs sharing one baseline, left to right. */
export interface Line {
  y: number;
  glyphs: Glyph[];
  text: string;
  x0: number;
  x1: number;
  size: number;
}


interface PdfGlyph {
  unicode: string;
  width: number;
  isSpace?: boolean;
}

/**
 * Every glyph of every page with its position, from the content streams
 * (pdf.js operator lists), not from a text extractor that merges and
 * guesses spaces: what a reader sees, where it is drawn.
 */
export async function readGlyphs(file: string): Promise<PdfPage[]> {
  const data = new Uint8Array(await readFile(file));
  const doc = await getDocument({ data, disableFontFace: true, useSystemFonts: false, verbosity: 0, isEvalSupported: false }).promise;
  const pages: PdfPage[] = [];
  try {
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const [x0, y0, x1, y1] = page.view as [number, number, number, number];
      const ops = await page.getOperatorList();
      const glyphs: Glyph[] = [];
      let ctm: Matrix = IDENTITY;
      const stack: Matrix[] = [];
      let tm: Matrix = IDENTITY;
      let tlm: Matrix = IDENTITY;
      let fontName = '';
      let fontPdfName = '';
      let fontSize = 0;
      let fontMatrix = 0.001;
      let charSpacing = 0;
      let wordSpacing = 0;
      let hScale = 1;
      let leading = 0;
      let rise = 0;
      const show = (items: (PdfGlyph | number)[]): void => {
        for (const item of items) {
          if (typeof item === 'number') {
            tm = multiply([1, 0, 0, 1, (-item / 1000) * fontSize * hScale, 0], tm);
            continue;
          }
          const advance = (item.width * fontMatrix * fontSize + charSpacing + (item.isSpace ? wordSpacing : 0)) * hScale;
          const m = multiply(multiply([fontSize * hScale, 0, 0, fontSize, 0, rise], tm), ctm);
          const end = multiply(multiply([1, 0, 0, 1, advance, 0], tm), ctm);
          const size = Math.hypot(m[2], m[3]);
          glyphs.push({ ch: item.unicode, x: m[4], y: m[5], w: Math.hypot(end[4] - m[4], end[5] - m[5]), size, font: fontName, fontName: fontPdfName });
          tm = multiply([1, 0, 0, 1, advance, 0], tm);
        }
      };
      for (let i = 0; i < ops.fnArray.length; i++) {
        const fn = ops.fnArray[i];
        const args = ops.argsArray[i] as unknown[];
        switch (fn) {
          case OPS.save:
            stack.push(ctm);
            break;
          case OPS.restore:
            ctm = stack.pop() ?? IDENTITY;
            break;
          case OPS.transform:
            ctm = multiply(Array.from(args as number[]) as Matrix, ctm);
            break;
          case OPS.beginText:
            tm = IDENTITY;
            tlm = IDENTITY;
            break;
          case OPS.setFont: {
            fontName = String(args[0]);
            fontSize = Number(args[1]);
            const font = page.commonObjs.has(fontName) ? (page.commonObjs.get(fontName) as { fontMatrix?: number[]; name?: string }) : undefined;
            fontMatrix = font?.fontMatrix?.[0] ?? 0.001;
            fontPdfName = font?.name ?? '';
            break;
          }
          case OPS.setTextMatrix:
            tm = tlm = Array.from((Array.isArray(args[0]) || ArrayBuffer.isView(args[0]) ? args[0] : args) as ArrayLike<number>) as Matrix;
            break;
          case OPS.moveText:
          case OPS.setLeadingMoveText:
            if (fn === OPS.setLeadingMoveText) leading = -Number(args[1]);
            tm = tlm = multiply([1, 0, 0, 1, Number(args[0]), Number(args[1])], tlm);
            break;
          case OPS.nextLine:
            tm = tlm = multiply([1, 0, 0, 1, 0, -leading], tlm);
            break;
          case OPS.setCharSpacing:
            charSpacing = Number(args[0]);
            break;
          case OPS.setWordSpacing:
            wordSpacing = Number(args[0]);
            break;
          case OPS.setHScale:
            hScale = Number(args[0]) / 100;
            break;
          case OPS.setLeading:
            leading = Number(args[0]);
            break;
          case OPS.setTextRise:
            rise = Number(args[0]);
            break;
          case OPS.showText:
          case OPS.showSpacedText:
            show(args[0] as (PdfGlyph | number)[]);
            break;
          case OPS.nextLineShowText:
            tm = tlm = multiply([1, 0, 0, 1, 0, -leading], tlm);
            show(args[0] as (PdfGlyph | number)[]);
            break;
          case OPS.nextLineSetSpacingShowText:
            wordSpacing = Number(args[0]);
            charSpacing = Number(args[1]);
            tm = tlm = multiply([1, 0, 0, 1, 0, -leading], tlm);
            show(args[2] as (PdfGlyph | number)[]);
            break;
        }
      }
      pages.push({ number: n, width: x1 - x0, height: y1 - y0, glyphs: glyphs.filter((g) => g.ch !== '' ) });
      page.cleanup();
    }
  } finally {
    await doc.destroy();
  }
  return pages;
}

/** Group glyphs into lines by baseline (within `tolerance` points), top to bottom. */
export function linesOf(glyphs: readonly Glyph[], tolerance = 1): Line[] {
  const sorted = [...glyphs].sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: Line[] = [];
  for (const g of sorted) {
    const line = lines.find((l) => Math.abs(l.y - g.y) <= tolerance);
    if (line) line.glyphs.push(g);
    else lines.push({ y: g.y, glyphs: [g], text: '', x0: 0, x1: 0, size: 0 });
  }
  for (const line of lines) {
    line.glyphs.sort((a, b) => a.x - b.x);
    line.glyphs = line.glyphs.filter((g) => g.ch.trim() !== '');
    line.text = line.glyphs.map((g) => g.ch).join('');
    line.x0 = line.glyphs[0]?.x ?? 0;
    const last = line.glyphs.at(-1);
    line.x1 = last ? last.x + last.w : 0;
    line.size = Math.max(0, ...line.glyphs.map((g) => g.size));
  }
  return lines.filter((l) => l.glyphs.length).sort((a, b) => b.y - a.y);
}
