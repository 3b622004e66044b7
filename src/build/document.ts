import { existsSync } from 'node:fs';
import { trace } from '../trace.ts';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sectionChapters, withBlankPagesBefore, type SectionedBody } from '../booklet/chapters.ts';
import { paginate, type PageState } from '../booklet/paginate.ts';
import { margins, pageCss } from '../booklet/pagecss.ts';
import { parseTrim } from '../booklet/trim.ts';
import { colophonFigures } from '../booklet/colophon.ts';
import { toString } from 'hast-util-to-string';
import { UserError } from '../errors.ts';
import { documentFonts, loadProjectConfig } from '../fonts/config.ts';
import { STACKED_ON, fontFaceCss, resolveFaces, type FontFace } from '../fonts/faces.ts';
import { fontWarnings, mayNeedFallback } from '../fonts/warnings.ts';
import { FALLBACK_FONTS, codePoint, planFallbacks, SYMBOL_FALLBACK, type FallbackPlan } from '../fonts/fallback.ts';
import { subsetFonts, type FaceSubset } from '../fonts/subset.ts';
import { finishDocument, finishPdf, loadPrinted, savePdf } from '../finish/pdf.ts';
import { imposeSaddle } from '../finish/impose.ts';
import { convertToPdfx, findGhostscript } from '../finish/pdfx.ts';
import { applyPrintBoxes, cropToTrim, trimRects } from '../finish/print.ts';
import type { PDFDocument } from 'pdf-lib';
import { assertLayout, displayDate, displayEdition, renderLayout, type LayoutData } from '../layout/render.ts';
import { readDocumentSafely } from '../markdown/read.ts';
import { shiftHeadings } from '../markdown/headings.ts';
import { langSpans, markLeadSentences, numberHeadings, rubyText } from '../markdown/official.ts';
import { hastToHtml, markdownToHast } from '../markdown/html.ts';
import { collectImages } from '../markdown/images.ts';
import { checkRawImages } from '../markdown/raw-images.ts';
import { moveHeadingIdsOutOfReserved } from '../markdown/reserved-ids.ts';
import { normalizeTreePunctuation } from '../markdown/punctuation.ts';
import { normalizePunctuation } from '../cjk/punctuation.ts';
import { idTexts } from '../markdown/targets.ts';
import { labelsFor } from '../layout/labels.ts';
import type { PageLabelRange } from '../finish/structure.ts';
import { contentTypeOf } from '../mime.ts';
import { MANIFEST, buildManifest, sha256, writeOutputs, type Manifest, type ManifestBuild, type OutputFile } from '../output/write.ts';
import { displayPath, generator, stylesDir } from '../paths.ts';
import type { FontReport, Resource } from '../render/browser.ts';
import type { RendererPool } from '../render/pool.ts';
import type { FrontMatter } from '../source/frontmatter.ts';
import { loadSource, type SourceDocument } from '../source/load.ts';
import type { Root } from 'mdast';
import type { DocumentAsset } from '../markdown/images.ts';
import { applyEdition, resolveEditions, type Edition } from '../editions/editions.ts';
import { convertHast, traditionalConverter } from '../editions/script.ts';
import { printTree } from '../markdown/print-tree.ts';
import { collectInputs, fileMatches, installedChromiumVersion } from '../output/inputs.ts';
import { findChromium } from '../render/chromium.ts';
import { preflight } from '../preflight/check.ts';
import { footnotesToNotes } from '../gongwen/footnotes.ts';
import { snapFiguresToGrid } from '../gongwen/figures.ts';
import { numberOrderedItems } from '../gongwen/lists.ts';
import { splitAttachments } from '../gongwen/attachments.ts';
import { gongwenView } from '../gongwen/view.ts';
import { OWN_PAGE, placeBanji, type BanjiPlacement } from '../gongwen/banji.ts';
import { formatPreflight } from '../preflight/format.ts';
import { buildEpub } from '../epub/build.ts';
import { uprightDigits } from '../epub/upright.ts';

export type Format = 'html' | 'pdf' | 'print' | 'epub';
export const FORMATS: readonly Format[] = ['html', 'pdf', 'print', 'epub'];
/** Without --format: the EPUB is asked for by name. */
export const DEFAULT_FORMATS: readonly Format[] = ['html', 'pdf', 'print'];

