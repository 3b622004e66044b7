import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sectionChapters, withBlankPagesBefore, type SectionedBody } from '../booklet/chapters.ts';
import { paginate, type PageState } from '../booklet/paginate.ts';
import { margins, pageCss } from '../booklet/pagecss.ts';
import { parseTrim } from '../booklet/trim.ts';
import { UserError } from '../errors.ts';
import { FONT_FACES, fontFaceCss } from '../fonts/faces.ts';
import { subsetFace } from '../fonts/subset.ts';
import { finishPdf } from '../finish/pdf.ts';
import { imposeSaddle } from '../finish/impose.ts';
import { addPrintBoxes } from '../finish/print.ts';
import { assertLayout, displayDate, displayEdition, renderLayout, type LayoutData } from '../layout/render.ts';
import { readDocument } from '../markdown/document.ts';
import { shiftHeadings } from '../markdown/headings.ts';
import { hastToHtml, markdownToHast } from '../markdown/html.ts';
import { collectImages } from '../markdown/images.ts';
import { contentTypeOf } from '../mime.ts';
import { MANIFEST, buildManifest, sha256, writeOutputs, type OutputFile } from '../output/write.ts';
import { displayPath, generator, stylesDir } from '../paths.ts';
import type { Resource } from '../render/browser.ts';
import type { RendererPool } from '../render/pool.ts';
import type { FrontMatter } from '../source/frontmatter.ts';
import { loadSource } from '../source/load.ts';
import { preflight } from '../preflight/check.ts';
import { formatPreflight } from '../preflight/format.ts';

export type Format = 'html' | 'pdf' | 'print';
export const FORMATS: readonly Format[] = ['html', 'pdf', 'print'];

export interface BuildOptions {
  /** The output root; each document goes to `<outRoot>/<doc>/`. */
  outRoot: string;
  formats: ReadonlySet<Format>;
  timeoutMs: number;
  progress: (step: string) => void;
  /** A problem that does not stop the build (preflight findings). */
  warn?: (message: string) => void;
  /** Also write `<doc>.saddle.pdf`: the pages two-up in saddle-stitch order. */
  impose?: 'saddle';
  /** Sees exactly what Chromium is given to print (benchmarks compare against a bare print of it). */
  onPrintResources?: (resources: ReadonlyMap<string, Resource>) => void | Promise<void>;
  /** The HTML output and its assets, as soon as they exist, before any PDF is printed (watch mode serves them). */
  onHtml?: (files: readonly OutputFile[]) => void;
}

export interface DocumentResult {
  name: string;
  outDir: string;
  outputs: { role: string; path: string; bytes: number; pages?: number }[];
  seconds: number;
}

/** The HTML output always uses this layout; the PDFs use the document's. */
const WEB_LAYOUT = 'web';
/** Layouts printed as books: cover, colophon, contents, chapters on right-hand pages. */
const BOOK_LAYOUTS = new Set(['booklet']);
const SHARED_STYLES = ['cjk.css'];
/** The print PDF's page reaches this far past the bleed, so Chromium's page grid never cuts into it. */
const PRINT_EXTRA_MM = 0.5;

/**
 * Source folder → outputs in `<outRoot>/<doc>/`, written only if everything
 * succeeded. The browser is started on first use, so a source error costs no
 * Chromium launch.
 */
