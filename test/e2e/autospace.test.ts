import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { paiban } from '../helpers/cli.ts';
import { readGlyphs, type Glyph } from '../support/glyphs.ts';

const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-autospace-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** Gaps (in em) after the last digit of 2023 and after the C of GDP, in the body line that has them. */
async function gaps(front: string): Promise<{ digit: number; latin: number }> {
  const name = `doc${front ? '-on' : ''}`;
  const doc = path.join(work, name);
  mkdirSync(doc, { recursive: true });
  writeFileSync(path.join(doc, 'index.md'), `---\ntitle: 间距\nauthor: 测试\ndate: 2023-02-01\ncover: false\n${front}---\n\n本办法自2023年2月1日起施行，全年GDP增长。\n`);
  const out = path.join(work, 'out');
  const result = paiban(['build', doc, '--out', out, '--format', 'pdf']);
  assert.equal(result.code, 0, result.stderr);
  const [page] = await readGlyphs(path.join(out, name, `${name}.pdf`));
  const glyphs = page!.glyphs;
  const gapAfter = (pair: string): number => {
    const i = glyphs.findIndex((g, k) => g.ch === pair[0] && glyphs[k + 1]?.ch === pair[1]);
    assert.ok(i >= 0, `no ${pair}`);
    const [a, b] = [glyphs[i]!, glyphs[i + 1]!] as [Glyph, Glyph];
    return (b.x - (a.x + a.w)) / a.size;
  };
  return { digit: gapAfter('3年'), latin: gapAfter('P增') };
}

test('booklet: no space between Han and digits or Latin by default, as official booklets print', async () => {
  const { digit, latin } = await gaps('');
  assert.ok(Math.abs(digit) < 0.02, `3|年 ${digit.toFixed(3)} em`);
  assert.ok(Math.abs(latin) < 0.02, `P|增 ${latin.toFixed(3)} em`);
});

test('booklet with autospace: true: 1/8 em between Han and digits and Latin (CSS Text 4 autospace)', async () => {
  const { digit, latin } = await gaps('autospace: true\n');
  assert.ok(Math.abs(digit - 0.125) < 0.02, `3|年 ${digit.toFixed(3)} em`);
  assert.ok(Math.abs(latin - 0.125) < 0.02, `P|增 ${latin.toFixed(3)} em`);
});
