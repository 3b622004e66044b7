// npm run bench [-- --runs N] [--json FILE] [--quick] [--corpus sample|real] [--cases NAME,…] [--no-watch]
// Whole-process medians of paiban build (all formats) against the floor
// (bench/floor.mjs printing paiban's own final HTML), with peak memory of each
// process tree (PSS, measured in runs of their own), a per-stage breakdown,
// and watch-mode latencies.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCorpusDocument } from './corpus.ts';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { runs: { type: 'string' }, json: { type: 'string' }, quick: { type: 'boolean' }, corpus: { type: 'string' }, cases: { type: 'string' }, 'no-watch': { type: 'boolean' } } });
const runs = Number(values.runs ?? 5);
const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-bench-'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The sample with its body repeated `repeat` times. */
function makeDocument(dir: string, repeat: number, extra = ''): string {
  cpSync(path.join(root, 'source', 'haishu-2023'), dir, { recursive: true });
  const markdown = readFileSync(path.join(dir, 'index.md'), 'utf8');
  const end = markdown.indexOf('\n---\n', 4) + 5;
  writeFileSync(path.join(dir, 'index.md'), markdown.slice(0, end) + Array(repeat).fill(markdown.slice(end)).join('\n') + extra);
  return dir;
}

/** A process and all its descendants, from /proc. */
function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // exited meanwhile
    }
  }
  const tree: number[] = [];
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    tree.push(p);
    stack.push(...(children.get(p) ?? []));
  }
  return tree;
}

/** A per-process figure summed over a process tree (a process that exits meanwhile counts 0). */
function treeSum(pid: number, figure: (p: number) => number): number {
  let total = 0;
  for (const p of processTree(pid)) {
    try {
      total += figure(p);
    } catch {
      // exited meanwhile
    }
  }
  return total;
}

/**
 * The proportional set size of a process tree (/proc/PID/smaps_rollup): each
 * page shared by n processes counts 1/n in each. Summed RSS counts a page
 * once per process that maps it: Chromium's processes share most of theirs
 * (its binary, the zygote's forked heap), so a tree of more processes looks
 * bigger than it is, and one of fewer smaller.
 */