export interface BuildOptions {
  /** The output root; each document goes to `<outRoot>/<doc>/`. */
  outRoot: string;
  formats: ReadonlySet<Format>;
  timeoutMs: number;
  progress: (step: string) => void;
  /** The edition to build (default: the first declared). */
  edition?: string;
  allEditions?: boolean;
  /** Rebuild even when the inputs match the last manifest. */
  force?: boolean;
  /** A problem that does not stop the build (preflight findings). */
  warn?: (message: string) => void;
  /** Also write `<doc>.pdfx.pdf`: the print PDF in CMYK through Ghostscript. */
  pdfx?: boolean;
  /** Fail the document on any warning (`build --strict`, or `strict: true` in the configuration): nothing is written. */
  strict?: boolean;
  /** Also write `<doc>.saddle.pdf`: the pages two-up in saddle-stitch order. */
  impose?: 'saddle';
  /** Sees exactly what Chromium is given to print (benchmarks compare against a bare print of it). */
  onPrintResources?: (resources: ReadonlyMap<string, Resource>) => void | Promise<void>;
  /**
   * The document needs Chromium no more (printed, skipped or failed): a run
   * can close it while this document's outputs are still being finished.
   */
  donePrinting?: () => void;
  /** The HTML output and its assets, as soon as they exist, before any PDF is printed (watch mode serves them). */
  onHtml?: (files: readonly OutputFile[]) => void;
}

export interface DocumentResult {
  name: string;
  outDir: string;
  outputs: { role: string; path: string; bytes: number; pages?: number }[];
  seconds: number;
  /** Nothing changed since the manifest in the output folder: nothing was built. */
  skipped: boolean;
}

/** The HTML output always uses this layout; the PDFs use the document's. */
const WEB_LAYOUT = 'web';
/** Layouts printed as books: cover, colophon, contents, chapters on right-hand pages. */
const BOOK_LAYOUTS = new Set(['booklet']);
const SHARED_STYLES = ['cjk.css'];
/** Rendered pages reach this far past the bleed, so Chromium's page grid never cuts into it. */
const PRINT_EXTRA_MM = 0.5;

/** A parsed source, shared by all the editions built from it. */
interface ParsedSource {
  source: SourceDocument;
  shownFile: string;
  meta: FrontMatter;
  metaLines: Record<string, number>;
  tree: Root;
  images: DocumentAsset[];
}

/**
 * Source folder → outputs of the selected editions: the default edition's
 * in `<outRoot>/<doc>/`, each other in `<outRoot>/<doc>/<edition>/`, each
 * written only if everything succeeded. The browser is started on first
 * use, so a source error costs no Chromium launch.
 */
export async function buildDocument(docDir: string, browser: RendererPool, options: BuildOptions): Promise<DocumentResult[]> {
  const source = await loadSource(docDir);
  const shownFile = displayPath(source.file);

  options.progress('parse');
  const { meta, metaLines, tree } = await readDocumentSafely(source.markdown, shownFile);
  // A source that parses is very likely built: unless an earlier build's
  // manifest may make this one a no-op, start Chromium now, in parallel with
  // everything up to the first print (a launch costs ~0.7 s).
  if (printsPdf(options.formats, options) && (options.force || !existsSync(path.join(options.outRoot, source.name, MANIFEST)))) browser.prewarm();
  const editions = resolveEditions(meta);
  for (const edition of editions) {
    const layout = String(edition.overrides.layout ?? meta.layout);
    assertLayout(layout, { file: shownFile, line: metaLines[edition.overrides.layout ? 'editions' : 'layout'] ?? 1 });
  }
  const images = await collectImages(tree, source.dir, shownFile);
  // The 印章 is one of the document's images: the same checks, the same serving.
  const seal = meta.gongwen?.seal;
  if (seal && !images.some((image) => image.urlPath === seal)) {
    const sealTree: Root = { type: 'root', children: [{ type: 'paragraph', children: [{ type: 'image', url: seal, alt: '印章' }] }] };
    images.push(...(await collectImages(sealTree, source.dir, shownFile).catch((error: unknown) => {
      throw error instanceof UserError ? new UserError(error.message.replace('image "', 'gongwen.seal "'), { file: shownFile, line: metaLines['gongwen'] }) : error;
    })));
  }
  const reserved = new Set(['index.html', 'assets', MANIFEST, ...editions.map((e) => e.id), ...OUTPUT_SUFFIXES.map((suffix) => `${source.name}${suffix}`)]);
  for (const image of images) {
    if (reserved.has(image.urlPath.split('/')[0]!)) {
      throw new UserError(`image path "${image.urlPath}" collides with an output name; move it into a folder such as images/`, { file: shownFile });
    }
  }
  // A non-default edition is written to `<doc>/<id>/`, beside the default's
  // own folders: an id naming one (assets/) would mix the two, and the next
  // build of the default edition would delete it. (Image folders are refused
  // just above.)
  for (const edition of editions) {
    if (!edition.isDefault && RESERVED_EDITION_IDS.includes(edition.id)) {
      throw new UserError(`edition id "${edition.id}" is reserved: it names a folder of the output (${RESERVED_EDITION_IDS.join(', ')}); choose another id`, { file: shownFile, line: metaLines['editions'] ?? 1 });
    }
  }

  const selected = options.allEditions ? editions : [editions.find((e) => (options.edition ? e.id === options.edition : e.isDefault))];
  if (!selected[0]) {
    throw new UserError(`no edition "${options.edition}" (editions: ${editions.map((e) => e.id).join(', ')})`, { file: shownFile, line: metaLines['editions'] ?? 1 });
  }
  const parsed: ParsedSource = { source, shownFile, meta, metaLines, tree, images };
  const results: DocumentResult[] = [];
  for (const [i, edition] of (selected as Edition[]).entries()) {
    const last = i === selected.length - 1;
    results.push(await buildEdition(parsed, edition, browser, { ...options, donePrinting: last ? options.donePrinting : undefined }));
  }
  return results;
}

