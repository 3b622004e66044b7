// Issue 17: other people's Markdown builds with nothing lost and nothing
// silently changed. The fixture is a Hugo page with English italics, code
// and English spans holding ASCII punctuation, and a verbatim block.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { paiban, repoRoot } from '../helpers/cli.ts';
import { pdfPagesText } from '../helpers/pdf.ts';

const FIXTURE = path.join(repoRoot, 'test', 'fixtures', 'real-documents', 'hugo');
const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-author-text-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** The HTML body, without the line-breaking markup the pipeline adds. */
function mainHtml(file: string): string {
  const html = readFileSync(file, 'utf8');
  const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
  return main.replace(/<wbr>/g, '').replace(/<span class="keep">([^<]*(?:<em>[^<]*<\/em>[^<]*)?)<\/span>/g, '$1');
}

/** Build a copy of the fixture (front matter edited by `front`) to html and pdf. */
function build(name: string, front: (yaml: string) => string = (yaml) => yaml): { code: number | null; stderr: string; html: string; pdfText: string; css: string } {
  const doc = path.join(work, name);
  cpSync(FIXTURE, doc, { recursive: true });
  const source = readFileSync(path.join(doc, 'index.md'), 'utf8');
  const end = source.indexOf('\n---\n', 4);
  writeFileSync(path.join(doc, 'index.md'), `${front(source.slice(0, end + 1))}${source.slice(end + 1)}`);
  const out = path.join(work, 'out');
  const result = paiban(['build', doc, '--out', out, '--format', 'html,pdf']);
  assert.equal(result.code, 0, result.stderr);
  return {
    code: result.code,
    stderr: result.stderr,
    html: mainHtml(path.join(out, name, 'index.html')),
    pdfText: pdfPagesText(path.join(out, name, `${name}.pdf`)).join('\f'),
    css: readFileSync(path.join(out, name, 'assets', 'cjk.css'), 'utf8'),
  };
}

