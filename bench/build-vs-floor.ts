// Whole-process build time of paiban against the floor (bench/floor.mjs
// printing paiban's own final HTML), medians of N cold runs, same machine, same run.
//   npx tsx bench/build-vs-floor.ts [RUNS]
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 5);
const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-bench-'));

/** The sample, and the sample's body repeated until the booklet has about `pages` pages. */
function makeDocument(name: string, repeat: number): string {
  const dir = path.join(work, 'source', name);
  cpSync(path.join(root, 'source', 'haishu-2023'), dir, { recursive: true });
  const markdown = readFileSync(path.join(dir, 'index.md'), 'utf8');
  const end = markdown.indexOf('\n---\n', 4) + 5;
  const body = markdown.slice(end);
  writeFileSync(path.join(dir, 'index.md'), markdown.slice(0, end) + Array(repeat).fill(body).join('\n'));
  return dir;
}

function seconds(command: string, args: string[]): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr}`);
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const rows: string[] = [];
for (const [name, repeat] of [['sample', 1], ['30-pages', 14]] as const) {
  const doc = makeDocument(name, repeat);
  const dump = path.join(work, 'dump', name);
  mkdirSync(dump, { recursive: true });
  execFileSync('npx', ['tsx', 'bench/dump-print-html.ts', doc, dump], { cwd: root });
  // The CLI's bundle of src/ current before the first timed run (it would rebuild itself in that run).
  execFileSync(process.execPath, ['scripts/bundle.mjs'], { cwd: root });
  const out = path.join(work, 'out');
  const paiban: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < runs; i++) {
    // Interleaved, so both see the same machine state.
    paiban.push(seconds(process.execPath, ['bin/paiban.js', 'build', doc, '--out', out, '--force']));
    floor.push(seconds(process.execPath, ['bench/floor.mjs', dump, path.join(work, 'floor.pdf')]));
  }
  const pages = execFileSync('pdfinfo', [path.join(out, name, `${name}.pdf`)], { encoding: 'utf8' }).match(/Pages:\s+(\d+)/)![1];
  const p = median(paiban);
  const f = median(floor);
  rows.push(`| ${name} | ${pages} | ${p.toFixed(2)} s | ${f.toFixed(2)} s | ${(p / f).toFixed(2)}× |`);
}
console.log(`medians of ${runs} whole-process cold runs, ${os.cpus().length} cores\n`);
console.log('| document | pages | paiban build (html+pdf+print) | floor (bare puppeteer print) | ratio |\n|---|---|---|---|---|');
console.log(rows.join('\n'));
rmSync(work, { recursive: true, force: true });
