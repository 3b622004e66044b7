import os from 'node:os';
import path from 'node:path';
import { parseFormats } from '../pipeline/formats.ts';
import { fastSkip, type RecordOptions, type SkippedEdition } from '../incremental/skip-record.ts';
import type { DocumentResult } from '../pipeline/options.ts';
import type { ReadSource } from '../pipeline/source-stage.ts';
import { trace } from '../trace.ts';
import { releaseParser, startParser } from '../markdown/isolate.ts';
import { releaseSubsetter } from '../fonts/subset-thread.ts';
import { UserError } from '../errors.ts';
import { parseCommandArgs, parseTimeout } from './args.ts';
import { displayPath } from '../paths.ts';
import { discoverDocuments, parseShard, selectShard } from '../batch/documents.ts';
import { BatchProgress, mapLimit } from '../batch/progress.ts';
import type { RendererPool } from '../render/pool.ts';
import type { SpawnedChromium } from '../render/spawn.ts';
import { formatBytes } from './progress.ts';
import { documentError } from './failure.ts';
import { checkOutputRoot } from '../output/placement.ts';
import { isTerminating } from '../lifecycle.ts';

/**
 * The full skip check, else the build; either way the document's skip
 * record is renewed from stamps taken before anything was read.
 */
/**
 * Something `count` documents each need until a point of their build: each
 * document's done function (from the returned maker) counts once, however
 * often it is called; the last one runs `whenNone`.
 */
function lastDocument(count: number, whenNone: () => void): () => () => void {
  let left = count;
  return () => {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      if (--left === 0) whenNone();
    };
  };
}

async function checkAndBuild(docDir: string, options: RecordOptions, force: boolean, build: (read?: ReadSource) => Promise<DocumentResult[]>): Promise<(DocumentResult | SkippedEdition)[]> {
  // The document will be parsed: the parser's thread starts up meanwhile (main.ts did not start it when a skip was likely).
  startParser();
  const { startRecording, saveRecording } = await import('../incremental/record-writer.ts');
  const recording = await startRecording(docDir, options);
  const check = force ? {} : await (await import('../incremental/skip.ts')).skipUnchanged(docDir, options);
  const results = check.skipped ?? (await build(check.read));
  if (recording) trace(`${path.basename(path.resolve(docDir))}: skip record ${(await saveRecording(recording, results)) ? 'saved' : 'not saved'}`);
  return results;
}

