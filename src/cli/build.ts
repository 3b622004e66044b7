import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildDocument, FORMATS, type Format } from '../build/document.ts';
import { isUserError, UserError } from '../errors.ts';
import { displayPath } from '../paths.ts';
import { discoverDocuments, parseShard, selectShard } from '../batch/documents.ts';
import { BatchProgress, mapLimit } from '../batch/progress.ts';
import { RendererPool } from '../render/pool.ts';
import { SOURCE_FILE } from '../source/load.ts';
import { formatBytes } from './progress.ts';

export const BUILD_HELP = `Usage: paiban build [DOC_DIR ...] [options]

Build each document folder (one holding ${SOURCE_FILE}) into <out>/<doc>/:
  index.html + assets/   accessible HTML (layout "web")
  <doc>.pdf              tagged PDF at the trim size (the document's layout, default "booklet")
  <doc>.print.pdf        for the press: 3 mm bleed, TrimBox/BleedBox, crop marks
  manifest.json          every output with its sha256, size and page count
Without DOC_DIR, builds every folder under source/ that has an ${SOURCE_FILE}.

Options:
  --out DIR          output root (default: output)
  --format LIST      comma-separated formats to write: ${FORMATS.join(',')} (default: all)
  --impose saddle    also write <doc>.saddle.pdf: pages padded to a multiple of 4
                     and laid two-up on sheets in saddle-stitch folding order
  --timeout SECONDS  give up rendering a document after this long (default: 60)
  --jobs N           build up to N documents at once, each printing in its own
                     page of the one Chromium (default: the number of cores)
  --shard I/N        build only share I of N: the document list sorted, every
                     N-th from the I-th (see docs/batch.md for CI and Kubernetes)
  -h, --help         show this help

Outputs are written only when the whole document succeeded; a failed build
leaves the previous outputs untouched. Exit code 0 when every document built,
1 when any failed.
Chromium: PAIBAN_CHROMIUM or PUPPETEER_EXECUTABLE_PATH, else /usr/bin/chromium.
`;

export async function runBuild(args: string[]): Promise<number> {
  const { values, positionals } = parseBuildArgs(args);
  const formats = parseFormats(values.format);
  const timeoutSeconds = Number(values.timeout ?? '60');
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) throw new UserError(`--timeout must be a positive number of seconds, not "${values.timeout}"`);
  const outRoot = path.resolve(values.out ?? 'output');
  if (values.impose !== undefined && values.impose !== 'saddle') throw new UserError(`unknown imposition "${values.impose}" (known: saddle)`);
  const impose = values.impose;
  const jobs = values.jobs === undefined ? os.availableParallelism() : Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) throw new UserError(`--jobs must be a whole number ≥ 1, not "${values.jobs}"`);
  const shard = values.shard === undefined ? undefined : parseShard(values.shard);
  const docDirs = selectShard(positionals.length ? positionals : await discoverDocuments('source'), shard);
  if (shard) process.stderr.write(`paiban: shard ${shard.index}/${shard.count}: ${docDirs.length} document${docDirs.length === 1 ? '' : 's'}\n`);
  if (!docDirs.length) return 0;

  const progress = new BatchProgress(process.stderr, docDirs.length);
  const renderer = new RendererPool();
  if (formats.has('pdf') || formats.has('print') || impose) renderer.prewarm();
  let failed = 0;
  let finished = 0;
  try {
    await mapLimit(docDirs, jobs, async (docDir) => {
      const name = path.basename(path.resolve(docDir));
      try {
        const result = await buildDocument(docDir, renderer, {
          outRoot,
          formats,
          impose,
          timeoutMs: timeoutSeconds * 1000,
          progress: (step) => progress.step(name, step),
          warn: (message) => {
            progress.clear();
            process.stderr.write(`paiban: warning: ${message}\n`);
          },
        });
        progress.clear();
        const parts = result.outputs
          .filter((o) => o.role !== 'asset')
          .map((o) => `${o.path} (${o.pages === undefined ? '' : `${o.pages} pages, `}${formatBytes(o.bytes)})`);
        process.stdout.write(`[${++finished}/${docDirs.length}] ${name}: wrote ${parts.join(', ')} to ${displayPath(result.outDir)} in ${result.seconds.toFixed(2)} s\n`);
        progress.finish(name, Math.max(0, ...result.outputs.map((o) => o.pages ?? 0)), true);
      } catch (error) {
        progress.clear();
        if (!isUserError(error)) throw error;
        failed++;
        finished++;
        process.stderr.write(`paiban: ${error.format()}\n`);
        progress.finish(name, 0, false);
      }
    });
  } finally {
    progress.clear();
    await renderer.close();
  }
  return failed ? 1 : 0;
}

function parseBuildArgs(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        out: { type: 'string' },
        format: { type: 'string' },
        timeout: { type: 'string' },
        impose: { type: 'string' },
        jobs: { type: 'string' },
        shard: { type: 'string' },
      },
    });
  } catch (error) {
    throw new UserError(`${(error as Error).message.split('\n')[0]} (see paiban build --help)`);
  }
}

function parseFormats(list: string | undefined): Set<Format> {
  if (list === undefined) return new Set(FORMATS);
  const formats = new Set<Format>();
  for (const item of list.split(',').map((s) => s.trim()).filter(Boolean)) {
    if (!(FORMATS as readonly string[]).includes(item)) throw new UserError(`unknown format "${item}" (formats: ${FORMATS.join(', ')})`);
    formats.add(item as Format);
  }
  if (!formats.size) throw new UserError('--format needs at least one format');
  return formats;
}
