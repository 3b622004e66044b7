import { PDFDocument, cmyk } from 'pdf-lib';

const PT_PER_MM = 72 / 25.4;

export interface PrintBoxes {
  /** Finished size in mm. */
  trimWidth: number;
  trimHeight: number;
  bleed: number;
  /**
   * How far (mm) the rendered page extends beyond the trim on each side;
   * content is anchored at the top-left, so the trim starts this far in.
   */
  extend: number;
}

/** Crop marks start this far outside the bleed and are this long (mm). */
const MARK_GAP = 1;
const MARK_LENGTH = 5;
const MARK_WIDTH_PT = 0.25;

/**
 * Turn a page printed with bleed into a press page: exact TrimBox (Chromium
 * page sizes sit on a 0.24 pt grid, the trim must not), BleedBox `bleed`
 * mm larger on each side, a MediaBox grown to hold crop marks outside the
 * bleed, and the marks themselves in registration colour.
 */
export async function addPrintBoxes(printed: Uint8Array, boxes: PrintBoxes): Promise<Uint8Array> {
  const pdf = await PDFDocument.load(printed, { updateMetadata: false });
  const w = boxes.trimWidth * PT_PER_MM;
  const h = boxes.trimHeight * PT_PER_MM;
  const b = boxes.bleed * PT_PER_MM;
  const e = boxes.extend * PT_PER_MM;
  const slug = b + (MARK_GAP + MARK_LENGTH + 1) * PT_PER_MM;
  const gap = b + MARK_GAP * PT_PER_MM;
  const len = MARK_LENGTH * PT_PER_MM;

  for (const page of pdf.getPages()) {
    const { height: pageHeight } = page.getMediaBox();
    const x0 = e;
    const y1 = pageHeight - e;
    const y0 = y1 - h;
    const x1 = x0 + w;
    page.setTrimBox(x0, y0, w, h);
    page.setBleedBox(x0 - b, y0 - b, w + 2 * b, h + 2 * b);
    page.setMediaBox(x0 - slug, y0 - slug, w + 2 * slug, h + 2 * slug);
    page.setCropBox(x0 - slug, y0 - slug, w + 2 * slug, h + 2 * slug);
    const line = (sx: number, sy: number, ex: number, ey: number) =>
      page.drawLine({ start: { x: sx, y: sy }, end: { x: ex, y: ey }, thickness: MARK_WIDTH_PT, color: cmyk(1, 1, 1, 1) });
    for (const [x, dx] of [[x0, -1], [x1, 1]] as const) {
      for (const [y, dy] of [[y0, -1], [y1, 1]] as const) {
        line(x + dx * gap, y, x + dx * (gap + len), y); // horizontal mark, on the trim line
        line(x, y + dy * gap, x, y + dy * (gap + len)); // vertical mark
      }
    }
  }
  return pdf.save({ useObjectStreams: false });
}
