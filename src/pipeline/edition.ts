// The orchestrator: source → plan → tree → HTML per layout → fonts → printed PDF → finished outputs → written folder.
import path from 'node:path';
import { printNote } from '../terminal.ts';
import type { Edition } from '../editions/editions.ts';
import type { OutputFile } from '../output/write.ts';
import type { RendererPool } from '../render/pool.ts';
import { loadFaces } from '../fonts/subset-thread.ts';
import { surelyPrints } from './formats.ts';
import type { BuildOptions, DocumentResult } from './options.ts';
import { planEdition, upToDate } from './plan-stage.ts';
import { checkSource, readSource, selectEditions, type ParsedSource, type ReadSource } from './source-stage.ts';

export { FORMATS, type BuildOptions, type DocumentResult, type Format } from './options.ts';

/** The stages after the source's (see later-stages.ts): imported when a document is built, compiled while its source is parsed. */
const laterStages = () => import('./later-stages.ts');
type LaterStages = Awaited<ReturnType<typeof laterStages>>;

/** Forget the stylesheets read so far (watch mode: a style changed). */
export async function clearStyleCache(): Promise<void> {
  (await laterStages()).clearStyleCache();
}

/**
 * Source folder → outputs of the selected editions: the default edition's
 * in `<outRoot>/<doc>/`, each other in `<outRoot>/<doc>/<edition>/`, each
 * written only if everything succeeded. The browser is started on first
 * use, so a source error costs no Chromium launch. `alreadyRead`: the
 * source as the skip check read it (src/incremental/skip.ts), not read again.
 */
export async function buildDocument(docDir: string, browserLoading: RendererPool | Promise<RendererPool>, options: BuildOptions, alreadyRead?: ReadSource): Promise<DocumentResult[]> {
  // The later stages' code and Chromium's driver load while the parser thread
  // parses (awaited below; a source error leaves them unused, not unhandled).
  const loading = Promise.all([laterStages(), browserLoading]);
  loading.catch(() => undefined);
  const read = alreadyRead ?? (await readSource(docDir, options.progress));
  options.doneParsing?.();
  const [stages, browser] = await loading;
  for (const message of read.notes) (options.note ?? printNote)(message);
  // A source that parses is very likely built: unless an earlier build's
  // manifest may make this one a no-op, start Chromium now, in parallel with
  // everything up to the first print (a launch costs ~0.7 s).
  if (surelyPrints(options.formats, { ...options, name: read.source.name })) browser.prewarm();
  const parsed = await checkSource(read);
  const selected = selectEditions(parsed, options);
  const results: DocumentResult[] = [];
  for (const [i, edition] of selected.entries()) {
    const last = i === selected.length - 1;
    results.push(await buildEdition(stages, parsed, edition, browser, { ...options, donePrinting: last ? options.donePrinting : undefined, doneSubsetting: last ? options.doneSubsetting : undefined }));
  }
  return results;
}

async function buildEdition(stages: LaterStages, parsed: ParsedSource, edition: Edition, browser: RendererPool, options: BuildOptions): Promise<DocumentResult> {
  const { transformTree, renderLayouts, subsetEditionFonts, webFiles, dedupe, printEdition, epubMaker, publishEdition } = stages;
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  const report = options.warn ?? ((message: string) => process.stderr.write(`paiban: warning: ${message}\n`));
  let warnings = 0;
  const warn = (message: string) => (warnings++, report(message));

  const plan = await planEdition(parsed, edition, options);
  const previous = options.force ? undefined : await upToDate(plan);
  const fontFiles = plan.faces.map((face) => face.file);
  if (previous) return { name: plan.label, outDir: plan.outDir, outputs: previous.outputs, seconds: seconds(), skipped: true, fontFiles };
  // The browser starts now, in parallel with the transform, layout and font subsetting;
  // so does reading the fonts into the subsetter's thread (~0.2 s for the built-in ones).
  if (plan.wantPdf) browser.prewarm();
  loadFaces(fontFiles);

  options.progress('transform');
  const tree = await transformTree(parsed, plan, warn, options.note ?? printNote);
  options.progress('layout');
  const layouts = await renderLayouts(plan, tree, parsed.images, parsed.project);
  options.progress('fonts');
  const fonts = await subsetEditionFonts(plan, layouts, parsed.source.markdown, parsed.shownFile);
  // No subset is made after this (and the print's coverage check is asked),
  // but an EPUB's own, after the print. The HTML output's WOFF packing needs
  // no font read: when not remembered, it starts a thread of its own.
  const epubSubsets = plan.formats.has('epub');
  // The HTML output's WOFF is packed once, while Chromium prints (off the critical path); watch mode serves it first.
  let htmlMade: Promise<OutputFile[]> | undefined;
  const html = () => (htmlMade ??= webFiles(layouts, fonts, parsed.images));
  if (!epubSubsets) options.doneSubsetting?.();
  if (options.onHtml) options.onHtml(dedupe(await html()));

  let pdfs: OutputFile[] = [];
  if (plan.wantPdf) {
    options.progress('render pdf');
    const renderer = await browser.get();
    // The finishing code (pdf-lib's users) compiles while Chromium prints, not before the page load.
    const loadFinishing = () => import('./finish-stage.ts');
    const whilePrinting = () => {
      void html().catch(() => undefined);
      void loadFinishing().catch(() => undefined);
    };
    const printed = await printEdition(renderer, { parsed, plan, tree, layouts, fonts, options, whilePrinting, warn });
    const epub = epubMaker(parsed.source.name, edition, tree, layouts, fonts, parsed.images);
    pdfs = await (await loadFinishing()).finishOutputs(printed, { name: parsed.source.name, edition, formats: plan.formats, tree, layouts, options, warn, epub });
  }
  if (epubSubsets) options.doneSubsetting?.();

  const manifest = await publishEdition({
    documentDir: path.join(options.outRoot, parsed.source.name),
    outDir: plan.outDir,
    document: parsed.source.name,
    title: tree.meta.title,
    edition: edition.id,
    browser: plan.wantPdf ? (browser.version ?? null) : null,
    build: { ...plan.build, inputs: [...plan.build.inputs, ...fonts.extraInputs] },
    html,
    pdfs,
    warnings,
    strict: options.strict === true || plan.project.strict,
    shownFile: parsed.shownFile,
    progress: options.progress,
  });
  return { name: plan.label, outDir: plan.outDir, outputs: manifest.outputs, seconds: seconds(), skipped: false, fontFiles };
}
