import path from 'node:path';
import { checkPdf } from '../check/pdf.ts';
import { companionHtml, readCheckedFile } from '../check/html-facts.ts';
import { formatReport, Report, type FileReport } from '../check/report.ts';
import { UserError } from '../errors.ts';
import { parseCommandArgs } from './args.ts';
import type { RendererPool } from '../render/pool.ts';
import type { OpenedEpub } from '../check/epub.ts';

const MAX_PDF_BYTES = 1024 * 1024 * 1024;

export async function runCheck(args: string[]): Promise<number> {
  const parsed = parseCommandArgs('check', args, { json: { type: 'boolean' } });
  const files = parsed.positionals;
  if (!files.length) throw new UserError('name at least one PDF, HTML or EPUB file (see paiban check --help)');
  const contents = new Map<string, Buffer>();
  for (const file of files) {
    if (!/\.(pdf|html?|epub)$/i.test(file)) throw new UserError('not a .pdf, .html or .epub file', { file });
    contents.set(file, await readCheckedFile(file, MAX_PDF_BYTES));
  }
  const html = files.filter((f) => /\.html?$/i.test(f));
  const reports = new Map<string, FileReport>();

  let pool: RendererPool | undefined;
  try {
    for (const file of files.filter((f) => /\.pdf$/i.test(f))) {
      try {
        reports.set(file, await checkPdf(contents.get(file)!, file, await companionHtml(file)));
      } catch (error) {
        if (error instanceof UserError) throw error;
        throw new UserError(`not a readable PDF (${(error as Error).message.split('\n')[0]})`, { file });
      }
    }
    const epubs = files.filter((f) => /\.epub$/i.test(f));
    if (epubs.length || html.length) {
      // Chromium's driver and Java only for HTML and EPUB: checking PDFs never loads them.
      const [{ checkHtmlInBrowser, checkHtmlValidity, checkFragments }, { RendererPool }] = await Promise.all([import('../check/html.ts'), import('../render/pool.ts')]);
      const renderers = (pool ??= new RendererPool());
      const opened: OpenedEpub[] = [];
      try {
        if (epubs.length) {
          const [{ openEpub }, { runEpubchecks }] = await Promise.all([import('../check/epub.ts'), import('../check/epubcheck.ts')]);
          const epubcheck = await runEpubchecks(epubs);
          for (const file of epubs) opened.push(await asReadableEpub(file, () => openEpub(file, contents.get(file)!, epubcheck)));
        }
        // One Nu validator for every content document and HTML file of the check (a JVM start each cost more than the checking).
        const toValidate = [...opened.flatMap((epub) => epub.documents.map((doc) => doc.forVnu)), ...html];
        const validity = toValidate.length ? await checkHtmlValidity(toValidate) : new Map<string, never[]>();
        if (opened.length) {
          const { checkEpubDocuments } = await import('../check/epub.ts');
          for (const epub of opened) {
            for (const report of await asReadableEpub(epub.file, () => checkEpubDocuments(epub, validity, () => renderers.get()))) reports.set(report.file, report);
          }
        }
        for (const file of html) {
          const report = new Report(file);
          const vnu = report.rule('vnu', 'valid HTML (Nu Html Checker)');
          const errors = validity.get(path.resolve(file)) ?? [];
          for (const finding of errors) vnu.fail(finding.message);
          if (!errors.length) vnu.pass();
          checkFragments(contents.get(file)!.toString('utf8'), report);
          await checkHtmlInBrowser(file, await renderers.get(), report);
          reports.set(file, report.done());
        }
      } finally {
        await Promise.all(opened.map((epub) => epub.dispose()));
      }
    }
  } finally {
    await pool?.close();
  }

  // In the order the files were named; an EPUB's content documents after it.
  const ordered = files.flatMap((file) => [...reports.values()].filter((r) => r.file === file || r.file.startsWith(`${file}:`)));
  let failures = 0;
  for (const report of reports.values()) failures += report.findings.length;
  if (parsed.values.json) {
    process.stdout.write(`${JSON.stringify(Object.fromEntries(ordered.map((r) => [r.file, r])), null, 2)}\n`);
  } else {
    for (const report of ordered) process.stdout.write(formatReport(report));
  }
  return failures ? 1 : 0;
}

/** An EPUB's checking; what fails in it other than a user error: not a readable EPUB. */
async function asReadableEpub<T>(file: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`not a readable EPUB (${(error as Error).message.split('\n')[0]})`, { file });
  }
}