/** Whether these formats and options need Chromium: any PDF output. */
function printsPdf(formats: ReadonlySet<Format>, options: Pick<BuildOptions, 'impose'>): boolean {
  // An EPUB's page list comes from the printed pages: it implies a print pass.
  return formats.has('pdf') || formats.has('print') || formats.has('epub') || options.impose !== undefined;
}

/** Output names a document's folder may hold, after `<doc>`. */
const OUTPUT_SUFFIXES = ['.pdf', '.print.pdf', '.saddle.pdf', '.pdfx.pdf', '.epub'];
/** Folders of a document's output that no edition id may take (images' own folders are checked per document). */
const RESERVED_EDITION_IDS: readonly string[] = ['assets'];

async function buildEdition(parsed: ParsedSource, edition: Edition, browser: RendererPool, options: BuildOptions): Promise<DocumentResult> {
  const started = performance.now();
  const report = options.warn ?? ((message: string) => process.stderr.write(`paiban: warning: ${message}\n`));
  let warnings = 0;
  const warn = (message: string) => {
    warnings++;
    report(message);
  };
  const { source, shownFile, images } = parsed;
  const meta = applyEdition(parsed.meta, edition);
  const formats = new Set([...options.formats].filter((format) => !edition.formats || edition.formats.includes(format)));
  const outDir = edition.isDefault ? path.join(options.outRoot, source.name) : path.join(options.outRoot, source.name, edition.id);
  const label = edition.isDefault ? source.name : `${source.name}/${edition.id}`;

  // Everything the outputs depend on; equal to the last build's, the build is skipped.
  // Fonts per role (project config, then the front matter): inputs too.
  const project = await loadProjectConfig();
  const ownFonts = await documentFonts(meta.fonts, source.dir, { file: shownFile, line: parsed.metaLines['fonts'] });
  const { faces, fallbacks } = resolveFaces({ ...project.fonts, ...ownFonts });
  const serifFile = faces.find((face) => face.role === 'serif' && face.weight === 400)?.file;
  // The bundled fallback fonts the source needs are inputs too (DejaVu Sans always: Chromium's last resort).
  const sourcePlan = await planFallbacks(faces, source.markdown, serifFile);
  const inputs = await collectInputs({
    sourcePath: projectPath(source.file),
    sourceBytes: source.bytes,
    images,
    fontFiles: [...new Set([...faces.map((face) => face.file), ...fallbackFiles(sourcePlan), SYMBOL_FALLBACK.file])],
    config: project.file ? { path: projectPath(project.file), bytes: await readFile(project.file) } : undefined,
  });
  const build: ManifestBuild = {
    source: projectPath(source.dir),
    editionInfo: { id: edition.id, name: edition.name ?? null, date: edition.date, changes: edition.changes ?? null, default: edition.isDefault },
    options: { formats: FORMATS.filter((f) => formats.has(f)), impose: options.impose ?? null, pdfx: options.pdfx === true },
    versions: { paiban: generator.version, node: process.versions.node },
    inputs,
  };
  const wantPdf = printsPdf(formats, options);
  if (!options.force && (await upToDate(outDir, build, wantPdf))) {
    const previous = JSON.parse(await readFile(path.join(outDir, MANIFEST), 'utf8')) as Manifest;
    return { name: label, outDir, outputs: previous.outputs, seconds: (performance.now() - started) / 1000, skipped: true };
  }

  // The browser starts now, in parallel with the transform, layout and font subsetting.
  if (wantPdf) browser.prewarm();

  options.progress('transform');
  const tree = structuredClone(parsed.tree);
  const isGongwenLayout = meta.layout === 'gongwen';
  // A 公文 has no footnotes: they become 附注 lines, with a warning each.
  const gongwenNotes = isGongwenLayout ? footnotesToNotes(tree) : { notes: [], lines: [] };
  for (const line of gongwenNotes.lines) warn(`${shownFile}:${line}: a footnote in a 公文 (GB/T 9704-2012 has none) is set as 附注 text after the date`);
  if (meta.punctuation) gongwenNotes.notes = gongwenNotes.notes.map((note) => normalizePunctuation(note).text);
  // Each attachment's own text, after the body under `# 附件N`, is set like the body.
  const attachmentTrees = isGongwenLayout ? splitAttachments(tree, meta.gongwen?.attachments ?? [], { file: shownFile }) : [];
  for (const part of [tree, ...attachmentTrees]) {
    numberHeadings(part, meta.numbering);
    markLeadSentences(part);
    rubyText(part);
    langSpans(part);
    shiftHeadings(part);
    if (meta.punctuation) normalizeTreePunctuation(part);
  }
  const hast = markdownToHast(tree, meta.lang);
  const attachmentHasts = attachmentTrees.map((part) => markdownToHast(part, meta.lang));
  if (edition.script === 'zh-Hant') {
    const convert = traditionalConverter(edition.variant);
    for (const part of [hast, ...attachmentHasts]) convertHast(part, convert);
    meta.title = convert(meta.title);
    meta.author = convert(meta.author);
    if (meta.subtitle) meta.subtitle = convert(meta.subtitle);
    // The 公文 elements are the document's words too (the seal path is not).
    if (meta.gongwen) {
      const { seal, ...words } = meta.gongwen;
      const converted = JSON.parse(JSON.stringify(words), (key, value: unknown) => (typeof value === 'string' && key !== 'kind' && key !== 'issuedOn' && key !== 'copy' ? convert(value) : value)) as typeof words;
      meta.gongwen = { ...converted, ...(seal ? { seal } : {}) };
    }
    gongwenNotes.notes = gongwenNotes.notes.map(convert);
  }
  moveHeadingIdsOutOfReserved(hast);
  const body = sectionChapters(hast);
  checkRawImages(body.tree, new Set(images.map((image) => image.urlPath)), source.dir, shownFile);

  options.progress('layout');
  const trim = parseTrim(meta.trim)!;
  const isBook = BOOK_LAYOUTS.has(meta.layout);
  const baseData = layoutBase(meta, edition, trim.name, gongwenNotes.notes);
  attachmentHasts.forEach((attachment, i) => {
    const page = baseData.gongwen?.attachmentPages[i];
    if (page) page.body = hastToHtml(attachment);
  });
  // The HTML output's fonts are WOFF; Chromium prints from the same subsets as TrueType (no packing to wait for).
  const truetypeName = (name: string) => name.replace(/\.woff$/, '.ttf');
  const fontFile = (face: FontFace, format: 'woff' | 'truetype') => `fonts/${format === 'woff' ? face.fileName : truetypeName(face.fileName)}`;
  const fontUrls = (format: 'woff' | 'truetype') => [...new Set(faces.map((face) => `assets/${fontFile(face, format)}`))];
  // Declared after the layouts are rendered: the fallbacks depend on their text.
  let fallbackFaces: FontFace[] = [];
  const webHtml = formats.has('html')
    ? renderLayout(WEB_LAYOUT, {
        ...baseData,
        body: hastToHtml(meta.writing === 'vertical' ? uprightDigits(structuredClone(body.tree)) : body.tree),
        banji: OWN_PAGE,
        toc: body.toc.map((entry) => ({ ...entry, page: 0 })),
        stylesheets: stylesheetsFor(WEB_LAYOUT, false),
        fonts: fontUrls('woff'),
      })
    : undefined;
  const printBody = printTree(body.tree);
  // 公文 figures take whole lines of the grid; ordered items print their numbers as text.
  if (isGongwenLayout) {
    snapFiguresToGrid(printBody, images);
    numberOrderedItems(printBody);
  }
  // Rendered once per pagination state (a 300-page body takes ~0.1 s to serialise).
  const printHtmlCache = new Map<string, string>();
  const printHtml = (state: PageState): string => {
    const key = JSON.stringify([[...state.blankBefore], [...state.tocPages], banji, state.pages ?? 0]);
    let html = printHtmlCache.get(key);
    if (html === undefined) printHtmlCache.set(key, (html = renderPrintHtml(state)));
    return html;
  };
  const renderPrintHtml = (state: PageState): string =>
    renderLayout(meta.layout, {
      ...baseData,
      body: hastToHtml(isBook ? withBlankPagesBefore({ ...body, tree: printBody }, state.blankBefore) : printBody),
      banji,
      toc: isBook && meta.cover ? body.toc.map((entry) => ({ ...entry, page: state.tocPages.get(entry.id) ?? 0 })) : [],
      colophon: isBook && meta.cover ? colophonData(state.pages ?? 0) : undefined,
      probes: isBook ? [...body.chapters.map((c) => c.id), ...(meta.cover ? body.toc.map((e) => e.id) : [])] : [],
      stylesheets: stylesheetsFor(meta.layout, isBook),
      fonts: fontUrls('truetype'),
    });
  const emptyState: PageState = { blankBefore: new Set(), tocPages: new Map() };
  // 公文: the 版记 goes on an even last page (GB/T 9704-2012 §7.4); placed after the first print.
  let banji: BanjiPlacement = OWN_PAGE;
  const bodyText = toString(body.tree);
  const [year, month] = meta.date.split('-').map(Number) as [number, number];
  const colophonData = (pages: number): LayoutData['colophon'] => ({
    ...colophonFigures(trim, pages, bodyText),
    editionLine: `${year}年${month}月${baseData.editionDisplay}`,
    printingLine: `${year}年${month}月第${meta.printing ?? 1}次印刷`,
  });

  const styles = new Map<string, string>();
  for (const name of new Set([...SHARED_STYLES, `${WEB_LAYOUT}.css`, `${meta.layout}.css`])) styles.set(name, await readStyle(name));
  const chapterStart = meta.chapterStart ?? project.chapterStart ?? 'right';
  const pageStyles = (extendMm: number) => pageCss({ trim, title: meta.title, chapters: body.chapters, extendMm, chapterStart, autospace: meta.autospace });

  options.progress('fonts');
  // Text that only later passes print (the colophon's 印张 once the pages are counted) must be in the subsets too.
  const laterText = wantPdf && isBook && meta.cover ? printHtml({ ...emptyState, pages: 1 }) : '';
  const usedText = [webHtml ?? '', wantPdf ? printHtml(emptyState) : '', laterText, ...styles.values(), pageStyles(0)].join('');
  // What the document's fonts lack comes from the bundled fallbacks, as web
  // fonts too: Chromium never draws with a font of the machine's.
  const plan = await planFallbacks(faces, usedText, serifFile);
  if (wantPdf) assertDrawable(plan, printHtml(emptyState), source.markdown, shownFile);
  const planInputs = await collectInputs({ sourcePath: '', sourceBytes: Buffer.alloc(0), images: [], fontFiles: fallbackFiles(plan) });
  for (const input of planInputs.filter((i) => i.role === 'font')) if (!build.inputs.some((i) => i.path === input.path)) build.inputs.push(input);
  fallbackFaces = plan.faces;
  // Roles without a font share another role's files: subset each file once.
  const subsets = new Map<string, FaceSubset>();
  for (const face of [...faces, ...plan.faces]) if (!subsets.has(face.fileName)) subsets.set(face.fileName, subsetFonts(face, plan.textOf.get(face.fileName) ?? usedText));
  // The HTML output's WOFF is packed when the HTML is written (after printing: off the critical path).
  const truetypeFonts = await Promise.all([...subsets].map(async ([name, subset]) => ({ name: truetypeName(name), bytes: await subset.truetype })));
  const fontsCss = (format: 'woff' | 'truetype') =>
    fontFaceCss([...faces, ...fallbackFaces].map((face) => ({ face, url: fontFile(face, format), format }))) + '\n';

  /** The layout's styles, fonts.css naming the fonts in the given format. */
  const styleAssets = (layout: string, format: 'woff' | 'truetype'): OutputFile[] =>
    [...styles, ['fonts.css', fontsCss(format)] as const]
      .filter(([name]) => name === 'fonts.css' || SHARED_STYLES.includes(name) || name === `${layout}.css`)
      .map(([name, css]) => ({ role: 'asset' as const, path: `assets/${name}`, bytes: Buffer.from(css) }));
  const imageAssets: OutputFile[] = images.map((image) => ({ role: 'asset' as const, path: image.urlPath, bytes: image.bytes }));
  const htmlFiles = async (): Promise<OutputFile[]> => {
    if (webHtml === undefined) return [];
    const woff = await Promise.all([...subsets].map(async ([name, subset]) => ({ name, bytes: await subset.woff() })));
    return [
      { role: 'html', path: 'index.html', bytes: Buffer.from(webHtml) },
      ...styleAssets(WEB_LAYOUT, 'woff'),
      ...woff.map(({ name, bytes }): OutputFile => ({ role: 'asset', path: `assets/fonts/${name}`, bytes })),
      ...imageAssets,
    ];
  };

  let htmlMade: Promise<OutputFile[]> | undefined;
  const htmlOutput = () => (htmlMade ??= htmlFiles());
  // Watch mode serves the HTML before any PDF is printed.
  if (options.onHtml) options.onHtml(dedupe(await htmlOutput()));
  const files: OutputFile[] = [];

  if (wantPdf) {
    options.progress('render pdf');
    const renderer = await browser.get();
    // The first print also reports which fonts drew the text (build warnings).
    // Stacked roles (mono) lack the Chinese by design: their text is not suspect for it.
    const ownSubsets = new Set(faces.filter((face) => !STACKED_ON[face.role]).map((face) => truetypeName(face.fileName)));
    const suspects = mayNeedFallback(truetypeFonts.filter((font) => ownSubsets.has(font.name)).map((font) => font.bytes), printHtml(emptyState));
    let fontReport: FontReport | undefined;
    // One render serves both PDFs: book layouts grow every page by the bleed
    // (plus a margin, so Chromium's page grid never cuts into it); the reader's
    // PDF is cropped to the trim, the press PDF keeps the bleed and gets marks.
    const bleed = isBook ? meta.bleed : 0;
    const extend = isBook ? bleed + PRINT_EXTRA_MM : 0;
    const print = async (state: PageState) => {
      const resources = new Map<string, Resource>([['index.html', { body: printHtml(state), contentType: 'text/html; charset=utf-8' }]]);
      const printAssets = [
        ...styleAssets(meta.layout, 'truetype'),
        ...truetypeFonts.map(({ name, bytes }) => ({ path: `assets/fonts/${name}`, bytes })),
        ...imageAssets,
      ];
      for (const asset of printAssets) resources.set(asset.path, { body: asset.bytes, contentType: contentTypeOf(asset.path) });
      if (isBook) resources.set('assets/page.css', { body: pageStyles(extend), contentType: contentTypeOf('page.css') });
      await options.onPrintResources?.(resources);
      const typeAreaWidthMm = isBook ? trim.width - margins(trim).inner - margins(trim).outer : undefined;
      try {
        const inspect = fontReport ? false : { ...suspects, fallbackFamilies: new Set(FALLBACK_FONTS.map((font) => font.name)) };
        // The HTML output's WOFF packing (~0.1 s of zlib) runs while Chromium prints.
        const whilePrinting = () => void htmlOutput().catch(() => undefined);
        const printed = await renderer.printWithFonts(resources, { timeoutMs: options.timeoutMs, typeAreaWidthMm, whilePrinting }, inspect);
        fontReport ??= printed.fonts;
        return { pdf: await loadPrinted(printed.pdf), contentHash: hashResources(resources) };
      } catch (error) {
        // Layout errors are about this source: name it.
        if (error instanceof UserError && !error.file) throw new UserError(error.message, { file: shownFile });
        throw error;
      }
    };
    let printed: { pdf: PDFDocument; contentHash: string };
    // Page labels match the printed folios: cover and colophon by name, contents in roman numerals, the body from 1.
    let pageLabels: PageLabelRange[] = [{ start: 0, style: 'D' }];
    if (isBook) {
      let passes = 0;
      const paged = await paginate({
        chapterStart,
        countsPages: meta.cover,
        chapters: body.chapters,
        toc: meta.cover ? body.toc : [],
        print: (s) => {
          options.progress(`render pdf: pass ${++passes}`);
          return print(s);
        },
      });
      printed = paged.printed;
      if (meta.cover) {
        pageLabels = [
          { start: 0, prefix: labelsFor(meta.lang).cover },
          { start: 1, prefix: labelsFor(meta.lang).colophon },
          ...(paged.bodyStart > 2 ? [{ start: 2, style: 'r' as const }] : []),
          { start: paged.bodyStart, style: 'D' },
        ];
      }
    } else {
      printed = await print(emptyState);
      // The 版记 page came out odd: under the body on its last (even) page if
      // there is room, else after an unnumbered blank page.
      if (baseData.gongwen?.hasBanji) {
        const pages = printed.pdf.getPageCount();
        banji = placeBanji(printed.pdf);
        if (banji !== OWN_PAGE) {
          options.progress('render pdf: pass 2');
          printed = await print(emptyState);
          // Shared, it must have saved exactly one page; if rounding pushed it over, give it its own page after a blank.
          if (banji.sharedGap && printed.pdf.getPageCount() !== pages - 1) {
            banji = { blankBefore: true, sharedGap: undefined };
            printed = await print(emptyState);
          }
        }
      }
    }

    options.donePrinting?.();
    if (fontReport) {
      for (const warning of await fontWarnings(fontReport, faces, fallbacks, source.markdown, shownFile)) warn(warning);
    }

    options.progress('finish pdf');
    const pdfMeta = {
      title: meta.title,
      author: meta.author,
      lang: meta.lang,
      date: meta.date,
      creator: `${generator.name} ${generator.version}`,
      producer: `${generator.name} ${generator.version}; ${renderer.version}`,
      pageLabels,
      linkTargets: idTexts(body.tree),
      subject: [`${baseData.editionDisplay}（${meta.date}）`, edition.changes].filter(Boolean).join('：'),
    };
    const doc = printed.pdf;
    finishDocument(doc, pdfMeta);
    // Where the trim sits on each page as rendered, before either output changes the boxes.
    const trims = trimRects(doc, { trimWidth: trim.width, trimHeight: trim.height, extend });
    const mediaBoxes = doc.getPages().map((page) => page.getMediaBox());
    let readerPdf: Buffer | undefined;
    if (formats.has('pdf') || options.impose === 'saddle') {
      cropToTrim(doc, trims);
      const finished = await savePdf(doc, { ...pdfMeta, contentHash: printed.contentHash });
      readerPdf = finished.bytes;
      if (formats.has('pdf')) files.push({ role: 'pdf', path: `${source.name}.pdf`, bytes: finished.bytes, pages: finished.pages });
    }
    if (formats.has('epub')) {
      options.progress('epub');
      const printedPdf = readerPdf ?? (await savePdf(doc, { ...pdfMeta, contentHash: printed.contentHash })).bytes;
      const bytes = await buildEpub({ identity: `${source.name}/${edition.id}`, ...meta, editionDisplay: baseData.editionDisplay, body, printedPdf, styles: SHARED_STYLES.concat(`${WEB_LAYOUT}.css`).map((name) => ({ name, css: styles.get(name)! })), faces: [...faces, ...fallbackFaces], images, generator: `${generator.name} ${generator.version}` });
      files.push({ role: 'epub', path: `${source.name}.epub`, bytes });
    }
    if (options.impose === 'saddle') {
      options.progress('impose');
      const imposed = await imposeSaddle(readerPdf!, trim);
      const finished = await finishPdf(imposed.bytes, { ...pdfMeta, contentHash: `saddle:${printed.contentHash}` });
      files.push({ role: 'impose', path: `${source.name}.saddle.pdf`, bytes: finished.bytes, pages: finished.pages });
    }
    if (formats.has('print')) {
      options.progress('print pdf');
      doc.getPages().forEach((page, i) => page.setMediaBox(mediaBoxes[i]!.x, mediaBoxes[i]!.y, mediaBoxes[i]!.width, mediaBoxes[i]!.height));
      applyPrintBoxes(doc, trims, bleed);
      const finished = await savePdf(doc, { ...pdfMeta, contentHash: `print:${printed.contentHash}` });
      files.push({ role: 'print', path: `${source.name}.print.pdf`, bytes: finished.bytes, pages: finished.pages });
      if (options.pdfx) {
        options.progress('pdf/x');
        const converted = await convertToPdfx(findGhostscript(), finished.bytes, meta.title);
        // Ghostscript's /ID comes from the clock: give it ours, and our dates.
        const pdfx = await finishPdf(converted, { ...pdfMeta, contentHash: `pdfx:${printed.contentHash}` });
        files.push({ role: 'pdfx', path: `${source.name}.pdfx.pdf`, bytes: pdfx.bytes, pages: pdfx.pages });
      }
      // What goes to press is checked: the PDF/X file when there is one.
      options.progress('preflight');
      const pressFile = files.find((f) => f.role === 'pdfx') ?? files.find((f) => f.role === 'print')!;
      const found = await preflight(pressFile.role === 'pdfx' ? pressFile.bytes : doc, { impose: options.impose });
      for (const line of formatPreflight(pressFile.path, found).slice(2)) warn(line);
    }
  }

  const strict = options.strict === true || project.strict;
  if (strict && warnings) {
    throw new UserError(`strict: ${warnings} warning${warnings > 1 ? 's' : ''} (above); nothing written`, { file: shownFile });
  }

  options.progress('write');
  const unique = dedupe([...(await htmlOutput()), ...files]);
  const manifest = buildManifest(
    { document: source.name, title: meta.title, edition: edition.id, generator, browser: wantPdf ? (browser.version ?? null) : null, ...build },
    // The manifest lists what a reader opens first; assets ride along with the HTML.
    [...unique.filter((f) => f.role !== 'asset'), ...unique.filter((f) => f.role === 'asset')],
  );
  // Every edition publishes under the document's lock (see writeOutputs).
  await writeOutputs(outDir, unique, manifest, { lockDir: path.join(options.outRoot, source.name) });
  trace('written');

  return { name: label, outDir, outputs: manifest.outputs, seconds: (performance.now() - started) / 1000, skipped: false };
}

