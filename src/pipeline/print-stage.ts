// Stage 6: the print HTML → the printed PDF: books paginated (blank pages, contents numbers), the 公文's 版记 placed.
import type { PDFDocument } from 'pdf-lib';
import { margins } from '../booklet/pagecss.ts';
import { firstPageState, paginate } from '../booklet/paginate.ts';
import { printScale, spliceFrontPages } from '../booklet/splice-front.ts';
import { composeWithFrames } from '../booklet/compose-frames.ts';
import { marginBoxText } from '../booklet/frames.ts';
import type { Chapter } from '../booklet/chapters.ts';
import { UserError } from '../errors.ts';
import { namedDestinationPages } from '../finish/dests.ts';
import { loadPrinted } from '../finish/pdf.ts';
import type { PageLabelRange } from '../finish/structure.ts';
import { FALLBACK_FONTS } from '../fonts/fallback.ts';
import { fontWarnings, mayNeedFallback } from '../fonts/warnings.ts';
import { OWN_PAGE, placeBanji } from '../gongwen/banji.ts';
import { labelsFor } from '../layout/labels.ts';
import { contentTypeOf } from '../mime.ts';
import { sha256 } from '../output/write.ts';
import { trace } from '../trace.ts';
import type { FontInspection, FontReport, Renderer, Resource } from '../render/browser.ts';
import { imageAssets, styleAssets, type EditionFonts } from './fonts-stage.ts';
import { EMPTY_STATE, type EditionLayouts, type PrintState } from './html-stage.ts';
import type { BuildOptions } from './options.ts';
import type { EditionPlan } from './plan-stage.ts';
import type { EditionTree } from './tree-stage.ts';
import type { ParsedSource } from './source-stage.ts';

/** Rendered pages reach this far past the bleed, so Chromium's page grid never cuts into it. */
const PRINT_EXTRA_MM = 0.5;

/** A print scale above this is 100 % (Chromium writes 0.24 pt as .23999999). */
const UNSHRUNK = 0.99999;

/** Prints one version of the document (see Renderer.printVersions). */
type PrintVersion = (resources: ReadonlyMap<string, Resource>, inspect: false | FontInspection) => Promise<{ pdf: Buffer; fonts: FontReport | undefined }>;

export interface PrintedEdition {
  pdf: PDFDocument;
  /** A hash of everything Chromium was given: the finished PDFs' /ID. */
  contentHash: string;
  /** Page labels matching the printed folios. */
  pageLabels: PageLabelRange[];
  /** How far every page was grown past the trim (bleed plus a margin; 0 for layouts without bleed). */
  extendMm: number;
  bleedMm: number;
  /** Chromium's version, for the PDF's producer. */
  rendererVersion: string;
}

export interface PrintContext {
  parsed: ParsedSource;
  plan: EditionPlan;
  tree: EditionTree;
  layouts: EditionLayouts;
  fonts: EditionFonts;
  options: BuildOptions;
  /** Starts packing the HTML output (run while Chromium prints). */
  whilePrinting: () => void;
  warn: (message: string) => void;
}

