// How long reading a font's coverage takes (src/fonts/cmap.ts: HarfBuzz's
// collectUnicodes over the cmap and maxp tables alone), per font file, and
// what giving harfbuzzjs the whole font instead would cost.
//   node --import tsx bench/font-coverage.ts
import { readFileSync } from 'node:fs';
import { fileCoverage } from '../src/fonts/cmap.ts';
import { FONT_FACES } from '../src/fonts/faces.ts';
import { installedFallbacks } from '../src/fonts/fallback.ts';

const ms = (since: number) => (performance.now() - since).toFixed(1);
let start = performance.now();
const hb = await import('harfbuzzjs');
console.log(`import harfbuzzjs (wasm compiled): ${ms(start)} ms`);
const files = [...new Set([...FONT_FACES.map((f) => f.file), ...installedFallbacks().map((f) => f.file)])];
for (const file of files) {
  start = performance.now();
  const has = await fileCoverage(file);
  const tables = ms(start);
  start = performance.now();
  const whole = new hb.Face(new hb.Blob(readFileSync(file)), 0).collectUnicodes().length;
  const copied = ms(start);
  let count = 0;
  for (let cp = 0; cp <= 0x10ffff; cp++) if (has(cp)) count++;
  console.log(`${file.split('/').pop()}: cmap+maxp ${tables} ms, whole font ${copied} ms; ${count} characters (whole font: ${whole})`);
}
console.log(`rss ${process.memoryUsage().rss >> 20} MB`);
