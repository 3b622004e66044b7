// Stage 7: the printed PDF → the finished PDFs: tagged and labelled, cropped for the reader, with marks for the press, imposed, PDF/X.
import type { Edition } from '../editions/editions.ts';
import { imposeSaddle } from '../finish/impose.ts';
import { finishDocument, finishPdf, savePdf } from '../finish/pdf.ts';
import { convertToPdfx, findGhostscript } from '../finish/pdfx.ts';
import { applyPrintBoxes, cropToTrim, keepPageBoxes, trimRects } from '../finish/print.ts';
import { idTexts } from '../markdown/targets.ts';
import type { OutputFile } from '../output/write.ts';
import { generator } from '../paths.ts';
import { preflight } from '../preflight/check.ts';
import { formatPreflight } from '../preflight/format.ts';
import type { EditionLayouts } from './html-stage.ts';
import type { BuildOptions, Format } from './options.ts';
import type { PrintedEdition } from './print-stage.ts';
import type { EditionTree } from './tree-stage.ts';

export interface FinishContext {
  name: string;
  edition: Edition;
  formats: ReadonlySet<Format>;
  tree: EditionTree;
  layouts: EditionLayouts;
  options: Pick<BuildOptions, 'impose' | 'pdfx' | 'progress'>;
  warn: (message: string) => void;
  /** Makes `<doc>.epub` from the reader PDF (its page list is the PDF's folios). */
  epub?: (printedPdf: Buffer) => Promise<Buffer>;
}

/** The PDF outputs (`<doc>.pdf`, `.saddle.pdf`, `.print.pdf`, `.pdfx.pdf`) and the EPUB, as the formats and options ask. */
export async function finishOutputs(printed: PrintedEdition, context: FinishContext): Promise<OutputFile[]> {
  const { name, edition, formats, tree, layouts, options, warn, epub } = context;
  const { meta } = tree;
  const { trim } = layouts;
  const files: OutputFile[] = [];
  options.progress('finish pdf');
  const pdfMeta = {
    title: meta.title,
    author: meta.author,
    lang: meta.lang,
    date: meta.date,
    creator: `${generator.name} ${generator.version}`,
    producer: `${generator.name} ${generator.version}; ${printed.rendererVersion}`,
    pageLabels: printed.pageLabels,
    linkTargets: idTexts(tree.body.tree),
    subject: [`${layouts.base.editionDisplay}（${meta.date}）`, edition.changes].filter(Boolean).join('：'),
  };
  const doc = printed.pdf;
  finishDocument(doc, pdfMeta);
  // Where the trim sits on each page as rendered, before either output changes the boxes.
  const trims = trimRects(doc, { trimWidth: trim.width, trimHeight: trim.height, extend: printed.extendMm });
  const restoreRenderedBoxes = keepPageBoxes(doc);
  let readerPdf: Buffer | undefined;
  if (formats.has('pdf') || options.impose === 'saddle') {
    cropToTrim(doc, trims);
    const finished = await savePdf(doc, { ...pdfMeta, contentHash: printed.contentHash });
    readerPdf = finished.bytes;
    if (formats.has('pdf')) files.push({ role: 'pdf', path: `${name}.pdf`, bytes: finished.bytes, pages: finished.pages });
  }
  if (formats.has('epub') && epub) {
    options.progress('epub');
    const printedPdf = readerPdf ?? (await savePdf(doc, { ...pdfMeta, contentHash: printed.contentHash })).bytes;
    files.push({ role: 'epub', path: `${name}.epub`, bytes: await epub(printedPdf) });
  }
  if (options.impose === 'saddle') {
    options.progress('impose');
    const imposed = await imposeSaddle(readerPdf!, trim);
    const finished = await finishPdf(imposed.bytes, { ...pdfMeta, contentHash: `saddle:${printed.contentHash}` });
    files.push({ role: 'impose', path: `${name}.saddle.pdf`, bytes: finished.bytes, pages: finished.pages });
  }
  if (formats.has('print')) {
    options.progress('print pdf');
    // The pages as rendered, whether or not the reader's PDF cropped them first.
    restoreRenderedBoxes();
    applyPrintBoxes(doc, trims, printed.bleedMm);
    const finished = await savePdf(doc, { ...pdfMeta, contentHash: `print:${printed.contentHash}` });
    files.push({ role: 'print', path: `${name}.print.pdf`, bytes: finished.bytes, pages: finished.pages });
    if (options.pdfx) {
      options.progress('pdf/x');
      const converted = await convertToPdfx(findGhostscript(), finished.bytes, meta.title);
      // Ghostscript's /ID comes from the clock: give it ours, and our dates.
      const pdfx = await finishPdf(converted, { ...pdfMeta, contentHash: `pdfx:${printed.contentHash}` });
      files.push({ role: 'pdfx', path: `${name}.pdfx.pdf`, bytes: pdfx.bytes, pages: pdfx.pages });
    }
    // What goes to press is checked: the PDF/X file when there is one.
    options.progress('preflight');
    const pressFile = files.find((f) => f.role === 'pdfx') ?? files.find((f) => f.role === 'print')!;
    const found = await preflight(pressFile.role === 'pdfx' ? pressFile.bytes : doc, { impose: options.impose });
    for (const line of formatPreflight(pressFile.path, found).slice(2)) warn(line);
  }
  return files;
}