/** The bundled fallback files a plan draws from. */
function fallbackFiles(plan: FallbackPlan): string[] {
  const bundled = new Set(FALLBACK_FONTS.map((font) => font.file));
  return [...new Set(plan.faces.map((face) => face.file).filter((file) => bundled.has(file)))];
}

/**
 * A character that no font has (neither the document's nor the bundled
 * fallbacks) is an error naming it and its source line: never a glyph from
 * whatever the machine has, never a Type 3 font.
 */
function assertDrawable(plan: FallbackPlan, html: string, markdown: string, shownFile: string): void {
  const drawn = plan.uncovered.filter((ch) => html.includes(ch));
  if (!drawn.length) return;
  const lines = markdown.split('\n');
  const line = lines.findIndex((l) => l.includes(drawn[0]!));
  const missing = FALLBACK_FONTS.filter((font) => !existsSync(font.file));
  const names = drawn.slice(0, 5).map((ch) => `${ch} (${codePoint(ch)})`).join(', ');
  throw new UserError(
    `no font has a glyph for ${names}${drawn.length > 5 ? ` and ${drawn.length - 5} more` : ''}: configure a font that has ${drawn.length > 1 ? 'them' : 'it'} under fonts: in the front matter or paiban.config.yaml` +
      (missing.length ? ` (the fallback fonts ${missing.map((f) => f.name).join(', ')} are not installed: ${[...new Set(missing.map((f) => f.install))].join(', ')})` : ''),
    { file: shownFile, line: line >= 0 ? line + 1 : undefined },
  );
}