const treePss = (pid: number) => treeSum(pid, (p) => Number(/^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${p}/smaps_rollup`, 'utf8'))?.[1] ?? 0) * 1024);

/** RSS of a process and all its descendants, summed, from /proc. */
const treeRss = (pid: number) =>
  treeSum(pid, (p) => {
    const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[21]) * 4096;
  });

/**
 * The bench's own cache folder (PAIBAN_CACHE_DIR). Font hashes and coverage
 * stay in it, as on any machine paiban ran on before; the HTML WOFF cache
 * (woff/) is emptied before each measured build but the rebuilds, so a
 * build packs its fonts as a first build of a document does.
 */
const benchCache = path.join(work, 'cache');
const forgetWoff = () => rmSync(path.join(benchCache, 'woff'), { recursive: true, force: true });

/**
 * Wall time and the peak of a memory figure of one whole process tree,
 * sampled every `everyMs`: summed RSS (cheap, /proc/PID/stat) in the timed
 * runs; PSS in runs of their own, as reading every process's smaps_rollup
 * costs CPU the timed runs must not share.
 */
async function measure(args: string[], figure: (pid: number) => number = treeRss, everyMs = 20): Promise<{ seconds: number; peak: number }> {
  const start = performance.now();
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, PAIBAN_CACHE_DIR: benchCache } });
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += c));
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, figure(child.pid!))), everyMs);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(timer);
  if (code !== 0) throw new Error(`${args.join(' ')} failed:\n${stderr}`);
  return { seconds: (performance.now() - start) / 1000, peak };
}

/** Peak PSS of one whole process tree, in a run of its own (see measure). */
const measurePss = async (args: string[]): Promise<number> => (await measure(args, treePss, 50)).peak;

interface Row {
  name: string;
  pages: number;
  paiban: number;
  rebuild?: number;
  floor: number;
  ratio: number;
  target: number;
  /** Peak PSS (the memory figure), MiB. */
  paibanMiB: number;
  floorMiB: number;
  memRatio: number;
  /** Peak RSS summed over the processes (shared pages counted in each), MiB. */
  paibanRssMiB: number;
  floorRssMiB: number;
  stages?: Record<string, number>;
  batch: boolean;
}
const rows: Row[] = [];
const mib = (b: number) => b / 1024 / 1024;

/** A bench case: `count` documents made by `make` (the i-th into `dir`); `floorOf`: the batch compares with that case's floor of one. */
interface Case { name: string; count: number; make: (dir: string, i: number) => string; target: number; floorOf?: string }
const sampleCases: Case[] = [
  { name: 'sample', count: 1, make: (dir) => makeDocument(dir, 1), target: 1.5 },
  { name: '30-pages', count: 1, make: (dir) => makeDocument(dir, 11), target: 1.5 },
  { name: '300-pages', count: 1, make: (dir) => makeDocument(dir, 110), target: 1.5 },
  // Batch documents differ in their characters, as real ones do (no font subset is shared).
  { name: 'batch-20', count: 20, make: (dir, i) => makeDocument(dir, 1, `\n\n本册编号${'甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉'[i]}。\n`), target: 6, floorOf: 'sample' },
];
// Real-sized documents (bench/corpus.ts): ≥ 3,000 distinct Han characters, three heading levels, tables, footnotes.
const realCases: Case[] = [
  ...(['booklet', 'gongwen'] as const).flatMap((layout) =>
    [24, 100, 300].map((pages): Case => ({ name: `${layout}-${pages}`, count: 1, make: (dir) => writeCorpusDocument(dir, layout, pages, 1), target: 1.3 })),
  ),
  // Twenty different 24-page reports (each its own seed: its own text and subsets).
  { name: 'batch-20-real', count: 20, make: (dir, i) => writeCorpusDocument(dir, 'booklet', 24, i + 1), target: 6, floorOf: 'booklet-24' },
];
const chosen = values.corpus === 'sample' ? sampleCases : values.corpus === 'real' ? realCases : [...sampleCases, ...realCases];
const named = values.cases ? chosen.filter((c) => values.cases!.split(',').includes(c.name)) : chosen;
const cases = values.quick ? named.filter((c) => !c.name.endsWith('300') && !c.name.endsWith('300-pages')) : named;
const floors = new Map<string, { seconds: number; peak: number; pss: number }>();
for (const { name, count, make, target, floorOf } of cases) {
  const src = path.join(work, name);
  const docs = Array.from({ length: count }, (_, i) => make(path.join(src, count === 1 ? name : `${name}-${String(i + 1).padStart(2, '0')}`), i));
  const dump = path.join(work, 'dump', name);
  mkdirSync(dump, { recursive: true });
  // The dump also learns the fonts' hashes and coverage into the bench's cache.
  execFileSync(process.execPath, ['--import', 'tsx', 'bench/dump-print-html.ts', docs[0]!, dump], { cwd: root, env: { ...process.env, PAIBAN_CACHE_DIR: benchCache } });
  forgetWoff();
  const stages = tracedStages(docs[0]!);
  const out = path.join(work, 'out');
  // --force: the same inputs every run, and an unchanged build would be skipped.
  const build = ['bin/paiban.js', 'build', ...docs, '--out', out, '--force', '--timeout', '600'];
  const p: { seconds: number; peak: number }[] = [];
  const f: { seconds: number; peak: number }[] = [];
  for (let i = 0; i < runs; i++) {
    // Interleaved, so both see the same machine state.
    forgetWoff();
    p.push(await measure(build));
    f.push(await measure(['bench/floor.mjs', dump, path.join(work, 'floor.pdf')]));
  }
  // Memory in runs of their own (see measurePss), each a first build's as in the timed runs.
  forgetWoff();
  const paibanPss = await measurePss(build);
  const ownFloorPss = await measurePss(['bench/floor.mjs', dump, path.join(work, 'floor.pdf')]);
  // A document rebuilt whose fonts get no new character: its subsets' WOFF is remembered.
  const rebuilds: number[] = [];
  for (let i = 0; i < runs && count === 1; i++) rebuilds.push((await measure(build)).seconds);
  const firstName = path.basename(docs[0]!);
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [path.join(out, firstName, `${firstName}.pdf`)], { encoding: 'utf8' }))![1]) * count;
  const paiban = median(p.map((x) => x.seconds));
  const own = { seconds: median(f.map((x) => x.seconds)), peak: median(f.map((x) => x.peak)), pss: ownFloorPss };
  floors.set(name, own);
  // A batch's target is against the floor of one document (its own floor when that case did not run).
  const { seconds: floor, peak: floorRss, pss: floorPss } = (floorOf && floors.get(floorOf)) || own;
  const paibanRss = median(p.map((x) => x.peak));
  rows.push({
    name,
    pages,
    paiban,
    rebuild: rebuilds.length ? median(rebuilds) : undefined,
    floor,
    ratio: paiban / floor,
    target,
    paibanMiB: mib(paibanPss),
    floorMiB: mib(floorPss),
    memRatio: paibanPss / floorPss,
    paibanRssMiB: mib(paibanRss),
    floorRssMiB: mib(floorRss),
    stages,
    batch: count > 1,
  });
}

/**
 * Where one whole-process build's time goes, from its PAIBAN_TRACE timeline
 * (ms): start-up until main() runs, loading the command, each stage of the
 * document until the next begins, and the exit (closing Chromium, the last
 * writes) after the last. `chromium ready` is when Chromium, launched in
 * parallel from the start, could take its first page.
 */
function tracedStages(docDir: string): Record<string, number> {
  const start = performance.now();
  const run = spawnSync(process.execPath, ['bin/paiban.js', 'build', docDir, '--out', path.join(work, 'traced'), '--force', '--timeout', '600'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, PAIBAN_TRACE: '1', PAIBAN_CACHE_DIR: benchCache },
  });
  const total = performance.now() - start;
  if (run.status !== 0) throw new Error(`traced build failed:\n${run.stderr}`);
  const marks = [...run.stderr.matchAll(/^paiban: trace (\d+) ms (.*)$/gm)].map((m) => ({ at: Number(m[1]), label: m[2]! }));
  const stages: Record<string, number> = {};
  const sequence = marks.filter((m) => !m.label.startsWith('chromium:'));
  sequence.forEach((mark, i) => {
    // Each interval is named by the milestone that opens it: main() → loading the command, loaded → reading the source.
    // After the outputs are written: Chromium's group gone, the process exited.
    const key =
      mark.label === 'main' ? 'load' : mark.label.endsWith(': loaded') ? 'setup' : mark.label === 'written' || mark.label === 'exit' ? 'exit' : mark.label.replace(/^[^:]+: /, '').replace(/^render pdf: /, '');
    const next = sequence[i + 1]?.at ?? total;
    stages[key] = (stages[key] ?? 0) + (next - mark.at);
  });
  // Before main(): node, bin/paiban.js, the bundle check.
  stages['start'] = sequence[0]?.at ?? 0;
  stages['chromium ready at'] = marks.find((m) => m.label === 'chromium: ready')?.at ?? 0;
  return stages;
}

/** Served HTML without the line-breaking markup (<wbr>, the span keeping a paragraph's last two characters). */
const plainText = (html: string) => html.replace(/<wbr>/g, '').replace(/<span class="keep">([^<]*)<\/span>/g, '$1');

/** Watch mode on the 30-page document: append a paragraph, time the served HTML and the rewritten PDF. */
async function watchLatency(): Promise<{ htmlMs: number; pdfMs: number }> {
  const doc = makeDocument(path.join(work, 'watch', '30-pages'), 11);
  const out = path.join(work, 'watch-out');
  const child = spawn(process.execPath, ['bin/paiban.js', 'watch', doc, '--port', '0', '--out', out], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (c) => (stdout += c));
  const wait = async (ok: () => boolean | Promise<boolean>) => {
    const end = Date.now() + 120_000;
    while (!(await ok())) {
      if (Date.now() > end) throw new Error(`watch bench timed out:\n${stdout}`);
      await sleep(5);
    }
  };
  try {
    await wait(() => /\[1\] wrote/.test(stdout));
    const url = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout)![1]!;
    const pdf = path.join(out, '30-pages', '30-pages.pdf');
    const html: number[] = [];
    const pdfs: number[] = [];
    for (let i = 0; i < Math.max(3, Math.min(runs, 5)); i++) {
      const marker = `基准测试第${i}次修改。`;
      const before = statSync(pdf).mtimeMs;
      const start = performance.now();
      appendFileSync(path.join(doc, 'index.md'), `\n${marker}\n`);
      let htmlAt = 0;
      await wait(async () => {
        if (!htmlAt && plainText(await fetch(url).then((r) => r.text())).includes(marker)) htmlAt = performance.now();
        return htmlAt > 0 && existsSync(pdf) && statSync(pdf).mtimeMs !== before;
      });
      html.push(htmlAt - start);
      pdfs.push(performance.now() - start);
      await sleep(300);
    }
    return { htmlMs: median(html), pdfMs: median(pdfs) };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.on('exit', r));
  }
}
const watch = values['no-watch'] ? undefined : await watchLatency();

const result = { runs, cores: os.cpus().length, load: os.loadavg(), rows, watch };
if (values.json) writeFileSync(values.json, `${JSON.stringify(result, null, 2)}\n`);
console.log(`medians of ${runs} whole-process runs (each a new process; font hashes and coverage remembered, the HTML WOFF packed anew except in the rebuild column), ${result.cores} cores, load ${result.load.map((l) => l.toFixed(1)).join(' ')}\n`);
console.log('| document | pages | paiban build (html+pdf+print) | floor | ratio (target) | peak PSS MiB paiban / floor | mem ratio, PSS (≤ 1.3) | peak RSS summed MiB paiban / floor | rebuild, WOFF remembered (ratio) |\n|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  const rebuild = r.rebuild === undefined ? '—' : `${r.rebuild.toFixed(2)} s (${(r.rebuild / r.floor).toFixed(2)}×)`;
  console.log(`| ${r.name} | ${r.pages} | ${r.paiban.toFixed(2)} s | ${r.floor.toFixed(2)} s${r.batch ? ' (one doc)' : ''} | ${r.ratio.toFixed(2)}× (≤ ${r.target}×) | ${r.paibanMiB.toFixed(0)} / ${r.floorMiB.toFixed(0)} | ${r.memRatio.toFixed(2)}× | ${r.paibanRssMiB.toFixed(0)} / ${r.floorRssMiB.toFixed(0)} | ${rebuild} |`);
}
console.log('\nwhere the time of one whole-process build goes (PAIBAN_TRACE), ms. start: node until main(); render pdf: waiting for Chromium, the fallback check; pass 1: the print, the HTML\'s WOFF packed meanwhile; write: the HTML, manifest and renames; exit: after the files are in place:\n');
const keys = [...new Set(rows.flatMap((r) => Object.keys(r.stages ?? {})))];
console.log(`| document | ${keys.join(' | ')} |\n|---|${keys.map(() => '---|').join('')}`);
for (const r of rows) console.log(`| ${r.name} | ${keys.map((k) => (r.stages?.[k] ?? 0).toFixed(0)).join(' | ')} |`);
if (watch) console.log(`\nwatch, 30 pages: edit → served HTML ${watch.htmlMs.toFixed(0)} ms (target ≤ 300), edit → PDF rewritten ${watch.pdfMs.toFixed(0)} ms (target ≤ 1000)`);
rmSync(work, { recursive: true, force: true });
