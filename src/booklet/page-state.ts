// The state a book is printed in (blank pages, contents numbers, page count):
// no pdf-lib here, so the print stage can start Chromium's page load before
// the PDF code (~0.8 MB) has even compiled (see print-stage.ts).
import type { TocEntry } from './chapters.ts';

/** What pass 2 needs from pass 1: where blank pages go and the TOC's numbers. */
export interface PageState {
  /** Ids of chapters preceded by an unnumbered blank left page. */
  blankBefore: ReadonlySet<string>;
  /** TOC entry id → the folio printed on the page where its heading stands. */
  tocPages: ReadonlyMap<string, number>;
  /** The page count the colophon states (its 印张), 0 before the first print. */
  pages?: number;
}

/** What the first print is given: no blank pages, every contents number 0, no page count. */
export function firstPageState(toc: readonly TocEntry[]): PageState {
  return { blankBefore: new Set(), tocPages: new Map(toc.map((entry) => [entry.id, 0])) };
}
