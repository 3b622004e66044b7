import type { PDFDocument } from 'pdf-lib';
import { UserError } from '../errors.ts';
import type { Chapter, TocEntry } from './chapters.ts';
import { firstPageState, type PageState } from './page-state.ts';

export interface Paginated<T> {
  /** The last print: the one whose pages settled. */
  printed: T;
  state: PageState;
  /** 0-based index of the page that carries folio 1. */
  bodyStart: number;
  passes: number;
}

export interface PaginateInput<T extends { pdf: PDFDocument }> {
  chapters: readonly Chapter[];
  toc: readonly TocEntry[];
  /** Print the document as laid out with this state. */
  print: (state: PageState) => Promise<T>;
  /**
   * The 0-based page of each named destination of a print (namedDestinationPages
   * in finish/dests.ts; passed in, so this module loads without pdf-lib).
   */
  destinations: (pdf: PDFDocument) => Promise<ReadonlyMap<string, number>>;
  maxPasses?: number;
  /** The layout prints the page count (the colophon's 印张): it must match the pages printed. */
  countsPages?: boolean;
  /** Only `right` (the default) opens chapters on right-hand pages, with blank pages inserted. */
  chapterStart?: 'right' | 'page' | 'continue';
  /**
   * When only the front matter's numbers change (no blank page inserted
   * or removed), reprint just the front matter with this state into
   * `printed`'s first `frontPages` pages; undefined: it could not (the
   * whole document is printed again).
   */
  reprintFront?: (state: PageState, printed: T, frontPages: number) => Promise<T | undefined>;
  /**
   * When `printed` has no blank page and the next state inserts some, print
   * only the front matter and the body's page frames with this state and
   * compose the book from them and `printed`'s body pages (see
   * composeWithFrames); undefined: it could not (the whole document is
   * printed again).
   */
  reprintFrames?: (state: PageState, printed: T, pass1: PrintedPages) => Promise<T | undefined>;
}

/** Where a print without blank pages put things: what its frames reprint needs. */
export interface PrintedPages {
  /** 0-based page each chapter opens on, in order. */
  chapterStarts: number[];
  pages: number;
}

/**
 * Chromium has no target-counter() and no break-before: right: print, read
 * where every chapter and heading fell (named destinations), then print
 * again with blank pages and TOC numbers filled in. The result is checked
 * against where the headings really are; if it does not settle, fail rather
 * than print a wrong contents page.
 */
export async function paginate<T extends { pdf: PDFDocument }>({ chapters, toc, print, destinations, maxPasses = 4, chapterStart = 'right', countsPages = false, reprintFront, reprintFrames }: PaginateInput<T>): Promise<Paginated<T>> {
  const onRight = chapterStart === 'right';
  if (!chapters.length) throw new Error('paginate needs at least one body section');
  let state = firstPageState(toc);
  let reprinted: T | undefined;
  for (let pass = 1; pass <= maxPasses; pass++) {
    const printed = reprinted ?? (await print(state));
    reprinted = undefined;
    const where = await destinations(printed.pdf);
    const pageOf = (id: string): number => {
      const page = where.get(id);
      if (page === undefined) throw new Error(`no destination for #${id} in the printed PDF`);
      return page;
    };
    const bodyStart = pageOf(chapters[0]!.id);
    const pages = printed.pdf.getPageCount();
    const settled =
      (!countsPages || state.pages === pages) &&
      (!onRight || chapters.every((chapter) => pageOf(chapter.id) % 2 === 0)) &&
      toc.every((entry) => state.tocPages.get(entry.id) === pageOf(entry.id) - bodyStart + 1);
    if (settled) return { printed, state, bodyStart, passes: pass };
    const next = nextState(chapters, toc, state, pageOf, onRight);
    const samePages = !state.blankBefore.size && !next.blankBefore.size;
    const blanksCome = !state.blankBefore.size && next.blankBefore.size > 0;
    // The page count the next print will have: blank pages are whole pages and
    // change nothing else, so the colophon can state it now (stating this
    // print's count, a book gaining blank pages took a third print). Checked
    // against the next print like everything else.
    state = { ...next, pages: pages - state.blankBefore.size + next.blankBefore.size };
    // No blank page comes or goes: the body stays on its pages and only the
    // front matter's numbers change, so only it needs printing again
    // (checked like a whole print on the next turn).
    if (samePages && reprintFront && bodyStart > 0) reprinted = await reprintFront(state, printed, bodyStart);
    // Blank pages come, none go: the body's pages stay as printed, only
    // moved, so only the front matter and the page frames (running heads,
    // folios) need printing again.
    if (blanksCome && reprintFrames) reprinted = await reprintFrames(state, printed, { chapterStarts: chapters.map((chapter) => pageOf(chapter.id)), pages });
  }
  throw new UserError(
    `page numbers did not settle after ${maxPasses} passes (the table of contents changes the pages it counts); not printing a wrong contents page`,
  );
}

/**
 * From where things fell with the current blank pages, work out where they
 * fall without them, then insert a blank wherever a chapter would open on a
 * left-hand (even) page.
 */
function nextState(chapters: readonly Chapter[], toc: readonly TocEntry[], state: PageState, pageOf: (id: string) => number, onRight: boolean): PageState {
  const blanksUpTo = (page: number) =>
    chapters.filter((chapter) => state.blankBefore.has(chapter.id) && pageOf(chapter.id) <= page).length;
  const bare = (id: string) => pageOf(id) - blanksUpTo(pageOf(id));

  const blankBefore = new Set<string>();
  const shift = new Map<string, number>();
  for (const chapter of chapters) {
    const start = bare(chapter.id) + blankBefore.size;
    if (onRight && start % 2 === 1) blankBefore.add(chapter.id);
    shift.set(chapter.id, blankBefore.size);
  }
  const bodyStart = bare(chapters[0]!.id) + shift.get(chapters[0]!.id)!;
  // A heading is moved by the blanks before its chapter, i.e. before it.
  const shiftAt = (page: number) => {
    let result = 0;
    for (const chapter of chapters) if (bare(chapter.id) <= page) result = shift.get(chapter.id)!;
    return result;
  };
  const tocPages = new Map(toc.map((entry) => [entry.id, bare(entry.id) + shiftAt(bare(entry.id)) - bodyStart + 1]));
  return { blankBefore, tocPages };
}
