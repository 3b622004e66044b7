// node --import tsx bench/incremental.ts [--runs N] [DOC_DIR]
// Whole-process wall time of `paiban build DOC_DIR` into an empty output
// folder with an empty cache (a first build), then of the same command again
// (the document unchanged: skipped). Prints the medians and their ratio.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values, positionals } = parseArgs({ allowPositionals: true, options: { runs: { type: 'string' } } });
const runs = Number(values.runs ?? 3);
const doc = path.resolve(positionals[0] ?? path.join(root, 'source', 'haishu-2023'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function timedBuild(out: string, cache: string): { seconds: number; stdout: string } {
  const started = performance.now();
  const result = spawnSync(process.execPath, [path.join(root, 'bin', 'paiban.js'), 'build', doc, '--out', out], {
    cwd: root,
    env: { ...process.env, PAIBAN_CACHE_DIR: cache },
    encoding: 'utf8',
  });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`paiban build failed:\n${result.stderr}`);
  return { seconds, stdout: result.stdout };
}

// Brings dist/ up to date first, so that no run pays for bundling.
spawnSync(process.execPath, [path.join(root, 'scripts', 'bundle.mjs')], { stdio: 'inherit' });
const first: number[] = [];
const skip: number[] = [];
for (let run = 0; run < runs; run++) {
  const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-bench-incremental-'));
  try {
    const out = path.join(work, 'out');
    const cache = path.join(work, 'cache');
    first.push(timedBuild(out, cache).seconds);
    const again = timedBuild(out, cache);
    if (!/up to date, skipped/.test(again.stdout)) throw new Error(`the second build was not skipped:\n${again.stdout}`);
    skip.push(again.seconds);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  process.stderr.write(`run ${run + 1}/${runs}: first ${first.at(-1)!.toFixed(2)} s, skip ${skip.at(-1)!.toFixed(2)} s\n`);
}
const a = median(first);
const b = median(skip);
process.stdout.write(`${path.relative(root, doc) || doc}: first build ${a.toFixed(2)} s, unchanged (skipped) ${b.toFixed(2)} s, ${((b / a) * 100).toFixed(1)} % of a first build (medians of ${runs})\n`);
