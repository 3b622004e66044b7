import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { paiban } from '../helpers/cli.ts';
import { pdfPagesText, squash } from '../helpers/pdf.ts';

const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-chapters-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** A one-page notice in three short numbered parts, as an office writes it. */
function notice(name: string, front: string, dir = work): string {
  const doc = path.join(dir, name);
  mkdirSync(doc, { recursive: true });
  writeFileSync(
    path.join(doc, 'index.md'),
    `---\ntitle: 关于做好安全生产工作的通知\nauthor: 某区人民政府办公室\ndate: 2024-01-20\n${front.includes('cover:') ? '' : 'cover: false\n'}${front}---\n\n` +
      '# 一、提高认识\n\n各单位要高度重视节日期间安全生产工作。\n\n# 二、突出重点\n\n加强重点行业领域隐患排查。\n\n# 三、强化值守\n\n严格执行领导带班和值班制度。\n',
  );
  return doc;
}

function pagesOf(doc: string, cwd?: string, env: NodeJS.ProcessEnv = {}): string[] {
  return pagesOfEach([doc], cwd, env)[0]!;
}

/** The documents built by one `paiban build` (one process, one Chromium), the pages of each. */
function pagesOfEach(docs: string[], cwd?: string, env: NodeJS.ProcessEnv = {}): string[][] {
  const out = path.join(work, 'out');
  const result = paiban(['build', ...docs, '--out', out, '--format', 'pdf', '--force'], { ...(cwd ? { cwd } : {}), env });
  lastStderr = result.stderr;
  assert.equal(result.code, 0, result.stderr);
  return docs.map((doc) => {
    const name = path.basename(doc);
    return pdfPagesText(path.join(out, name, `${name}.pdf`)).map(squash);
  });
}

/** The three values of chapterStart, each a document of one build, built when a test first asks. */
let byValue: Record<'continue' | 'page' | 'right', string[]> | undefined;
function pagesWith(value: 'continue' | 'page' | 'right'): string[] {
  if (!byValue) {
    const [continued, page, right] = pagesOfEach([notice('continue', 'chapterStart: continue\n'), notice('page', 'chapterStart: page\n'), notice('right', '')]);
    byValue = { continue: continued!, page: page!, right: right! };
  }
  return byValue[value];
}

let lastStderr = '';

/** Which page (1-based) each part's heading is on; 0 when missing. */
const headingPages = (pages: string[]) => ['一、提高认识', '二、突出重点', '三、强化值守'].map((h) => pages.findIndex((p) => p.includes(h)) + 1);

test('chapterStart: continue runs the parts on: one page, no blank', () => {
  const pages = pagesWith('continue');
  assert.equal(pages.length, 1);
  assert.deepEqual(headingPages(pages), [1, 1, 1]);
});

test('chapterStart: page opens each part on the next page, with no blank page', () => {
  const pages = pagesWith('page');
  assert.equal(pages.length, 3);
  assert.deepEqual(headingPages(pages), [1, 2, 3]);
});

test('chapterStart: right (the default) opens each part on a right-hand page, blank left pages between', () => {
  const pages = pagesWith('right');
  assert.deepEqual(headingPages(pages), [1, 3, 5]);
  assert.equal(pages.length, 5);
  // The blank pages carry nothing, not even a folio.
  assert.equal(pages[1], '');
  assert.equal(pages[3], '');
});

test('a book with a cover and blank pages prints twice: the colophon states the page count the blank pages make', () => {
  const book = notice('covered', 'cover: true\n');
  const pages = pagesOf(book, undefined, { PAIBAN_TRACE: '1' });
  // Cover, colophon, contents (page 3, naming every part), a blank page (the body opens on a right-hand page), then the parts on pages 5, 7, 9.
  const bodyPages = ['一、提高认识', '二、突出重点', '三、强化值守'].map((h) => pages.findIndex((p, i) => i > 2 && p.includes(h)) + 1);
  assert.deepEqual(bodyPages, [5, 7, 9]);
  assert.equal(pages.length, 9);
  const passes = [...lastStderr.matchAll(/render pdf: pass (\d+)/g)].map((m) => Number(m[1]));
  assert.deepEqual(passes, [1, 2]);
  // 印张 as stated on the colophon (page 2) = pages / 16 (A4).
  const stated = /印张([\d.]+)/.exec(pages[1]!);
  assert.ok(stated, pages[1]);
  assert.equal(Number(stated[1]), pages.length / 16);
});

test('chapterStart from paiban.config.yaml; the front matter wins; a bad value names its line', () => {
  const project = path.join(work, 'project');
  mkdirSync(project, { recursive: true });
  writeFileSync(path.join(project, 'paiban.config.yaml'), 'chapterStart: continue\n');
  const [fromConfig, override] = pagesOfEach([notice('fromconfig', '', project), notice('override', 'chapterStart: page\n', project)], project);
  assert.equal(fromConfig!.length, 1);
  assert.equal(override!.length, 3);
  const bad = paiban(['build', notice('bad', 'chapterStart: recto\n'), '--out', path.join(work, 'out'), '--format', 'pdf']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /^paiban: .*bad\/index\.md:6: .*chapterStart must be one of: right, page, continue/);
});
