import assert from 'node:assert/strict';
import path from 'node:path';
import { before, test } from 'node:test';
import { linesOf } from '../support/glyphs.ts';
import { buildAs, repoRoot, type Built } from '../support/typeset.ts';
import { inProcessBuilds } from '../helpers/in-process.ts';

/** Adjacent punctuation compressed: each pair at most 1.5 em wide (clreq §3.1.6). */
const PAIRS = ['。”', '，“', '）、', '”“'];

const { renderer, tmp } = inProcessBuilds('paiban-pairs-');
const built: Record<string, Built> = {};

before(async () => {
  for (const layout of ['booklet', 'gongwen']) built[layout] = await buildAs(renderer, path.join(repoRoot, 'test/fixtures/pairs'), layout, tmp);
  // The Traditional Chinese edition (lang zh-TW): Chromium's trimming depends on lang.
  built['booklet zh-Hant'] = await buildAs(renderer, path.join(repoRoot, 'test/fixtures/pairs'), 'booklet', tmp, {
    name: 'hant',
    front: 'editions:\n  - id: hant\n    script: zh-Hant\n    variant: tw',
  });
});

/** Width of each occurrence of `pair`: from its first glyph to the glyph after it, in em. */
function pairWidths(doc: Built, pair: string): number[] {
  const widths: number[] = [];
  for (const page of doc.pages) {
    for (const line of linesOf(page.glyphs)) {
      for (let i = 0; i + 2 < line.glyphs.length; i++) {
        const [a, b, c] = [line.glyphs[i]!, line.glyphs[i + 1]!, line.glyphs[i + 2]!];
        if (a.ch + b.ch !== pair) continue;
        widths.push((c.x - a.x) / a.size);
      }
    }
  }
  return widths;
}

for (const layout of ['booklet', 'gongwen']) {
  for (const pair of PAIRS) {
    test(`${layout}: the pair ${pair} takes at most 1.5 em`, (t) => {
      const widths = pairWidths(built[layout]!, pair);
      assert.ok(widths.length >= 1, `found ${pair} ${widths.length} times`);
      for (const w of widths) assert.ok(w <= 1.5 + 0.01, `${pair} is ${w.toFixed(3)} em wide`);
      t.diagnostic(`${pair}: ${widths.map((w) => w.toFixed(3)).join(', ')} em`);
    });
  }
}

test('the zh-Hant edition compresses each pair as the simplified edition does', (t) => {
  assert.match(built['booklet zh-Hant']!.html, /<html lang="zh-TW"/);
  for (const pair of PAIRS) {
    const simplified = pairWidths(built['booklet']!, pair);
    const traditional = pairWidths(built['booklet zh-Hant']!, pair);
    assert.ok(traditional.length >= 1, `found ${pair} in the zh-Hant edition`);
    for (const w of traditional) assert.ok(w <= 1.5 + 0.01, `${pair} is ${w.toFixed(3)} em wide in zh-Hant`);
    assert.ok(Math.abs(Math.max(...traditional) - Math.max(...simplified)) < 0.01, `${pair}: ${traditional[0]!.toFixed(3)} em against ${simplified[0]!.toFixed(3)} em`);
    t.diagnostic(`zh-Hant ${pair}: ${traditional.map((w) => w.toFixed(3)).join(', ')} em`);
  }
});
