import { PDFArray, PDFDict, PDFName, PDFNumber, PDFRef, type PDFDocument } from 'pdf-lib';
import { decodeName } from '../finish/dests.ts';
import { BANJI_ROWS_ID, BODY_END_ID, OWN_PAGE, type BanjiPlacement } from './banji-placement.ts';

const PT_PER_MM = 72 / 25.4;
/** Kept between the body's end and the 版记 when they share a page: one line of the grid at least. */
const MIN_GAP_MM = 225 / 22;

/**
 * From a print with the 版记 on a page of its own (the last): if that page
 * is even, it stays; if not, the 版记 moves up under the body when the
 * body's last (even) page has room for it, else a blank page goes before it.
 */
export function placeBanji(pdf: PDFDocument): BanjiPlacement {
  const pages = pdf.getPageCount();
  if (pages % 2 === 0) return OWN_PAGE;
  const end = destinationTop(pdf, BODY_END_ID);
  const rows = destinationTop(pdf, BANJI_ROWS_ID);
  if (end && rows && end.page === pages - 2 && rows.page === pages - 1 && rows.topMm - end.topMm >= MIN_GAP_MM) {
    // A hair less than measured, so rounding never pushes the 版记 to a new page.
    return { blankBefore: false, sharedGap: `${(rows.topMm - end.topMm - 0.05).toFixed(3)}mm` };
  }
  return { blankBefore: true, sharedGap: undefined };
}

/** The page (0-based) and the top, in mm from the page's top edge, of a named destination Chromium wrote. */
export function destinationTop(pdf: PDFDocument, id: string): { page: number; topMm: number } | undefined {
  const dests = pdf.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
  const pageIndex = new Map(pdf.getPages().map((page, index) => [page.ref.toString(), index]));
  for (const [key, value] of dests?.entries() ?? []) {
    if (decodeName(key) !== id) continue;
    const dest = pdf.context.lookup(value);
    const array = dest instanceof PDFDict ? dest.lookup(PDFName.of('D')) : dest;
    if (!(array instanceof PDFArray)) return undefined;
    const target = array.get(0);
    const page = target instanceof PDFRef ? pageIndex.get(target.toString()) : undefined;
    const top = array.lookup(3);
    if (page === undefined || !(top instanceof PDFNumber)) return undefined;
    const height = pdf.getPage(page).getMediaBox().height;
    return { page, topMm: (height - top.asNumber()) / PT_PER_MM };
  }
  return undefined;
}
