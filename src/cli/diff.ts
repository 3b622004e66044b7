import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { encodePng, highlightDifferences, renderPage } from '../diff/images.ts';
import { comparePages } from '../diff/pages.ts';
import { diffReportHtml, type ReportPage } from '../diff/report.ts';
import { UserError } from '../errors.ts';
import { parseCommandArgs } from './args.ts';
import type { Manifest } from '../output/write.ts';
import { displayPath } from '../paths.ts';

export async function runDiff(args: string[]): Promise<number> {
  const parsed = parseCommandArgs('diff', args, { out: { type: 'string' }, json: { type: 'boolean' } });
  const [a, b, ...rest] = parsed.positionals;
  if (!a || !b || rest.length) throw new UserError('name exactly two PDFs or manifests (see paiban diff --help)');
  const oldPdf = await resolvePdf(a);
  const newPdf = await resolvePdf(b);
  const [oldPages, newPages] = await Promise.all([pageTexts(oldPdf), pageTexts(newPdf)]);
  const oldBytes = await readFile(oldPdf);
  const newBytes = await readFile(newPdf);

  let changes = comparePages(oldPages, newPages);
  // Same text everywhere but different bytes: compare every page's image.
  const pagesToPaint = changes.length || oldBytes.equals(newBytes) ? changes : oldPages.map((_, i) => ({ kind: 'changed' as const, oldPage: i + 1, newPage: i + 1, removedLines: [], addedLines: [] }));

  const outDir = path.resolve(parsed.values.out ?? 'paiban-diff');
  const report: ReportPage[] = [];
  if (pagesToPaint.length) await mkdir(outDir, { recursive: true });
  for (const change of pagesToPaint) {
    const page: ReportPage = { ...change };
    const oldImage = change.oldPage ? await renderPage(oldPdf, change.oldPage) : undefined;
    const newImage = change.newPage ? await renderPage(newPdf, change.newPage) : undefined;
    if (oldImage) await writeFile(path.join(outDir, (page.oldImage = `old-${change.oldPage}.png`)), encodePng(oldImage));
    if (newImage) await writeFile(path.join(outDir, (page.newImage = `new-${change.newPage}.png`)), encodePng(newImage));
    if (oldImage && newImage) {
      const { image, differing } = highlightDifferences(oldImage, newImage);
      if (!differing && !change.removedLines.length && !change.addedLines.length) continue;
      await writeFile(path.join(outDir, (page.diffImage = `diff-${change.oldPage}-${change.newPage}.png`)), encodePng(image));
    }
    report.push(page);
  }
  changes = report;
  if (changes.length) await writeFile(path.join(outDir, 'report.html'), diffReportHtml(displayPath(oldPdf), displayPath(newPdf), report));

  if (parsed.values.json) {
    process.stdout.write(`${JSON.stringify({ identical: !changes.length, old: displayPath(oldPdf), new: displayPath(newPdf), pages: changes, report: changes.length ? displayPath(path.join(outDir, 'report.html')) : null }, null, 2)}\n`);
  } else if (!changes.length) {
    process.stdout.write(`identical: ${displayPath(oldPdf)} and ${displayPath(newPdf)} (${oldPages.length} pages)\n`);
  } else {
    for (const change of changes) {
      const where = change.kind === 'changed' ? `page ${change.oldPage} → ${change.newPage}: changed` : change.kind === 'added' ? `page ${change.newPage}: added` : `page ${change.oldPage}: removed`;
      process.stdout.write(`${where}\n`);
      for (const line of change.removedLines) process.stdout.write(`  - ${line}\n`);
      for (const line of change.addedLines) process.stdout.write(`  + ${line}\n`);
    }
    process.stdout.write(`${changes.length} page(s) differ; images and report in ${displayPath(path.join(outDir, 'report.html'))}\n`);
  }
  return changes.length ? 1 : 0;
}

/** A PDF, or the PDF a manifest lists. */
async function resolvePdf(file: string): Promise<string> {
  const text = await readFile(file).catch(() => {
    throw new UserError('no such file', { file });
  });
  if (file.endsWith('.json')) {
    let manifest: Manifest;
    try {
      manifest = JSON.parse(text.toString('utf8')) as Manifest;
    } catch {
      throw new UserError('not a paiban manifest (invalid JSON)', { file });
    }
    const pdf = manifest.outputs?.find((o) => o.role === 'pdf');
    if (!pdf) throw new UserError('this manifest lists no PDF (role "pdf")', { file });
    return path.join(path.dirname(file), pdf.path);
  }
  if (!text.subarray(0, 5).equals(Buffer.from('%PDF-'))) throw new UserError('not a PDF or a manifest.json', { file });
  return file;
}

/** The text of each page, lines kept, through pdf.js. */
async function pageTexts(file: string): Promise<string[]> {
  const pdf = await getDocument({ data: new Uint8Array(await readFile(file)), verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    let text = '';
    for (const item of content.items) if ('str' in item) text += item.str + (item.hasEOL ? '\n' : '');
    pages.push(text);
  }
  await pdf.destroy();
  return pages;
}