export async function printEdition(renderer: Renderer, context: PrintContext): Promise<PrintedEdition> {
  const { parsed, plan, tree, layouts, fonts, options, warn } = context;
  const { meta } = tree;
  const { isBook, trim } = layouts;
  // The first print also reports which fonts drew the text (build warnings).
  const suspects = await mayNeedFallback(fonts.truetype.filter((font) => fonts.ownTruetype.has(font.name)).map((font) => font.bytes), layouts.printHtml(EMPTY_STATE));
  let fontReport: FontReport | undefined;
  // One render serves both PDFs: book layouts grow every page by the bleed
  // (plus a margin, so Chromium's page grid never cuts into it); the reader's
  // PDF is cropped to the trim, the press PDF keeps the bleed and gets marks.
  const bleed = isBook ? meta.bleed : 0;
  const extend = isBook ? bleed + PRINT_EXTRA_MM : 0;
  const printAssets: { path: string; bytes: Buffer }[] = [
    ...styleAssets(layouts, fonts, meta.layout, 'truetype'),
    ...fonts.truetype.map(({ name, bytes }) => ({ path: `assets/fonts/${name}`, bytes })),
    ...imageAssets(parsed.images),
  ];
  const resourcesFor = (state: PrintState): Map<string, Resource> => {
    const resources = new Map<string, Resource>([['index.html', { body: layouts.printHtml(state), contentType: 'text/html; charset=utf-8' }]]);
    for (const asset of printAssets) resources.set(asset.path, { body: asset.bytes, contentType: contentTypeOf(asset.path) });
    if (isBook) resources.set('assets/page.css', { body: layouts.pageStyles(extend), contentType: contentTypeOf('page.css') });
    return resources;
  };
  const printOptions = {
    timeoutMs: options.timeoutMs,
    typeAreaWidthMm: isBook ? trim.width - margins(trim).inner - margins(trim).outer : undefined,
    whilePrinting: context.whilePrinting,
  };
  const booklet = isBook ? { toc: meta.cover ? tree.body.toc : [] } : undefined;
  const firstState: PrintState = booklet ? { ...firstPageState(booklet.toc), banji: OWN_PAGE } : EMPTY_STATE;
  // All passes print in one tab: a later pass swaps its body in (see Renderer.printVersions).
  const printSession = <T>(work: (print: PrintVersion) => Promise<T>): Promise<T> =>
    process.env['PAIBAN_PASS_TABS'] === 'fresh'
      ? work((resources, inspect) => renderer.printWithFonts(resources, printOptions, inspect))
      : renderer.printVersions(resourcesFor(firstState), printOptions, work);

  let pageLabels: PageLabelRange[] = [{ start: 0, style: 'D' }];
  let printed: { pdf: PDFDocument; contentHash: string };
  try {
    printed = await printSession(async (printVersion) => {
      const print = async (state: PrintState) => {
        const resources = resourcesFor(state);
        await options.onPrintResources?.(resources);
        const inspect = fontReport ? false : { ...suspects, fallbackFamilies: new Set(FALLBACK_FONTS.map((font) => font.name)) };
        const result = await printVersion(resources, inspect);
        fontReport ??= result.fonts;
        return { pdf: await loadPrinted(result.pdf), contentHash: hashResources(resources) };
      };
      if (booklet) {
        let passes = 0;
        const paged = await paginate({
          chapterStart: layouts.chapterStart,
          countsPages: meta.cover,
          chapters: tree.body.chapters,
          toc: booklet.toc,
          print: (s) => {
            options.progress(`render pdf: pass ${++passes}`);
            return print({ ...s, banji: OWN_PAGE });
          },
          reprintFront: process.env['PAIBAN_REPRINT'] === 'full' ? undefined : async (s, first, frontPages) => {
            options.progress(`render pdf: pass ${passes + 1}, front matter only`);
            // A book whose body is wider than its pages is shrunk by Chromium: the front matter alone, as wide, alike.
            const shrink = printScale(first.pdf, 0);
            const again = await print({ ...s, banji: OWN_PAGE, frontOnly: { widen: shrink > 0 && shrink < UNSHRUNK ? 1 / shrink : 1 } });
            const refusal = await spliceFrontMatter(first.pdf, again.pdf, frontPages, tree.body.chapters[0]!.id);
            if (refusal) {
              trace(`print: front matter not spliced (${refusal}): printing the whole book again`);
              return undefined;
            }
            trace('print: front matter spliced into pass 1');
            // The spliced book is the whole book in this state: its /ID is that print's.
            return { pdf: first.pdf, contentHash: hashResources(resourcesFor({ ...s, banji: OWN_PAGE })) };
          },
          reprintFrames: process.env['PAIBAN_REPRINT'] === 'full' ? undefined : async (s, first, pass1) => {
            options.progress(`render pdf: pass ${passes + 1}, front matter and page frames only`);
            const shrink = printScale(first.pdf, 0);
            const framePages = pass1.chapterStarts.map((start, i) => (pass1.chapterStarts[i + 1] ?? pass1.pages) - start);
            const again = await print({ ...s, banji: OWN_PAGE, frontOnly: { widen: shrink > 0 && shrink < UNSHRUNK ? 1 / shrink : 1, framePages } });
            trace('print: composing the book from pass 1 and the frames');
            const refusal = await composeFramedBook(first.pdf, again.pdf, pass1.chapterStarts, s.blankBefore, tree.body.chapters, meta.title);
            if (refusal) {
              trace(`print: body pages not framed (${refusal}): printing the whole book again`);
              return undefined;
            }
            trace('print: front matter and page frames composed with the body of pass 1');
            return { pdf: first.pdf, contentHash: hashResources(resourcesFor({ ...s, banji: OWN_PAGE })) };
          },
        });
        // Page labels match the printed folios: cover and colophon by name, contents in roman numerals, the body from 1.
        if (meta.cover) {
          pageLabels = [
            { start: 0, prefix: labelsFor(meta.lang).cover },
            { start: 1, prefix: labelsFor(meta.lang).colophon },
            ...(paged.bodyStart > 2 ? [{ start: 2, style: 'r' as const }] : []),
            { start: paged.bodyStart, style: 'D' },
          ];
        }
        return paged.printed;
      }
      let result = await print(EMPTY_STATE);
      // The 版记 page came out odd: under the body on its last (even) page if
      // there is room, else after an unnumbered blank page.
      if (layouts.base.gongwen?.hasBanji) {
        const pages = result.pdf.getPageCount();
        let banji = placeBanji(result.pdf);
        if (banji !== OWN_PAGE) {
          options.progress('render pdf: pass 2');
          result = await print({ ...EMPTY_STATE, banji });
          // Shared, it must have saved exactly one page; if rounding pushed it over, give it its own page after a blank.
          if (banji.sharedGap && result.pdf.getPageCount() !== pages - 1) {
            banji = { blankBefore: true, sharedGap: undefined };
            result = await print({ ...EMPTY_STATE, banji });
          }
        }
      }
      return result;
    });
  } catch (error) {
    // Layout errors are about this source: name it.
    if (error instanceof UserError && !error.file) throw new UserError(error.message, { file: parsed.shownFile });
    throw error;
  }

  options.donePrinting?.();
  if (fontReport) {
    for (const warning of await fontWarnings(fontReport, plan.faces, plan.fallbacks, parsed.source.markdown, parsed.shownFile)) warn(warning);
  }
  return { ...printed, pageLabels, extendMm: extend, bleedMm: bleed, rendererVersion: renderer.version };
}