function layoutBase(meta: FrontMatter, edition: Edition, trimName: string, notes: string[]): Omit<LayoutData, 'body' | 'stylesheets' | 'fonts' | 'banji'> {
  return {
    lang: meta.lang,
    title: meta.title,
    subtitle: meta.subtitle,
    author: meta.author,
    date: meta.date,
    dateDisplay: displayDate(meta.date, meta.lang),
    edition: meta.edition,
    editionDisplay: edition.name ?? displayEdition(meta.edition, meta.lang),
    editionChanges: edition.changes,
    printer: meta.printer,
    cover: meta.cover,
    largePrint: meta.largePrint,
    vertical: meta.writing === 'vertical',
    labels: labelsFor(meta.lang),
    trimName,
    colophon: undefined,
    toc: [],
    probes: [],
    generator,
    gongwen: meta.layout === 'gongwen' ? gongwenView(meta, meta.gongwen, notes, labelsFor(meta.lang)) : undefined,
  };
}

function stylesheetsFor(layout: string, withPageCss: boolean): string[] {
  return ['assets/fonts.css', ...SHARED_STYLES.map((s) => `assets/${s}`), `assets/${layout}.css`, ...(withPageCss ? ['assets/page.css'] : [])];
}

const styleCache = new Map<string, Promise<string>>();

