import { lstat, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { encodePng, highlightDifferences, renderPage } from '../diff/images.ts';
import { comparePages } from '../diff/pages.ts';
import { diffReportHtml, type ReportPage } from '../diff/report.ts';
import { UserError } from '../errors.ts';
import { parseCommandArgs } from './args.ts';
import { readRegularFile } from '../files/read.ts';
import { replaceFile, writeError } from '../files/write.ts';
import { manifestMember, readManifestFile } from '../output/read-manifest.ts';
import { displayPath } from '../paths.ts';
import { printable } from '../terminal.ts';

/** pdf.js holds a whole PDF in memory: a bound well past any edition paiban writes. */
const MAX_PDF_BYTES = 512 * 1024 * 1024;

/** A path or a PDF's text, shown on the terminal: no control characters get through. */
const shown = (file: string) => printable(displayPath(file));

export async function runDiff(args: string[]): Promise<number> {
  const parsed = parseCommandArgs('diff', args, { out: { type: 'string' }, json: { type: 'boolean' } });
  const [a, b, ...rest] = parsed.positionals;
  if (!a || !b || rest.length) throw new UserError('name exactly two PDFs or manifests (see paiban diff --help)');
  const oldPdf = await resolvePdf(a);
  const newPdf = await resolvePdf(b);
  const oldBytes = await readPdf(oldPdf);
  const newBytes = await readPdf(newPdf);
  const [{ texts: oldPages, sizes: oldSizes }, { texts: newPages, sizes: newSizes }] = await Promise.all([readPages(oldBytes, shown(oldPdf)), readPages(newBytes, shown(newPdf))]);

  let changes = comparePages(oldPages, newPages);
  // Same text everywhere but different bytes: compare every page's image.
  const pagesToPaint = changes.length || oldBytes.equals(newBytes) ? changes : oldPages.map((_, i) => ({ kind: 'changed' as const, oldPage: i + 1, newPage: i + 1, removedLines: [], addedLines: [] }));

  const outDir = path.resolve(parsed.values.out ?? 'paiban-diff');
  const report: ReportPage[] = [];
  if (pagesToPaint.length) await prepareOutDir(outDir);
  const write = (name: string, bytes: Buffer | string) => replaceFile(path.join(outDir, name), bytes, displayPath(path.join(outDir, name)));
  for (const change of pagesToPaint) {
    const page: ReportPage = { ...change };
    const oldImage = change.oldPage ? await renderPage(oldPdf, change.oldPage, oldSizes[change.oldPage - 1]!) : undefined;
    const newImage = change.newPage ? await renderPage(newPdf, change.newPage, newSizes[change.newPage - 1]!) : undefined;
    if (oldImage) await write((page.oldImage = `old-${change.oldPage}.png`), encodePng(oldImage));
    if (newImage) await write((page.newImage = `new-${change.newPage}.png`), encodePng(newImage));
    if (oldImage && newImage) {
      const { image, differing } = highlightDifferences(oldImage, newImage);
      if (!differing && !change.removedLines.length && !change.addedLines.length) continue;
      await write((page.diffImage = `diff-${change.oldPage}-${change.newPage}.png`), encodePng(image));
    }
    report.push(page);
  }
  changes = report;
  if (changes.length) await write('report.html', diffReportHtml(displayPath(oldPdf), displayPath(newPdf), report));

  if (parsed.values.json) {
    process.stdout.write(`${JSON.stringify({ identical: !changes.length, old: displayPath(oldPdf), new: displayPath(newPdf), pages: changes, report: changes.length ? displayPath(path.join(outDir, 'report.html')) : null }, null, 2)}\n`);
  } else if (!changes.length) {
    process.stdout.write(`identical: ${shown(oldPdf)} and ${shown(newPdf)} (${oldPages.length} pages)\n`);
  } else {
    for (const change of changes) {
      const where = change.kind === 'changed' ? `page ${change.oldPage} → ${change.newPage}: changed` : change.kind === 'added' ? `page ${change.newPage}: added` : `page ${change.oldPage}: removed`;
      process.stdout.write(`${where}\n`);
      for (const line of change.removedLines) process.stdout.write(`  - ${printable(line)}\n`);
      for (const line of change.addedLines) process.stdout.write(`  + ${printable(line)}\n`);
    }
    process.stdout.write(`${changes.length} page(s) differ; images and report in ${shown(path.join(outDir, 'report.html'))}\n`);
  }
  return changes.length ? 1 : 0;
}

/**
 * The report folder: created if need be, and a real folder, never a link
 * planted at `paiban-diff` that would send the report's files elsewhere.
 */
async function prepareOutDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'EEXIST' ? new UserError('exists and is not a folder; give --out a folder', { file: displayPath(dir) }) : writeError(error, displayPath(dir));
  });
  const info = await lstat(dir);
  if (info.isSymbolicLink()) throw new UserError('is a symbolic link; give --out a real folder', { file: displayPath(dir) });
  if (!info.isDirectory()) throw new UserError('exists and is not a folder; give --out a folder', { file: displayPath(dir) });
}

/** A PDF, or the PDF a manifest lists (which must lie in the manifest's folder). */
async function resolvePdf(file: string): Promise<string> {
  const where = printable(file);
  if (file.endsWith('.json')) {
    const manifest = await readManifestFile(file, where);
    const pdf = manifest.outputs.find((o) => o.role === 'pdf');
    if (!pdf) throw new UserError('this manifest lists no PDF (role "pdf")', { file: where });
    return manifestMember(file, pdf.path, where);
  }
  return file;
}

async function readPdf(file: string): Promise<Buffer> {
  const bytes = await readRegularFile(file, { shown: shown(file), maxBytes: MAX_PDF_BYTES });
  if (!bytes.subarray(0, 5).equals(Buffer.from('%PDF-'))) throw new UserError('not a PDF or a manifest.json', { file: shown(file) });
  return bytes;
}

/**
 * The text of each page, lines kept, and its size in points, through pdf.js.
 * A file pdf.js cannot read (damaged, truncated) is the user's: one line.
 */
async function readPages(bytes: Buffer, where: string): Promise<{ texts: string[]; sizes: { width: number; height: number }[] }> {
  try {
    return await readPdfPages(bytes);
  } catch (error) {
    throw new UserError(`cannot read this PDF (${printable((error as Error).message.split('\n')[0] ?? '')})`, { file: where });
  }
}

async function readPdfPages(bytes: Buffer): Promise<{ texts: string[]; sizes: { width: number; height: number }[] }> {
  // pdf.js takes ownership of the array it is given: hand it a copy.
  const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  const texts: string[] = [];
  const sizes: { width: number; height: number }[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const { width, height } = page.getViewport({ scale: 1 });
    sizes.push({ width, height });
    const content = await page.getTextContent();
    let text = '';
    for (const item of content.items) if ('str' in item) text += item.str + (item.hasEOL ? '\n' : '');
    texts.push(text);
  }
  await pdf.destroy();
  return { texts, sizes };
}
