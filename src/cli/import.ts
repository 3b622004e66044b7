import { lstat, mkdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.ts';
import { parseCommandArgs } from './args.ts';
import type { ImportReport } from '../import/import.ts';
import { importIsolated } from '../import/isolate.ts';
import { loadImages, writeImages } from '../import/copy-images.ts';
import { percent } from '../import/coverage.ts';
import { displayPath } from '../paths.ts';
import { SOURCE_FILE } from '../source/load.ts';
import { saveSourceFile } from '../source/save.ts';
import { readRegularFile } from '../files/read.ts';
import { limitsFromEnv } from '../limits.ts';

const DOC_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export async function runImport(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('import', args, {
        doc: { type: 'string' },
        encoding: { type: 'string' },
        json: { type: 'boolean' },
        force: { type: 'boolean' },
      });
  if (positionals.length !== 1) throw new UserError('give exactly one FILE to import (see paiban import --help)');
  const input = path.resolve(positionals[0]!);
  const shownInput = displayPath(input);
  const info = await stat(input).catch(() => undefined);
  if (!info) throw new UserError('no such file', { file: shownInput });
  if (!info.isFile()) throw new UserError('not a file', { file: shownInput });
  // Non-blocking and bounded like a source: a FIFO or a sparse giant never hangs the import.
  const limits = limitsFromEnv();
  const bytes = await readRegularFile(input, { shown: shownInput, maxBytes: limits.maxSourceBytes, limitHint: 'PAIBAN_MAX_SOURCE_SIZE' });

  const extension = path.extname(input);
  const name = values.doc ?? defaultDocName(input);
  if (!DOC_NAME.test(name) || name.includes('..')) throw new UserError(`"${name}" is not a usable document name (letters, digits, . _ -); give one with --doc`);
  const target = path.resolve('source', name, SOURCE_FILE);
  const shownTarget = displayPath(target);
  await refuseLinkedDocFolder(path.dirname(target));
  if (!values.force && (await lstat(target).catch(() => undefined))) {
    throw new UserError(`already exists; pass --force to overwrite it`, { file: shownTarget });
  }

  const options = { shownFile: shownInput, extension, encoding: values.encoding, today: new Date().toISOString().slice(0, 10) };
  // Parsed and converted in a bounded thread (src/import/isolate.ts): a hostile page fails with one line.
  const { markdown: imported, report, images } = await importIsolated(bytes, options, limits);
  // Images first, checked like a build checks them; one that cannot be copied becomes a visible placeholder.
  const loaded = await loadImages(images, path.dirname(input));
  let markdown = imported;
  for (const [index, image] of images.entries()) {
    const result = loaded[index]!;
    if ('bytes' in result || image.source.kind === 'none') continue;
    markdown = markdown.replace(image.markdown, image.placeholderText);
    report.warnings.push(`image ${image.from} ${result.reason}; wrote the placeholder ${image.placeholderText}`);
    report.images = report.images.filter((entry) => entry.name !== image.name);
  }
  await mkdir(path.dirname(target), { recursive: true });
  await writeImages(images, loaded, path.dirname(target));
  await saveSourceFile(target, markdown);
  process.stdout.write(values.json ? `${JSON.stringify({ output: shownTarget, ...report }, null, 2)}\n` : formatReport(report, shownTarget));
  return 0;
}

/**
 * `source/NAME` must be a real folder inside `source/`: were it a symlink
 * (planted, or left over), the import would write wherever it points.
 */
async function refuseLinkedDocFolder(docDir: string): Promise<void> {
  const shown = displayPath(docDir);
  const sourceRoot = path.dirname(docDir);
  const rootInfo = await lstat(sourceRoot).catch(() => undefined);
  if (rootInfo?.isSymbolicLink()) throw new UserError('is a symbolic link; import writes only into a real source/ folder', { file: displayPath(sourceRoot) });
  const info = await lstat(docDir).catch(() => undefined);
  if (info?.isSymbolicLink()) throw new UserError('is a symbolic link; import writes only into a real folder inside source/ (remove the link or choose another --doc)', { file: shown });
  if (info && !info.isDirectory()) throw new UserError('exists and is not a folder; choose another --doc', { file: shown });
  if (!info) return; // created by the save, as a plain folder
  const real = await realpath(docDir);
  if (path.dirname(real) !== (await realpath(sourceRoot))) throw new UserError('does not lie inside source/; refusing to write there', { file: shown });
}

/** `haishu-2023-report.txt` → `haishu-2023-report`; `source/x/index.md` → `x`. */
function defaultDocName(file: string): string {
  const stem = path.basename(file, path.extname(file));
  return stem === 'index' ? path.basename(path.dirname(file)) : stem;
}

export function formatReport(report: ImportReport, output: string): string {
  const lines = [
    `imported ${report.file} (${report.format}, ${report.encoding} from ${report.encodingSource}) → ${output}`,
    `  title    ${report.title}`,
    `  author   ${report.author} (${origin(report.authorSource)})`,
    `  date     ${report.date} (${origin(report.dateSource)})`,
    ...(report.region ? [`  region   ${report.region}`] : []),
    `  removed  ${report.removed.length} line${report.removed.length === 1 ? '' : 's'}`,
    ...report.removed.map((r) => `    line ${r.line} ${r.rule}: ${shorten(r.text)}`),
    `  headings ${report.headings.length}`,
    ...report.headings.map((h) => `    ${'#'.repeat(h.depth)} ${h.text}`),
    `  lead sentences ${report.leadSentences.length}`,
    ...report.leadSentences.map((s) => `    ${s}`),
    `  punctuation fixes ${report.punctuationFixes}`,
    ...(report.images.length ? [`  images   ${report.images.length}`, ...report.images.map((i) => `    ${i.name} ← ${shorten(i.from)} “${shorten(i.alt)}”`)] : []),
    ...(report.coverage ? [`  kept     ${report.coverage.keptHan} of ${report.coverage.pageHan} Han characters of the page's main text (${report.coverage.pageHan ? percent(report.coverage.keptHan, report.coverage.pageHan) : '–'})`] : []),
    ...report.warnings.map((w) => `  warning: ${w}`),
  ];
  return `${lines.join('\n')}\n`;
}

function origin(source: string): string {
  return source === 'none found' ? source : `from ${source}`;
}

function shorten(text: string): string {
  const chars = Array.from(text);
  return chars.length > 40 ? `${chars.slice(0, 40).join('')}…` : text;
}

