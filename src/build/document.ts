import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.ts';
import { documentFonts, loadProjectConfig } from '../fonts/config.ts';
import { fontFaceCss, resolveFaces } from '../fonts/faces.ts';
import { fontWarnings, mayNeedFallback } from '../fonts/warnings.ts';
import { subsetFace } from '../fonts/subset.ts';
import { finishPdf } from '../finish/pdf.ts';
import { assertLayout, displayDate, renderLayout, type LayoutData } from '../layout/render.ts';
import { readDocument } from '../markdown/document.ts';
import { shiftHeadings } from '../markdown/headings.ts';
import { langSpans, markLeadSentences, numberHeadings, rubyText } from '../markdown/official.ts';
import { markdownToHtml } from '../markdown/html.ts';
import { collectImages } from '../markdown/images.ts';
import { contentTypeOf } from '../mime.ts';
import { MANIFEST, buildManifest, sha256, writeOutputs, type OutputFile } from '../output/write.ts';
import { displayPath, generator, stylesDir } from '../paths.ts';
import type { Renderer, Resource } from '../render/browser.ts';
import { loadSource } from '../source/load.ts';

export type Format = 'html' | 'pdf';
export const FORMATS: readonly Format[] = ['html', 'pdf'];

export interface BuildOptions {
  /** The output root; each document goes to `<outRoot>/<doc>/`. */
  outRoot: string;
  formats: ReadonlySet<Format>;
  timeoutMs: number;
  progress: (step: string) => void;
  /** A problem that does not stop the build, one line (default: stderr). */
  warn?: (message: string) => void;
}

export interface DocumentResult {
  name: string;
  outDir: string;
  outputs: { role: string; path: string; bytes: number; pages?: number }[];
  seconds: number;
}

/** The HTML output always uses this layout; the PDF uses the document's. */
const WEB_LAYOUT = 'web';
const SHARED_STYLES = ['cjk.css'];