describe('a Hugo page with English italics, code and English spans', () => {
  let built: ReturnType<typeof build>;
  before(() => {
    built = build('hugo');
  });

  test('builds, noting the Hugo fields it does not use', () => {
    assert.match(built.stderr, /index\.md: front matter fields of other tools left unused: tags, draft, description, weight, slug\n/);
  });

  test('*…* over English is an italic <em>, over Chinese a dotted one; a mixed run is split', () => {
    assert.ok(built.html.includes('<em class="latin">International Conference on Typesetting</em>'), built.html);
    assert.ok(built.html.includes('<em>重要文件</em>'), built.html);
    assert.ok(built.html.includes('<em>读 </em><em class="latin">Nature </em><em>杂志</em>'), built.html);
    // The stylesheet the HTML uses: italic and no 着重号 for em.latin, dots for em.
    assert.match(built.css, /em\.latin \{\s*font-style: italic;\s*text-emphasis: none;\s*\}/);
    assert.match(built.css, /em, i, \.emphasis-dots \{\s*font-style: normal;\s*text-emphasis: filled dot;/);
    // The PDF draws one dot under each of 重要文件, 读, 杂志 (7), none under the English.
    assert.equal([...built.pdfText].filter((c) => c === '•').length, 7, built.pdfText);
  });

  test('code, code blocks, English spans and the verbatim block keep ASCII punctuation, in HTML and PDF text', () => {
    for (const kept of ['a,b!c?', 'print("嗨,世界!好?")', 'Wang,Li (2020)', 'Wang Li (王力), Beijing.', '错误示例:嗨! 你知道嘛?']) {
      const html = kept.replace(/"/g, '&#x22;');
      assert.ok(built.html.includes(kept) || built.html.includes(html), `HTML lost ${kept}: ${built.html}`);
      assert.ok(built.pdfText.includes(kept), `PDF text lost ${kept}: ${built.pdfText}`);
    }
  });

  test('Chinese text is still normalised, and the build says how many marks it set', () => {
    for (const text of ['Typesetting，阅读了', '混排：', '这一年，我们稳中求进！']) {
      assert.ok(built.html.replace(/<[^>]+>/g, '').includes(text), `HTML: ${text}`);
      assert.ok(built.pdfText.replace(/\s+/g, '').includes(text.replace(/\s+/g, '')), `PDF: ${text}`);
    }
    // , after Typesetting; : after 混排; , and ! in the last paragraph.
    assert.match(built.stderr, /index\.md: 4 half-width marks set full-width; paiban lint --fix writes them to the source/);
  });

  test('paiban check passes both outputs: structure text without the dots, English tagged /Lang en, valid HTML', () => {
    const out = path.join(work, 'out', 'hugo');
    const result = paiban(['check', path.join(out, 'hugo.pdf'), path.join(out, 'index.html')]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /pass {2}text +structure-order text contains the document's text, unchanged/);
    assert.match(result.stdout, /pass {2}11-001 /);
  });

  test('punctuation: false leaves every mark as typed, and notes nothing about marks', () => {
    const plain = build('plain', (yaml) => `${yaml}punctuation: false\n`);
    for (const text of ['Typesetting,阅读了', '混排:', '这一年,我们稳中求进!']) {
      assert.ok(plain.html.replace(/<[^>]+>/g, '').includes(text), `HTML: ${text}`);
      assert.ok(plain.pdfText.replace(/\s+/g, '').includes(text), `PDF: ${text}`);
    }
    assert.doesNotMatch(plain.stderr, /half-width/);
  });
});

/** Build one line of mixed Han, digits and Latin; the lines of its PDF text and its HTML text. */
function buildSpacing(name: string, line: string, front: string): { pdfLines: string[]; html: string } {
  const doc = path.join(work, name);
  mkdirSync(doc);
  writeFileSync(path.join(doc, 'index.md'), `---\ntitle: 间距\nauthor: 测试\ndate: 2023-02-01\ncover: false\n${front}---\n\n${line}\n`);
  const out = path.join(work, 'out');
  const result = paiban(['build', doc, '--out', out, '--format', 'html,pdf']);
  assert.equal(result.code, 0, result.stderr);
  const pdfLines = pdfPagesText(path.join(out, name, `${name}.pdf`)).join('\n').split('\n').map((l) => l.trim());
  return { pdfLines, html: mainHtml(path.join(out, name, 'index.html')).replace(/<[^>]+>/g, '') };
}

const MIXED = '本办法自2023年2月1日起施行，全年GDP增长。';

test('Han–Latin text copies out as typed: PDF and HTML text are the source text (no inserted spaces)', () => {
  const { pdfLines, html } = buildSpacing('space', MIXED, '');
  assert.ok(pdfLines.includes(MIXED), `no line equal to the source in: ${JSON.stringify(pdfLines)}`);
  assert.ok(html.includes(MIXED), html);
  assert.doesNotMatch(html, /[\u2009\u200a\u202f]/);
});

// Found while writing this test, not fixed: with autospace Chromium draws the
// Han–Latin gap as a 1/8 em move in the text (no character), and poppler's
// text extraction starts a new word at any gap wider than 0.1 em of the font
// size (minWordBreakSpace in TextOutputDev.cc), so pdftotext (and viewers'
// copy) puts a U+0020 at every Han–Latin boundary. The amount is Chromium's
// (text-autospace has no width setting); a fix would wrap each gap in marked
// content with /ActualText in the finish stage, which no stage does yet.
test('with autospace: true, PDF text is still the source text', { todo: 'pdftotext reads the 1/8 em autospace gaps as spaces' }, () => {
  const { pdfLines, html } = buildSpacing('space-on', MIXED, 'autospace: true\n');
  assert.ok(html.includes(MIXED), html);
  assert.ok(pdfLines.includes(MIXED), `no line equal to the source in: ${JSON.stringify(pdfLines)}`);
});

describe('every problem of a source in one run', () => {
  const png = readFileSync(path.join(repoRoot, 'test', 'fixtures', 'gongwen', 'grid', 'images', 'chart.png'));

  /** Build a document holding `chart.png`; stderr split in lines, after the exit code was checked non-zero. */
  function failingBuild(name: string, markdown: string): string[] {
    const doc = path.join(work, name);
    mkdirSync(doc);
    writeFileSync(path.join(doc, 'chart.png'), png);
    writeFileSync(path.join(doc, 'index.md'), markdown);
    const out = path.join(work, `out-${name}`);
    const result = paiban(['build', doc, '--out', out, '--format', 'html']);
    assert.equal(result.code, 1, result.stderr);
    assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
    assert.throws(() => readFileSync(path.join(out, name, 'index.html')), 'nothing written');
    return result.stderr.trimEnd().split('\n');
  }

  test('three images without alt text and two missing images: five lines, by line', () => {
    const lines = failingBuild('five', [
      '---', 'title: 图', 'author: 某人', 'date: 2024-01-01', '---', '', // lines 1-6
      '![](chart.png)', '', // 7
      '![图一](missing-1.png)', '', // 9
      '正文。![](chart.png)', '', // 11
      '![](chart.png)', '', // 13
      '![图二](missing-2.png)', // 15
    ].join('\n'));
    const file = path.join(work, 'five', 'index.md');
    const noAlt = (line: number) => `paiban: ${file}:${line}: image "chart.png" has no alt text: describe it (![海曙区位图](…)), or mark it decorative (![](chart.png "decorative"))`;
    assert.deepEqual(lines, [
      noAlt(7),
      `paiban: ${file}:9: image "missing-1.png" not found (looked for ${path.join(work, 'five', 'missing-1.png')})`,
      noAlt(11),
      noAlt(13),
      `paiban: ${file}:15: image "missing-2.png" not found (looked for ${path.join(work, 'five', 'missing-2.png')})`,
    ]);
  });

  test('a misspelt field, an absolute image path and a bad date together', () => {
    const lines = failingBuild('mixed', ['---', 'title: 图', 'auther: 某人', 'date: 2024/01/01', '---', '', '![图](/srv/chart.png)', ''].join('\n'));
    const file = path.join(work, 'mixed', 'index.md');
    assert.deepEqual(lines, [
      `paiban: ${file}:3: unknown front matter field "auther" (did you mean "author"?)`,
      `paiban: ${file}:4: front matter field "date": date must be an ISO date, e.g. 2023-02-01`,
      `paiban: ${file}:7: image "/srv/chart.png" is an absolute path; use a path relative to the document folder`,
    ]);
  });
});
