// node --import tsx bench/subset-profile.ts [TEXT_FILE ...]
// Where the time of font subsetting goes, step by step, for the four built-in
// faces and a run of documents in one process that differ in one character
// each (a batch). Two ways, in this one process:
//  - "old": by hand what subset-font 2.9.0 did per call — copy the whole
//    font into the wasm heap, make an hb_face, subset, free; WOFF by the
//    woff2sfnt-sfnt2woff package (pako);
//  - "new": src/fonts (harfbuzz.ts: faces made once and kept; woff.ts).
// CPU time (user + system, all threads) in ms; timings only, never pass/fail.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import zlib from 'node:zlib';
import { FONT_FACES } from '../src/fonts/faces.ts';

const require = createRequire(import.meta.url);
const files = process.argv.slice(2);
const text = files.length ? (await Promise.all(files.map((f) => readFile(f, 'utf8')))).join('') : await readFile('source/haishu-2023/index.md', 'utf8');
const DOCS = 10;
const faceFiles = [...new Set(FONT_FACES.map((f) => f.file))];
const cpu = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

const times = new Map<string, number[][]>(); // step → [doc][face]
let doc = 0;
let faceIndex = 0;
const time = async <T>(name: string, fn: () => T | Promise<T>): Promise<T> => {
  const start = cpu();
  const result = await fn();
  const ms = cpu() - start;
  if (!times.has(name)) times.set(name, []);
  const perDoc = times.get(name)!;
  (perDoc[doc] ??= [])[faceIndex] = (perDoc[doc]?.[faceIndex] ?? 0) + ms;
  return result;
};

// ---- old: subset-font's steps by hand ----
const hb = await time('old: wasm read + compile + instantiate', async () => {
  const { instance } = await WebAssembly.instantiate(await readFile(require.resolve('harfbuzzjs/dist/harfbuzz-subset.wasm')));
  const e = instance.exports as any;
  e._initialize();
  return e;
});
const heap = () => new Uint8Array(hb.memory.buffer);
const woffTool = await time('old: require woff2sfnt-sfnt2woff (pako)', () => require('woff2sfnt-sfnt2woff'));
await time('old: require fontverter (also loads wawoff2)', () => require('fontverter'));

const fonts: Buffer[] = [];
for (doc = 0; doc < DOCS; doc++) {
  const chars = [...new Set(text + String.fromCodePoint(0x4e00 + doc * 37))].sort().join('');
  for (faceIndex = 0; faceIndex < faceFiles.length; faceIndex++) {
    const font = (fonts[faceIndex] ??= await time('old: read font file (once)', () => readFile(faceFiles[faceIndex]!)));
    await time('old: copy for fontverter (new Uint8Array)', () => new Uint8Array(font));
    const ptr = await time('old: malloc + copy font into wasm heap', () => {
      const p = hb.malloc(font.byteLength);
      heap().set(font, p);
      return p;
    });
    const face = await time('old: hb_blob_create + hb_face_create', () => {
      const blob = hb.hb_blob_create(ptr, font.byteLength, 2, 0, 0);
      const f = hb.hb_face_create(blob, 0);
      hb.hb_blob_destroy(blob);
      return f;
    });
    const input = await time('old: subset input (all features, the characters)', () => {
      const input = hb.hb_subset_input_create_or_fail();
      const features = hb.hb_subset_input_set(input, 6);
      hb.hb_set_clear(features);
      hb.hb_set_invert(features);
      const unicodes = hb.hb_subset_input_unicode_set(input);
      for (const c of chars) hb.hb_set_add(unicodes, c.codePointAt(0));
      return input;
    });
    const subset = await time('old: hb_subset_or_fail (fresh face)', () => hb.hb_subset_or_fail(face, input));
    const sfnt = await time('old: serialize + copy out', () => {
      const blob = hb.hb_face_reference_blob(subset);
      const offset = hb.hb_blob_get_data(blob, 0);
      const length = hb.hb_blob_get_length(blob);
      const out = Buffer.from(heap().subarray(offset, offset + length));
      hb.hb_blob_destroy(blob);
      return out;
    });
    await time('old: cleanup (destroy, free)', () => {
      hb.hb_subset_input_destroy(input);
      hb.hb_face_destroy(subset);
      hb.hb_face_destroy(face);
      hb.free(ptr);
    });
    await time('old: WOFF, woff2sfnt-sfnt2woff (pako)', () => woffTool.toWoff(sfnt));
    await time('(not used) WOFF tables by node zlib instead of pako', () => {
      const n = sfnt.readUInt16BE(4);
      for (let i = 0; i < n; i++) {
        const at = sfnt.readUInt32BE(12 + i * 16 + 8);
        zlib.deflateSync(sfnt.subarray(at, at + sfnt.readUInt32BE(12 + i * 16 + 12)));
      }
    });
  }
}
const oldWasmMiB = hb.memory.buffer.byteLength / 1048576;

// ---- new: src/fonts ----
faceIndex = 0;
doc = 0;
const { subsetSfnt } = await time('new: import harfbuzz.ts', () => import('../src/fonts/harfbuzz.ts'));
const { sfntToWoff } = await time('new: import woff.ts (pako)', () => import('../src/fonts/woff.ts'));
for (doc = 0; doc < DOCS; doc++) {
  const chars = [...new Set(text + String.fromCodePoint(0x4e00 + doc * 37))].sort().join('');
  for (faceIndex = 0; faceIndex < faceFiles.length; faceIndex++) {
    const name = doc === 0 ? 'new: subset (doc 1: + wasm, read, face)' : 'new: subset (face kept)';
    const sfnt = await time(name, () => subsetSfnt(faceFiles[faceIndex]!, chars));
    await time('new: WOFF, woff.ts (pako)', () => sfntToWoff(sfnt));
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const sum = (xs: number[] = []) => xs.reduce((a, b) => a + (b ?? 0), 0);
const width = Math.max(...[...times.keys()].map((n) => n.length));
console.log(`${faceFiles.length} faces, ${[...new Set(text)].length + 1} characters, ${DOCS} documents in one process; CPU ms\n`);
console.log(`| ${'step'.padEnd(width)} | doc 1, per face | doc 1, 4 faces | docs 2–${DOCS}, median per face | docs 2–${DOCS}, median of 4 faces |`);
console.log(`|${'-'.repeat(width + 2)}|---:|---:|---:|---:|`);
for (const [name, perDoc] of times) {
  const first = perDoc[0] ?? [];
  const later = perDoc.slice(1).filter(Boolean);
  const perFace = first.filter((x) => x !== undefined).map((x) => x.toFixed(0)).join(' / ');
  console.log(`| ${name.padEnd(width)} | ${perFace} | ${sum(first).toFixed(1)} | ${later.length ? median(later.flat()).toFixed(1) : '–'} | ${later.length ? median(later.map((d) => sum(d))).toFixed(1) : '–'} |`);
}
console.log(`\nold way's wasm heap: ${oldWasmMiB.toFixed(0)} MiB; RSS now ${(process.memoryUsage().rss / 1048576).toFixed(0)} MiB`);
