import { PDFName, PDFRef, type PDFDocument } from 'pdf-lib';
import { flateStream, pageContents } from './streams.ts';

const PT_PER_MM = 72 / 25.4;

export interface TrimGeometry {
  /** Finished size in mm. */
  trimWidth: number;
  trimHeight: number;
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

export interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The trim of each page rendered `extend` mm larger on each side, in points. */
export function trimRects(pdf: PDFDocument, geometry: TrimGeometry): Rect[] {
  const e = geometry.extend * PT_PER_MM;
  return pdf.getPages().map((page) => {
    const media = page.getMediaBox();
    const x0 = media.x + e;
    const y1 = media.y + media.height - e;
    return { x0, y0: y1 - geometry.trimHeight * PT_PER_MM, x1: x0 + geometry.trimWidth * PT_PER_MM, y1 };
  });
}

/**
 * The reader's page: MediaBox and CropBox exactly the trim, whatever bleed
 * was rendered around it (one render serves the screen and the press).
 */
export function cropToTrim(pdf: PDFDocument, trims: readonly Rect[]): void {
  for (const [i, page] of pdf.getPages().entries()) {
    const t = trims[i]!;
    page.setMediaBox(t.x0, t.y0, t.x1 - t.x0, t.y1 - t.y0);
    page.setCropBox(t.x0, t.y0, t.x1 - t.x0, t.y1 - t.y0);
  }
}

const PAGE_BOXES = ['MediaBox', 'CropBox', 'BleedBox', 'TrimBox', 'ArtBox'].map((name) => PDFName.of(name));

/**
 * The pages' boxes as they are now, and a function that puts them back
 * exactly: a box the page lacked is deleted again, so the page dictionary's
 * keys come out in the same order as if it had never been cropped (the
 * press PDF's bytes do not depend on whether the reader's was made first).
 */
export function keepPageBoxes(pdf: PDFDocument): () => void {
  const saved = pdf.getPages().map((page) => PAGE_BOXES.map((key) => [key, page.node.get(key)] as const));
  return () => {
    for (const [i, page] of pdf.getPages().entries()) {
      for (const [key, value] of saved[i]!) {
        if (value === undefined) page.node.delete(key);
        else page.node.set(key, value);
      }
    }
  };
}

/**
 * Turn pages printed with bleed into press pages: exact TrimBox (Chromium
 * page sizes sit on a 0.24 pt grid, the trim must not), BleedBox `bleed`
 * mm larger on each side, a MediaBox grown to hold crop marks outside the
 * bleed, and the marks themselves in registration colour, as artifacts.
 */
export function applyPrintBoxes(pdf: PDFDocument, trims: readonly Rect[], bleedMm: number): void {
  const b = bleedMm * PT_PER_MM;
  const slug = b + (MARK_GAP + MARK_LENGTH + 1) * PT_PER_MM;
  // Pages of one size share their marks and their q/Q wrappers.
  const shared = new Map<string, PDFRef>();
  const streamRef = (key: string, text: string) => {
    let ref = shared.get(key);
    if (!ref) shared.set(key, (ref = pdf.context.register(flateStream(pdf, Buffer.from(text, 'latin1')))));
    return ref;
  };
  for (const [i, page] of pdf.getPages().entries()) {
    const t = trims[i]!;
    const w = t.x1 - t.x0;
    const h = t.y1 - t.y0;
    page.setTrimBox(t.x0, t.y0, w, h);
    page.setBleedBox(t.x0 - b, t.y0 - b, w + 2 * b, h + 2 * b);
    page.setMediaBox(t.x0 - slug, t.y0 - slug, w + 2 * slug, h + 2 * slug);
    page.setCropBox(t.x0 - slug, t.y0 - slug, w + 2 * slug, h + 2 * slug);
    const marks = cropMarks(t, bleedMm);
    // The page's own drawing in q … Q, so no graphics state it leaves reaches the marks.
    const own = pageContents(pdf, page.node).entries;
    page.node.set(PDFName.of('Contents'), pdf.context.obj([streamRef('q', 'q\n'), ...own, streamRef('Q', '\nQ\n'), streamRef(marks, marks)]));
  }
}

/** Eight marks on the trim lines, outside the bleed, as one artifact. */
function cropMarks(t: Rect, bleedMm: number): string {
  const gap = (bleedMm + MARK_GAP) * PT_PER_MM;
  const len = MARK_LENGTH * PT_PER_MM;
  const n = (v: number) => String(Number(v.toFixed(3)));
  const lines: string[] = [];
  const line = (sx: number, sy: number, ex: number, ey: number) => lines.push(`${n(sx)} ${n(sy)} m ${n(ex)} ${n(ey)} l S`);
  for (const [x, dx] of [[t.x0, -1], [t.x1, 1]] as const) {
    for (const [y, dy] of [[t.y0, -1], [t.y1, 1]] as const) {
      line(x + dx * gap, y, x + dx * (gap + len), y); // horizontal mark, on the trim line
      line(x, y + dy * gap, x, y + dy * (gap + len)); // vertical mark
    }
  }
  return `/Artifact BMC\nq\n${MARK_WIDTH_PT} w 1 1 1 1 K\n${lines.join('\n')}\nQ\nEMC\n`;
}