export async function buildDocument(docDir: string, browser: RendererPool, options: BuildOptions): Promise<DocumentResult> {
  const started = performance.now();
  const source = await loadSource(docDir);
  const shownFile = displayPath(source.file);

  options.progress('parse');
  const { meta, metaLines, tree } = readDocument(source.markdown, shownFile);
  assertLayout(meta.layout, { file: shownFile, line: metaLines['layout'] ?? 1 });
  const images = await collectImages(tree, source.dir, shownFile);
  const reserved = new Set(['index.html', 'assets', MANIFEST, `${source.name}.pdf`, `${source.name}.print.pdf`, `${source.name}.saddle.pdf`]);
  for (const image of images) {
    if (reserved.has(image.urlPath.split('/')[0]!)) {
      throw new UserError(`image path "${image.urlPath}" collides with an output name; move it into a folder such as images/`, { file: shownFile });
    }
  }

  options.progress('transform');
  shiftHeadings(tree);
  const body = sectionChapters(markdownToHast(tree));

  options.progress('layout');
  const trim = parseTrim(meta.trim)!;
  const isBook = BOOK_LAYOUTS.has(meta.layout);
  const baseData = layoutBase(meta, trim.name);
  const webHtml = options.formats.has('html')
    ? renderLayout(WEB_LAYOUT, { ...baseData, body: hastToHtml(body.tree), stylesheets: stylesheetsFor(WEB_LAYOUT, false) })
    : undefined;
  const wantPdf = options.formats.has('pdf') || options.formats.has('print') || options.impose !== undefined;
  const printHtml = (state: PageState): string =>
    renderLayout(meta.layout, {
      ...baseData,
      body: hastToHtml(isBook ? withBlankPagesBefore(body, state.blankBefore) : body.tree),
      toc: isBook && meta.cover ? body.toc.map((entry) => ({ ...entry, page: state.tocPages.get(entry.id) ?? 0 })) : [],
      probes: isBook ? [...body.chapters.map((c) => c.id), ...(meta.cover ? body.toc.map((e) => e.id) : [])] : [],
      stylesheets: stylesheetsFor(meta.layout, isBook),
    });
  const emptyState: PageState = { blankBefore: new Set(), tocPages: new Map() };

  const styles = new Map<string, string>();
  for (const name of new Set([...SHARED_STYLES, `${WEB_LAYOUT}.css`, `${meta.layout}.css`])) styles.set(name, await readStyle(name));
  const pageStyles = (extendMm: number) => pageCss({ trim, title: meta.title, chapters: body.chapters, extendMm });

  options.progress('fonts');
  const usedText = [webHtml ?? '', wantPdf ? printHtml(emptyState) : '', ...styles.values(), pageStyles(0)].join('');
  const fonts = await Promise.all(
    FONT_FACES.map(async (face) => ({ face, name: face.fileName.replace(/\.ttf$/, '.woff'), bytes: await subsetFace(face, usedText) })),
  );
  styles.set('fonts.css', fontFaceCss(fonts.map(({ face, name }) => ({ face, url: `fonts/${name}`, format: 'woff' }))) + '\n');

  const assetFiles = (layout: string): OutputFile[] => [
    ...[...styles]
      .filter(([name]) => name === 'fonts.css' || SHARED_STYLES.includes(name) || name === `${layout}.css`)
      .map(([name, css]) => ({ role: 'asset' as const, path: `assets/${name}`, bytes: Buffer.from(css) })),
    ...fonts.map(({ name, bytes }) => ({ role: 'asset' as const, path: `assets/fonts/${name}`, bytes })),
    ...images.map((image) => ({ role: 'asset' as const, path: image.urlPath, bytes: image.bytes })),
  ];

  const files: OutputFile[] = [];
  if (webHtml !== undefined) files.push({ role: 'html', path: 'index.html', bytes: Buffer.from(webHtml) }, ...assetFiles(WEB_LAYOUT));
  options.onHtml?.(dedupe(files));

  if (wantPdf) {
    options.progress('render pdf');
    const renderer = await browser.get();
    const print = async (state: PageState, extendMm: number) => {
      const resources = new Map<string, Resource>([['index.html', { body: printHtml(state), contentType: 'text/html; charset=utf-8' }]]);
      for (const asset of assetFiles(meta.layout)) resources.set(asset.path, { body: asset.bytes, contentType: contentTypeOf(asset.path) });
      if (isBook) resources.set('assets/page.css', { body: pageStyles(extendMm), contentType: contentTypeOf('page.css') });
      await options.onPrintResources?.(resources);
      const typeAreaWidthMm = isBook ? trim.width - margins(trim).inner - margins(trim).outer : undefined;
      try {
        return { bytes: await renderer.printPdf(resources, { timeoutMs: options.timeoutMs, typeAreaWidthMm }), contentHash: hashResources(resources) };
      } catch (error) {
        // Layout errors are about this source: name it.
        if (error instanceof UserError && !error.file) throw new UserError(error.message, { file: shownFile });
        throw error;
      }
    };
    let state = emptyState;
    let printed: { bytes: Buffer; contentHash: string };
    if (isBook) {
      let last: { bytes: Buffer; contentHash: string } | undefined;
      let passes = 0;
      const paged = await paginate({
        chapters: body.chapters,
        toc: meta.cover ? body.toc : [],
        print: async (s) => {
          options.progress(`render pdf: pass ${++passes}`);
          return (last = await print(s, 0)).bytes;
        },
      });
      state = paged.state;
      printed = last!;
    } else {
      printed = await print(state, 0);
    }

    options.progress('finish pdf');
    const pdfMeta = {
      title: meta.title,
      author: meta.author,
      lang: meta.lang,
      date: meta.date,
      creator: `${generator.name} ${generator.version}`,
      producer: `${generator.name} ${generator.version}; ${renderer.version}`,
    };
    if (options.formats.has('pdf')) {
      const finished = await finishPdf(printed.bytes, { ...pdfMeta, contentHash: printed.contentHash });
      files.push({ role: 'pdf', path: `${source.name}.pdf`, bytes: finished.bytes, pages: finished.pages });
    }
    if (options.impose === 'saddle') {
      options.progress('impose');
      const imposed = await imposeSaddle(printed.bytes, trim);
      const finished = await finishPdf(imposed.bytes, { ...pdfMeta, contentHash: `saddle:${printed.contentHash}` });
      files.push({ role: 'impose', path: `${source.name}.saddle.pdf`, bytes: finished.bytes, pages: finished.pages });
    }
    if (options.formats.has('print')) {
      options.progress('render print pdf');
      // Only book layouts know how to grow their pages by the bleed.
      const bleed = isBook ? meta.bleed : 0;
      const extend = isBook ? bleed + PRINT_EXTRA_MM : 0;
      const withBleed = isBook ? await print(state, extend) : printed;
      const boxed = await addPrintBoxes(withBleed.bytes, { trimWidth: trim.width, trimHeight: trim.height, bleed, extend });
      const finished = await finishPdf(boxed, { ...pdfMeta, contentHash: withBleed.contentHash });
      files.push({ role: 'print', path: `${source.name}.print.pdf`, bytes: finished.bytes, pages: finished.pages });
      options.progress('preflight');
      const report = await preflight(finished.bytes, { impose: options.impose });
      for (const line of formatPreflight(`${source.name}.print.pdf`, report).slice(2)) options.warn?.(line);
    }
  }

  options.progress('write');
  const unique = dedupe(files);
  const manifest = buildManifest(
    { document: source.name, title: meta.title, edition: meta.edition, generator, browser: browser.version ?? null },
    // The manifest lists what a reader opens first; assets ride along with the HTML.
    [...unique.filter((f) => f.role !== 'asset'), ...unique.filter((f) => f.role === 'asset')],
  );
  const outDir = path.join(options.outRoot, source.name);
  await writeOutputs(outDir, unique, manifest);

  return { name: source.name, outDir, outputs: manifest.outputs, seconds: (performance.now() - started) / 1000 };
}

function layoutBase(meta: FrontMatter, trimName: string): Omit<LayoutData, 'body' | 'stylesheets'> {
  return {
    lang: meta.lang,
    title: meta.title,
    subtitle: meta.subtitle,
    author: meta.author,
    date: meta.date,
    dateDisplay: displayDate(meta.date, meta.lang),
    edition: meta.edition,
    editionDisplay: displayEdition(meta.edition, meta.lang),
    printer: meta.printer,
    cover: meta.cover,
    trimName,
    toc: [],
    probes: [],
    generator,
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