export async function runBuild(args: string[], early?: SpawnedChromium): Promise<number> {
  const { values, positionals } = parseCommandArgs('build', args, {
        out: { type: 'string' },
        format: { type: 'string' },
        timeout: { type: 'string' },
        impose: { type: 'string' },
        pdfx: { type: 'boolean' },
        strict: { type: 'boolean' },
        edition: { type: 'string' },
        'all-editions': { type: 'boolean' },
        force: { type: 'boolean' },
        jobs: { type: 'string' },
        shard: { type: 'string' },
      });
  const formats = parseFormats(values.format);
  const timeoutMs = parseTimeout(values.timeout);
  const outRoot = path.resolve(values.out ?? 'output');
  if (values.pdfx && !formats.has('print')) throw new UserError('--pdfx converts the print PDF: add print to --format');
  if (values.pdfx) (await import('../finish/pdfx.ts')).findGhostscript();
  if (values.impose !== undefined && values.impose !== 'saddle') throw new UserError(`unknown imposition "${values.impose}" (known: saddle)`);
  const impose = values.impose;
  const jobs = values.jobs === undefined ? os.availableParallelism() : Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) throw new UserError(`--jobs must be a whole number ≥ 1, not "${values.jobs}"`);
  const shard = values.shard === undefined ? undefined : parseShard(values.shard);
  const docDirs = selectShard(positionals.length ? positionals : await discoverDocuments('source'), shard);
  if (shard) process.stderr.write(`paiban: shard ${shard.index}/${shard.count}: ${docDirs.length} document${docDirs.length === 1 ? '' : 's'}\n`);
  if (!docDirs.length) return 0;
  checkOutputRoot(outRoot, docDirs);

  const progress = new BatchProgress(process.stderr, docDirs.length);
  // The build code, Chromium's driver and the PDF libraries load only when a
  // document is not skipped: an unchanged document costs a stamp of each file
  // its skip record lists (src/incremental/skip-record.ts), or without a
  // record a parse and a hash (src/incremental/skip.ts).
  let renderer: Promise<RendererPool> | undefined;
  const loadRenderer = () => (renderer ??= import('../render/pool.ts').then(({ RendererPool }) => new RendererPool(early)));
  let failed = 0;
  let finished = 0;
  // Chromium closes (~0.15 s) as soon as no document needs it any more,
  // while the last ones are still being finished and written.
  let closing: Promise<void> | undefined;
  const printing = lastDocument(docDirs.length, () => (closing = renderer?.then((pool) => pool.close())));
  // The parser thread stops once every document's source is parsed: its heap
  // is given back before the prints, when a build's memory peaks.
  const parsing = lastDocument(docDirs.length, releaseParser);
  // So does the font subsetter's, once every document's subsets are made:
  // its heap holds the fonts (~60 MiB) while Chromium lays the pages out.
  const subsetting = lastDocument(docDirs.length, releaseSubsetter);
  try {
    await mapLimit(docDirs, jobs, async (docDir) => {
      const name = path.basename(path.resolve(docDir));
      const donePrinting = printing();
      const doneParsing = parsing();
      const doneSubsetting = subsetting();
      try {
        const recordOptions: RecordOptions = { outRoot, formats, impose, pdfx: values.pdfx === true, edition: values.edition, allEditions: values['all-editions'] === true, strict: values.strict === true };
        const fast = values.force ? undefined : await fastSkip(docDir, recordOptions);
        if (!values.force) trace(fast ? `${name}: skip record matched` : `${name}: no matching skip record`);
        const build = async (read?: ReadSource) => (await import('../pipeline/edition.ts')).buildDocument(docDir, loadRenderer(), {
          outRoot,
          formats,
          impose,
          pdfx: values.pdfx === true,
          strict: values.strict === true,
          edition: values.edition,
          allEditions: values['all-editions'] === true,
          force: values.force === true,
          timeoutMs,
          donePrinting,
          doneParsing,
          doneSubsetting,
          progress: (step) => progress.step(name, step),
          warn: (message) => {
            progress.clear();
            process.stderr.write(`paiban: warning: ${message}\n`);
          },
          note: (message) => {
            progress.clear();
            process.stderr.write(`paiban: note: ${message}\n`);
          },
        }, read);
        const results = fast ?? (await checkAndBuild(docDir, recordOptions, values.force === true, build));
        progress.clear();
        const counter = `[${++finished}/${docDirs.length}]`;
        for (const result of results) {
          if (result.skipped) {
            process.stdout.write(`${counter} ${result.name}: up to date, skipped (${displayPath(result.outDir)}; --force rebuilds) in ${result.seconds.toFixed(2)} s\n`);
            continue;
          }
          const parts = result.outputs
            .filter((o) => o.role !== 'asset')
            .map((o) => `${o.path} (${o.pages === undefined ? '' : `${o.pages} pages, `}${formatBytes(o.bytes)})`);
          process.stdout.write(`${counter} ${result.name}: wrote ${parts.join(', ')} to ${displayPath(result.outDir)} in ${result.seconds.toFixed(2)} s\n`);
        }
        progress.finish(name, Math.max(0, ...results.flatMap((r) => r.outputs.map((o) => o.pages ?? 0))), true);
      } catch (error) {
        progress.clear();
        failed++;
        finished++;
        progress.finish(name, 0, false);
        // Interrupted: the signal handler says so, once.
        if (!isTerminating()) process.stderr.write(documentError(error, docDir).lines().map((line) => `paiban: ${line}\n`).join(''));
      } finally {
        doneParsing();
        doneSubsetting();
        donePrinting();
      }
    });
  } finally {
    progress.clear();
    await closing;
    await (await renderer)?.close();
  }
  return failed ? 1 : 0;
}

