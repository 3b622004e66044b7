import { readFile } from 'node:fs/promises';
import { PDFDocument } from 'pdf-lib';
import { pageContentText } from '../../src/finish/streams.ts';
import { parseOperations } from '../../src/pdf/content.ts';
import { IDENTITY, multiply, type Matrix } from '../../src/preflight/content.ts';

/** A filled rectangle as drawn (a rule, a border), in PDF points with y up, and its fill colour. */
export interface FilledRect {
  page: number;
  x0: number;
  x1: number;
  /** Bottom and top edges. */
  y0: number;
  y1: number;
  rgb: [number, number, number];
}

/**
 * Every rectangle filled on each page (`x y w h re` … `f`), read from the
 * content streams with the transformation and fill colour in force:
 * Chromium draws rules and borders this way.
 */
export async function filledRects(file: string): Promise<FilledRect[]> {
  const pdf = await PDFDocument.load(await readFile(file), { updateMetadata: false });
  const rects: FilledRect[] = [];
  pdf.getPages().forEach((page, index) => {
    const content = pageContentText(pdf, page.node);
    const stack: { ctm: Matrix; rgb: [number, number, number] }[] = [];
    let ctm: Matrix = IDENTITY;
    let rgb: [number, number, number] = [0, 0, 0];
    let path: { x: number; y: number; w: number; h: number; ctm: Matrix }[] = [];
    for (const { operator, operands } of parseOperations(content)) {
      const nums = operands.map((o) => (o.kind === 'number' ? o.value : NaN));
      if (operator === 'q') stack.push({ ctm, rgb });
      else if (operator === 'Q') ({ ctm, rgb } = stack.pop() ?? { ctm: IDENTITY, rgb: [0, 0, 0] });
      else if (operator === 'cm' && nums.length >= 6) ctm = multiply(nums.slice(-6) as Matrix, ctm);
      else if (operator === 'rg' && nums.length >= 3) rgb = nums.slice(-3) as [number, number, number];
      else if (operator === 'g' && nums.length >= 1) rgb = [nums.at(-1)!, nums.at(-1)!, nums.at(-1)!];
      else if (operator === 're' && nums.length >= 4) {
        const [x, y, w, h] = nums.slice(-4) as [number, number, number, number];
        path.push({ x, y, w, h, ctm });
      } else if (operator === 'f' || operator === 'F' || operator === 'f*') {
        for (const r of path) {
          const a = multiply([1, 0, 0, 1, r.x, r.y], r.ctm);
          const b = multiply([1, 0, 0, 1, r.x + r.w, r.y + r.h], r.ctm);
          rects.push({ page: index + 1, x0: Math.min(a[4], b[4]), x1: Math.max(a[4], b[4]), y0: Math.min(a[5], b[5]), y1: Math.max(a[5], b[5]), rgb });
        }
        path = [];
      } else if (operator === 'n' || operator === 'S' || operator === 's' || operator === 'B' || operator === 'b') path = [];
    }
  });
  return rects;
}