/** Source folder → outputs in `<outRoot>/<doc>/`, written only if everything succeeded. */
/** `renderer` may be absent only when no PDF is asked for. */
export async function buildDocument(docDir: string, renderer: Renderer | undefined, options: BuildOptions): Promise<DocumentResult> {
  const started = performance.now();
  const warn = options.warn ?? ((message: string) => process.stderr.write(`paiban: ${message}\n`));
  const source = await loadSource(docDir);
  const shownFile = displayPath(source.file);

  options.progress('parse');
  const { meta, metaLines, tree } = readDocument(source.markdown, shownFile);
  assertLayout(meta.layout, { file: shownFile, line: metaLines['layout'] ?? 1 });
  const images = await collectImages(tree, source.dir, shownFile);
  const reserved = new Set(['index.html', 'assets', MANIFEST, `${source.name}.pdf`]);
  for (const image of images) {
    if (reserved.has(image.urlPath.split('/')[0]!)) {
      throw new UserError(`image path "${image.urlPath}" collides with an output name; move it into a folder such as images/`, { file: shownFile });
    }
  }

  options.progress('transform');
  numberHeadings(tree, meta.numbering);
  markLeadSentences(tree);
  rubyText(tree);
  langSpans(tree);
  shiftHeadings(tree);
  const body = markdownToHtml(tree);

  options.progress('layout');
  const layoutData = (layout: string): LayoutData => ({
    lang: meta.lang,
    title: meta.title,
    subtitle: meta.subtitle,
    author: meta.author,
    date: meta.date,
    dateDisplay: displayDate(meta.date, meta.lang),
    edition: meta.edition,
    body,
    stylesheets: ['assets/fonts.css', ...SHARED_STYLES.map((s) => `assets/${s}`), `assets/${layout}.css`],
    generator,
  });
  const pages = new Map<Format, { layout: string; html: string }>();
  if (options.formats.has('html')) pages.set('html', { layout: WEB_LAYOUT, html: renderLayout(WEB_LAYOUT, layoutData(WEB_LAYOUT)) });
  if (options.formats.has('pdf')) pages.set('pdf', { layout: meta.layout, html: renderLayout(meta.layout, layoutData(meta.layout)) });

  const styles = new Map<string, string>();
  for (const name of [...SHARED_STYLES, ...[...pages.values()].map((p) => `${p.layout}.css`)]) {
    styles.set(name, await readStyle(name));
  }

  options.progress('fonts');
  const usedText = [...pages.values()].map((p) => p.html).join('') + [...styles.values()].join('');
  const project = await loadProjectConfig();
  const ownFonts = await documentFonts(meta.fonts, source.dir, { file: shownFile, line: metaLines['fonts'] });
  const { faces, fallbacks } = resolveFaces({ ...project.fonts, ...ownFonts });
  const subsets = new Map<string, Promise<Buffer>>();
  for (const face of faces) if (!subsets.has(face.fileName)) subsets.set(face.fileName, subsetFace(face, usedText));
  const fonts = await Promise.all([...subsets].map(async ([name, bytes]) => ({ name, bytes: await bytes })));
  styles.set('fonts.css', fontFaceCss(faces.map((face) => ({ face, url: `fonts/${face.fileName}`, format: 'woff' }))) + '\n');

  const assetFiles = (layout: string): OutputFile[] => [
    ...[...styles]
      .filter(([name]) => name === 'fonts.css' || SHARED_STYLES.includes(name) || name === `${layout}.css`)
      .map(([name, css]) => ({ role: 'asset' as const, path: `assets/${name}`, bytes: Buffer.from(css) })),
    ...fonts.map(({ name, bytes }) => ({ role: 'asset' as const, path: `assets/fonts/${name}`, bytes })),
    ...images.map((image) => ({ role: 'asset' as const, path: image.urlPath, bytes: image.bytes })),
  ];

  const files: OutputFile[] = [];
  const web = pages.get('html');
  if (web) {
    files.push({ role: 'html', path: 'index.html', bytes: Buffer.from(web.html) }, ...assetFiles(web.layout));
  }

  const print = pages.get('pdf');
  if (print) {
    if (!renderer) throw new Error('PDF output needs a renderer');
    options.progress('render pdf');
    const resources = new Map<string, Resource>([['index.html', { body: print.html, contentType: 'text/html; charset=utf-8' }]]);
    for (const asset of assetFiles(print.layout)) resources.set(asset.path, { body: asset.bytes, contentType: contentTypeOf(asset.path) });
    const suspect = await mayNeedFallback(faces, print.html);
    const { pdf: printed, fonts: fontReport } = await renderer.printWithFonts(resources, { timeoutMs: options.timeoutMs }, { suspect });
    if (fontReport) {
      for (const warning of await fontWarnings(fontReport, faces, fallbacks, source.markdown, shownFile)) warn(warning);
    }

    options.progress('finish pdf');
    const finished = await finishPdf(printed, {
      title: meta.title,
      author: meta.author,
      lang: meta.lang,
      date: meta.date,
      creator: `${generator.name} ${generator.version}`,
      producer: `${generator.name} ${generator.version}; ${renderer.version}`,
      contentHash: hashResources(resources),
    });
    files.push({ role: 'pdf', path: `${source.name}.pdf`, bytes: finished.bytes, pages: finished.pages });
  }

  options.progress('write');
  const unique = dedupe(files);
  const manifest = buildManifest(
    { document: source.name, title: meta.title, edition: meta.edition, generator, browser: renderer?.version ?? null },
    // The manifest lists what a reader opens; assets ride along with the HTML.
    [...unique.filter((f) => f.role !== 'asset'), ...unique.filter((f) => f.role === 'asset')],
  );
  const outDir = path.join(options.outRoot, source.name);
  await writeOutputs(outDir, unique, manifest);

  return {
    name: source.name,
    outDir,
    outputs: manifest.outputs,
    seconds: (performance.now() - started) / 1000,
  };
}

const styleCache = new Map<string, Promise<string>>();

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
