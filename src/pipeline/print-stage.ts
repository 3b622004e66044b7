// Stage 6: the print HTML → the printed PDF: books paginated (blank pages, contents numbers), the 公文's 版记 placed.
import type { PDFDocument } from 'pdf-lib';
import { margins } from '../booklet/pagecss.ts';
import { firstPageState } from '../booklet/page-state.ts';
import { paginate } from '../booklet/paginate.ts';
import { UserError } from '../errors.ts';
import type { PageLabelRange } from '../finish/structure.ts';
import { FALLBACK_FONTS } from '../fonts/fallback.ts';
import { fontWarnings, mayNeedFallback } from '../fonts/warnings.ts';
import { identityOf, packForChromium } from '../fonts/served.ts';
import { OWN_PAGE } from '../gongwen/banji-placement.ts';
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
  // The fonts travel to Chromium as WOFF, under their TrueType names (src/fonts/served.ts).
  const servedFonts = await Promise.all(fonts.truetype.map(async ({ name, bytes }) => ({ path: `assets/fonts/${name}`, bytes: await packForChromium(bytes) })));
  const printAssets: { path: string; bytes: Buffer }[] = [...styleAssets(layouts, fonts, meta.layout, 'truetype'), ...servedFonts, ...imageAssets(parsed.images)];
  const resourcesFor = (state: PrintState): Map<string, Resource> => {
    const resources = new Map<string, Resource>([['index.html', { body: layouts.printHtml(state), contentType: 'text/html; charset=utf-8' }]]);
    for (const asset of printAssets) resources.set(asset.path, { body: asset.bytes, contentType: contentTypeOf(asset.path) });
    if (isBook) resources.set('assets/page.css', { body: layouts.pageStyles(extend), contentType: contentTypeOf('page.css') });
    return resources;
  };
  const printOptions = {
    timeoutMs: options.timeoutMs,
    typeAreaWidthMm: isBook ? trim.width - margins(trim).inner - margins(trim).outer : undefined,
    whilePrinting: () => {
      void loadPdfWork().catch(() => undefined);
      context.whilePrinting?.();
    },
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
        return { pdf: await (await loadPdfWork()).loadPrinted(result.pdf), contentHash: hashResources(resources) };
      };
      if (booklet) {
        let passes = 0;
        const paged = await paginate({
          chapterStart: layouts.chapterStart,
          countsPages: meta.cover,
          chapters: tree.body.chapters,
          toc: booklet.toc,
          destinations: async (pdf) => (await loadPdfWork()).namedDestinationPages(pdf),
          print: (s) => {
            options.progress(`render pdf: pass ${++passes}`);
            return print({ ...s, banji: OWN_PAGE });
          },
          reprintFront: process.env['PAIBAN_REPRINT'] === 'full' ? undefined : async (s, first, frontPages) => {
            options.progress(`render pdf: pass ${passes + 1}, front matter only`);
            // A book whose body is wider than its pages is shrunk by Chromium: the front matter alone, as wide, alike.
            const { printScale, spliceFrontMatter } = await loadPdfWork();
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
            const { printScale, composeFramedBook } = await loadPdfWork();
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
        const { placeBanji } = await loadPdfWork();
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
 * What reads and composes Chromium's PDFs (print-pdf.ts: pdf-lib, ~0.8 MB of
 * code), imported once the first print is sent, to compile while Chromium
 * prints: before the page load it held up the start of it; during it, the
 * answers to the page's requests. (Later calls get the loaded module.)
 */
function loadPdfWork() {
  return import('./print-pdf.ts');
}

function hashResources(resources: ReadonlyMap<string, Resource>): string {
  const keys = [...resources.keys()].sort();
  return sha256(keys.map((key) => `${key}\0${bodyHash(resources.get(key)!.body)}`).join('\n'));
}

/**
 * The hash of a resource's body (a font's: of its TrueType, however it was
 * sent). The font and image buffers are the same objects in every pass of a
 * book, ~8 MB of fonts each time: hashed once per buffer.
 */
function bodyHash(body: Buffer | string): string {
  if (typeof body === 'string') return sha256(body);
  let hash = bufferHashes.get(body);
  if (hash === undefined) bufferHashes.set(body, (hash = sha256(identityOf(body))));
  return hash;
}
const bufferHashes = new WeakMap<Buffer, string>();
