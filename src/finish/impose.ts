import { PDFDocument } from 'pdf-lib';
import { LOAD_OPTIONS, SAVE_OPTIONS } from './pdf-options.ts';

const PT_PER_MM = 72 / 25.4;

/**
 * Folding order for a saddle-stitched booklet of `pages` pages (a multiple
 * of 4): sheet side k holds [left, right] = (n−k, k+1) on even sides and
 * (k+1, n−k) on odd ones, so 16 pages give (16,1), (2,15), (14,3), …
 */
export function saddleOrder(pages: number): [number, number][] {
  if (pages % 4 !== 0) throw new Error('saddle imposition needs a multiple of 4 pages');
  const sides: [number, number][] = [];
  for (let k = 0; k < pages / 2; k++) sides.push(k % 2 === 0 ? [pages - k, k + 1] : [k + 1, pages - k]);
  return sides;
}

/**
 * Lay the trim-size pages two-up on sheets in folding order, padded with
 * blank pages to a multiple of 4. Sheets are exactly twice the trim width.
 */
export async function imposeSaddle(pdfBytes: Uint8Array, trim: { width: number; height: number }): Promise<{ bytes: Uint8Array; sheets: number; blanks: number }> {
  const source = await PDFDocument.load(pdfBytes, LOAD_OPTIONS);
  const out = await PDFDocument.create({ updateMetadata: false });
  const count = source.getPageCount();
  const total = Math.ceil(count / 4) * 4;
  // Each page by its own MediaBox, which is its trim and does not start at
  // 0,0 (the render had bleed around it): pdf-lib's default box assumes it
  // does, which shifted every page by the bleed and cut off its top.
  const pages = await Promise.all(
    source.getPages().map((page) => {
      const box = page.getMediaBox();
      return out.embedPage(page, { left: box.x, bottom: box.y, right: box.x + box.width, top: box.y + box.height });
    }),
  );
  const width = trim.width * PT_PER_MM;
  const height = trim.height * PT_PER_MM;
  for (const [left, right] of saddleOrder(total)) {
    const sheet = out.addPage([2 * width, height]);
    for (const [number, x] of [[left, 0], [right, width]] as const) {
      const page = pages[number - 1];
      // The trim's top-left corner on the half-sheet's top-left corner.
      if (page) sheet.drawPage(page, { x, y: height - page.height });
    }
  }
  return { bytes: await out.save(SAVE_OPTIONS), sheets: total / 4, blanks: total - count };
}