/**
 * Splice the front-matter reprint into the first print, if its front
 * matter has as many pages (its body's first link target opens the page
 * after it) and the pages match (see spliceFrontPages).
 */
async function spliceFrontMatter(first: PDFDocument, again: PDFDocument, frontPages: number, bodyId: string): Promise<string | undefined> {
  const bodyAt = (await namedDestinationPages(again)).get(bodyId);
  if (bodyAt !== frontPages) return `the front matter is ${bodyAt ?? 'no'} pages now, ${frontPages} before`;
  return spliceFrontPages(first, again, frontPages);
}

/**
 * Compose the book from the first print (no blank page) and the print of
 * its front matter and page frames (see composeWithFrames).
 */
async function composeFramedBook(first: PDFDocument, frames: PDFDocument, chapterStarts: readonly number[], blankBefore: ReadonlySet<string>, chapters: readonly Chapter[], title: string): Promise<string | undefined> {
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

function hashResources(resources: ReadonlyMap<string, Resource>): string {
  const keys = [...resources.keys()].sort();
  return sha256(keys.map((key) => `${key}\0${bodyHash(resources.get(key)!.body)}`).join('\n'));
}

/**
 * The hash of a resource's body. The font and image buffers are the same
 * objects in every pass of a book (and every document of a batch that shares
 * a subset), ~8 MB of fonts each time: hashed once per buffer.
 */
function bodyHash(body: Buffer | string): string {
  if (typeof body === 'string') return sha256(body);
  let hash = bufferHashes.get(body);
  if (hash === undefined) bufferHashes.set(body, (hash = sha256(body)));
  return hash;
}
const bufferHashes = new WeakMap<Buffer, string>();
