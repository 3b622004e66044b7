import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { paiban } from '../helpers/cli.ts';
import { linesOf, readGlyphs } from '../support/glyphs.ts';

const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-titles-'));
after(() => rmSync(work, { recursive: true, force: true }));

const TITLE = '关于做好2024年春节期间安全生产工作的通知';
// Its words, segmented by hand: a line may end only after one of them.
const WORDS = ['关于', '做好', '2024', '年', '春节', '期间', '安全', '生产', '工作', '的', '通知'];

function build(layout: string): string {
  const doc = path.join(work, layout);
  mkdirSync(doc, { recursive: true });
  writeFileSync(path.join(doc, 'index.md'), `---\ntitle: ${TITLE}\nauthor: 某区人民政府办公室\ndate: 2024-01-20\nlayout: ${layout}\n---\n\n# 一、提高认识\n\n各单位要高度重视节日期间安全生产工作。\n`);
  const result = paiban(['build', doc, '--out', path.join(work, 'out'), '--format', 'pdf,html']);
  assert.equal(result.code, 0, result.stderr);
  return path.join(work, 'out', layout);
}

const boundaries = new Set(WORDS.map((_, i) => WORDS.slice(0, i + 1).join('')));

// The cover of a booklet sets it at 2.2 em on A4: two lines. (In 公文, at 22 pt over 156 mm, it fits one.)
for (const layout of ['booklet']) {
  test(`${layout}: a two-line title breaks between words, in lines of nearly equal length`, async () => {
    const out = build(layout);
    const [page] = await readGlyphs(path.join(out, `${layout}.pdf`));
    const lines = linesOf(page!.glyphs);
    const size = Math.max(...lines.map((l) => l.size));
    const title = lines.filter((l) => Math.abs(l.size - size) < 0.1).map((l) => l.text.replace(/\s/g, ''));
    assert.equal(title.join(''), TITLE);
    assert.equal(title.length, 2, title.join(' / '));
    assert.ok(boundaries.has(title[0]!), `broken inside a word: ${title.join(' / ')}`);
    // Balanced: digits count half a character.
    const width = (s: string) => [...s].reduce((n, ch) => n + (/\d/.test(ch) ? 0.5 : 1), 0);
    assert.ok(Math.abs(width(title[0]!) - width(title[1]!)) <= 3, title.join(' / '));
  });
}

test('the HTML title may break only between words', () => {
  const html = readFileSync(path.join(work, 'out', 'booklet', 'index.html'), 'utf8');
  assert.match(html, new RegExp(`<h1 class="doc-title">${WORDS.join('<wbr>')}</h1>`));
});
