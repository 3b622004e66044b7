import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { paiban, type CliResult } from '../helpers/cli.ts';
import { linesAbout, wroteLine } from '../helpers/batch.ts';
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

/**
 * Every document of this file in one build (one process, one Chromium, traced
 * for the count of print passes), made when a test first asks: the three values
 * of chapterStart, the book with a cover, the project's two documents
 * (paiban.config.yaml found from their folder) and the bad value (its build
 * fails alone). Each test reads its own document's outcome.
 */
let batch: CliResult | undefined;
const project = path.join(work, 'project');
const docs = {
  continue: notice('continue', 'chapterStart: continue\n'),
  page: notice('page', 'chapterStart: page\n'),
  right: notice('right', ''),
  covered: notice('covered', 'cover: true\n'),
  fromconfig: notice('fromconfig', '', project),
  override: notice('override', 'chapterStart: page\n', project),
  bad: notice('bad', 'chapterStart: recto\n'),
};
writeFileSync(path.join(project, 'paiban.config.yaml'), 'chapterStart: continue\n');
const out = path.join(work, 'out');
function built(): CliResult {
  batch ??= paiban(['build', ...Object.values(docs), '--out', out, '--format', 'pdf', '--force'], { env: { PAIBAN_TRACE: '1' } });
  return batch;
}

/** The pages of a document of the build, which printed it without a word on stderr (trace lines aside). */
function pagesOf(name: keyof typeof docs): string[] {
  const { stdout, stderr } = built();
  assert.ok(wroteLine(stdout, docs[name]), `${name} built\n${stdout}\n${stderr}`);
  assert.deepEqual(linesAbout(stderr, docs[name]).filter((line) => !line.startsWith('paiban: trace ')), []);
  return pdfPagesText(path.join(out, name, `${name}.pdf`)).map(squash);
}

const pagesWith = (value: 'continue' | 'page' | 'right'): string[] => pagesOf(value);

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
  const pages = pagesOf('covered');
  // Cover, colophon, contents (page 3, naming every part), a blank page (the body opens on a right-hand page), then the parts on pages 5, 7, 9.
  const bodyPages = ['一、提高认识', '二、突出重点', '三、强化值守'].map((h) => pages.findIndex((p, i) => i > 2 && p.includes(h)) + 1);
  assert.deepEqual(bodyPages, [5, 7, 9]);
  assert.equal(pages.length, 9);
  const passes = [...built().stderr.matchAll(/ covered: render pdf: pass (\d+)/g)].map((m) => Number(m[1]));
  assert.deepEqual(passes, [1, 2]);
  // 印张 as stated on the colophon (page 2) = pages / 16 (A4).
  const stated = /印张([\d.]+)/.exec(pages[1]!);
  assert.ok(stated, pages[1]);
  assert.equal(Number(stated[1]), pages.length / 16);
});

test('chapterStart from paiban.config.yaml; the front matter wins; a bad value names its line', () => {
  const fromConfig = pagesOf('fromconfig');
  const override = pagesOf('override');
  assert.equal(fromConfig.length, 1);
  assert.equal(override.length, 3);
  const bad = built();
  assert.equal(bad.code, 1);
  // One line about it (beside the trace lines), naming the file and line.
  const lines = bad.stderr.split('\n').filter((line) => line && !line.startsWith('paiban: trace '));
  assert.equal(lines.length, 1, bad.stderr);
  assert.match(lines[0]!, /^paiban: .*bad\/index\.md:6: .*chapterStart must be one of: right, page, continue/);
});
