// What the print stage does with Chromium's PDFs: read them, splice a book's
// reprinted front matter or compose it with its page frames, place the 公文's
// 版记. A module of its own, imported by print-stage.ts once the first print
// command is sent: pdf-lib then compiles while Chromium prints.
import type { PDFDocument } from 'pdf-lib';
import type { Chapter } from '../booklet/chapters.ts';
import { composeWithFrames } from '../booklet/compose-frames.ts';
import { marginBoxText } from '../booklet/frames.ts';
import { spliceFrontPages } from '../booklet/splice-front.ts';
import { namedDestinationPages } from '../finish/dests.ts';

export { printScale } from '../booklet/splice-front.ts';
export { namedDestinationPages } from '../finish/dests.ts';
export { loadPrinted } from '../finish/pdf.ts';
export { placeBanji } from '../gongwen/banji.ts';

/**
 * Splice the front-matter reprint into the first print, if its front
 * matter has as many pages (its body's first link target opens the page
 * after it) and the pages match (see spliceFrontPages).
 */
export async function spliceFrontMatter(first: PDFDocument, again: PDFDocument, frontPages: number, bodyId: string): Promise<string | undefined> {
  const bodyAt = (await namedDestinationPages(again)).get(bodyId);
  if (bodyAt !== frontPages) return `the front matter is ${bodyAt ?? 'no'} pages now, ${frontPages} before`;
  return spliceFrontPages(first, again, frontPages);
}

/**
 * Compose the book from the first print (no blank page) and the print of
 * its front matter and page frames (see composeWithFrames).
 */
export async function composeFramedBook(first: PDFDocument, frames: PDFDocument, chapterStarts: readonly number[], blankBefore: ReadonlySet<string>, chapters: readonly Chapter[], title: string): Promise<string | undefined> {
  const where = await namedDestinationPages(frames);
  const frameStarts = chapters.map((chapter) => where.get(chapter.id));
  const blankBeforeEach = chapters.map((chapter) => blankBefore.has(chapter.id));
  if (frameStarts.some((start) => start === undefined)) return 'a chapter has no destination in the frame print';
  const blanks = new Set(frameStarts.flatMap((start, k) => (blankBeforeEach[k] ? [start! - 1] : [])));
  return composeWithFrames(first, frames, {
    chapterStarts,
    blankBefore: blankBeforeEach,
    frameStarts,
    marginText: (print, index) =>
      print === 'first' ? marginBoxText(chapters, title, chapterStarts, new Set(), index) : marginBoxText(chapters, title, frameStarts as number[], blanks, index),
  });
}