/** Forget the styles read so far (watch mode, after a change under styles/). */
export function clearStyleCache(): void {
  styleCache.clear();
}

function readStyle(name: string): Promise<string> {
  let css = styleCache.get(name);
  if (!css) {
    css = readFile(path.join(stylesDir, name), 'utf8');
    styleCache.set(name, css);
  }
  return css;
}

function dedupe(files: OutputFile[]): OutputFile[] {
  const seen = new Map<string, OutputFile>();
  for (const file of files) if (!seen.has(file.path)) seen.set(file.path, file);
  return [...seen.values()];
}

function hashResources(resources: ReadonlyMap<string, Resource>): string {
  const keys = [...resources.keys()].sort();
  return sha256(keys.map((key) => `${key}\0${sha256(resources.get(key)!.body)}`).join('\n'));
}

/** A path relative to the working directory (the project), `/`-separated: never absolute in an output. */
function projectPath(file: string): string {
  return path.relative(process.cwd(), file).split(path.sep).join('/');
}

/**
 * The outputs in `outDir` were built from exactly these inputs, options and
 * versions (Chromium's read from the installed browser), and are all there.
 */
async function upToDate(outDir: string, build: ManifestBuild, needsBrowser: boolean): Promise<boolean> {
  const text = await readFile(path.join(outDir, MANIFEST), 'utf8').catch(() => undefined);
  if (!text) return false;
  let previous: Partial<Manifest>;
  try {
    previous = JSON.parse(text) as Partial<Manifest>;
  } catch {
    return false;
  }
  const recorded = JSON.stringify({ ...pickBuild(previous), generator: previous.generator });
  if (recorded !== JSON.stringify({ ...pickBuild(build), generator })) return false;
  if (needsBrowser) {
    const installed = await installedChromiumVersion(findChromium());
    if (!installed || !previous.browser?.includes(installed)) return false;
  }
  for (const output of previous.outputs ?? []) if (!(await fileMatches(path.join(outDir, output.path), output.bytes))) return false;
  return true;
}

function pickBuild(from: Partial<ManifestBuild>): Partial<ManifestBuild> {
  return { source: from.source, editionInfo: from.editionInfo, options: from.options, versions: from.versions, inputs: from.inputs };
}
