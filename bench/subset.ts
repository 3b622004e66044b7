// node --import tsx bench/subset.ts [--docs N] [--text FILE]
// Font subsetting alone, as a build does it (the four built-in faces at once,
// Promise.all), for N documents in one process that differ in one character
// each, like a batch: wall time per document, first and later, and the
// process's memory. Each way runs in a fresh process:
//   new  — src/fonts/subset.ts (hb-subset wasm direct, faces kept, WOFF by pako)
//   old  — subset-font 2.9.0 on bytes read once per process (what subset.ts did before)
// Timings only, never pass/fail.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { docs: { type: 'string' }, text: { type: 'string' }, way: { type: 'string' }, runs: { type: 'string' } } });
const docs = Number(values.docs ?? 20);
const textFile = values.text ?? 'source/haishu-2023/index.md';

if (!values.way) {
  const runs = Number(values.runs ?? 3);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const rows: Record<string, number[]>[] = [];
  for (const way of ['old', 'new']) {
    const results: Record<string, number>[] = [];
    for (let i = 0; i < runs; i++) {
      const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--way', way, '--docs', String(docs), '--text', textFile], { encoding: 'utf8' });
      results.push(JSON.parse(out) as Record<string, number>);
    }
    const row: Record<string, number[]> = {};
    for (const key of Object.keys(results[0]!)) row[key] = [median(results.map((r) => r[key]!))];
    rows.push(row);
  }
  console.log(`font subsetting, 4 faces per document, ${docs} documents in one process; medians of ${runs} processes\n`);
  console.log('| way | import ms | doc 1 wall / CPU ms | docs 2–N median wall / CPU ms | docs 2–N max ms | total ms | RSS after MiB | peak RSS MiB | external+ab MiB |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  ['old', 'new'].forEach((way, i) => {
    const r = rows[i]!;
    const f = (k: string, d = 0) => r[k]![0]!.toFixed(d);
    console.log(`| ${way} | ${f('importMs')} | ${f('firstMs')} / ${f('firstCpuMs')} | ${f('laterMedianMs', 1)} / ${f('laterCpuMedianMs', 1)} | ${f('laterMaxMs')} | ${f('totalMs')} | ${f('rssMiB')} | ${f('peakRssMiB')} | ${f('externalMiB')} |`);
  });
} else {
  const { FONT_FACES } = await import('../src/fonts/faces.ts');
  const text = readFileSync(textFile, 'utf8');
  const files = [...new Map(FONT_FACES.map((f) => [f.file, f])).values()];
  let peak = 0;
  const sample = () => (peak = Math.max(peak, process.memoryUsage.rss()));
  const timer = setInterval(sample, 5);
  const importStart = performance.now();
  let subset: (face: (typeof files)[number], text: string) => Promise<Buffer>;
  if (values.way === 'new') {
    subset = (await import('../src/fonts/subset.ts')).subsetFace;
  } else {
    const subsetFont = createRequire(import.meta.url)('subset-font') as (font: Buffer, text: string, options: { targetFormat: 'woff' }) => Promise<Buffer>;
    const { ALWAYS } = await import('../src/fonts/subset.ts');
    const { readFile } = await import('node:fs/promises');
    const bytes = new Map<string, Promise<Buffer>>();
    subset = (face, t) => {
      if (!bytes.has(face.file)) bytes.set(face.file, readFile(face.file));
      return bytes.get(face.file)!.then((b) => subsetFont(b, [...new Set(ALWAYS + t)].sort().join(''), { targetFormat: 'woff' }));
    };
  }
  const importMs = performance.now() - importStart;
  const times: number[] = [];
  const cpu: number[] = [];
  const cpuMs = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  const start = performance.now();
  for (let d = 0; d < docs; d++) {
    const t0 = performance.now();
    const c0 = cpuMs();
    const docText = `${text}\n本册编号${String.fromCodePoint(0x4e00 + d * 37)}。`;
    await Promise.all(files.map((f) => subset(f, docText)));
    times.push(performance.now() - t0);
    cpu.push(cpuMs() - c0);
    sample();
  }
  const totalMs = performance.now() - start;
  clearInterval(timer);
  const later = times.slice(1).sort((a, b) => a - b);
  const laterCpu = cpu.slice(1).sort((a, b) => a - b);
  const mem = process.memoryUsage();
  process.stdout.write(
    JSON.stringify({
      importMs,
      firstMs: times[0],
      firstCpuMs: cpu[0],
      laterCpuMedianMs: laterCpu[Math.floor(laterCpu.length / 2)] ?? 0,
      laterMedianMs: later[Math.floor(later.length / 2)] ?? 0,
      laterMaxMs: later.at(-1) ?? 0,
      totalMs,
      rssMiB: mem.rss / 1048576,
      peakRssMiB: peak / 1048576,
      externalMiB: (mem.external + mem.arrayBuffers) / 1048576,
    }),
  );
}
