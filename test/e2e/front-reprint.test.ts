// A book whose second print inserts no blank page reprints only its front
// matter (cover, colophon, contents) and splices those pages into the first
// print. Built that way and with the whole book printed again
// (PAIBAN_REPRINT=full), it must read the same to pdf.js and poppler.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { paiban, sampleDir } from '../helpers/cli.ts';
import { pdfPagesText, pdfWordBoxes, squash } from '../helpers/pdf.ts';
import { buildBooks, type BuiltBook } from '../helpers/book-reading.ts';
import { overhangingProject, shrunkFrom, textRunSizes } from '../helpers/overhang.ts';

const SPLICED = /front matter spliced into pass 1/;
const FRONT_ONLY = /render pdf: pass 2, front matter only/;
const CHAPTERS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'].map((n) => `${n}、第${n}部分`);

/** Twelve chapters, each on a page of its own (no blank pages): contents numbers 1 … 12, one and two digits wide. */
function book(dir: string): string {
  const doc = path.join(dir, 'book');
  mkdirSync(doc, { recursive: true });
  const chapters = CHAPTERS.map((title, i) => `# ${title}\n\n本部分说明第${i + 1}项工作[^n${i}]。\n\n## （一）第${i + 1}项要点\n\n要点内容。\n\n[^n${i}]: 注释${i + 1}。`);
  writeFileSync(
    path.join(doc, 'index.md'),
    `---\ntitle: 十二个部分的工作报告\nauthor: 某单位\ndate: 2024-03-01\nlayout: booklet\nchapterStart: page\n---\n\n${chapters.join('\n\n')}\n`,
  );
  return doc;
}

describe('a book that needs no blank page reprints only its front matter', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-front-'));
  const doc = book(work);
  let built: Record<'spliced' | 'again' | 'full', BuiltBook>;
  before(async () => {
    built = await buildBooks(doc, work, [['spliced', {}], ['again', {}], ['full', { PAIBAN_REPRINT: 'full' }]]);
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  test('the second print was of the front matter only, spliced in; PAIBAN_REPRINT=full printed the whole book twice', () => {
    assert.match(built.spliced.stderr, FRONT_ONLY);
    assert.match(built.spliced.stderr, SPLICED);
    assert.doesNotMatch(built.spliced.stderr, /render pdf: pass 2$/m);
    assert.doesNotMatch(built.full.stderr, FRONT_ONLY);
    assert.match(built.full.stderr, /render pdf: pass 2$/m);
  });

  test('same pages, text, page labels, outline and structure-order text as the whole reprint', () => {
    const spliced = built.spliced.reading;
    const full = built.full.reading;
    assert.equal(spliced.pages.length, full.pages.length);
    assert.deepEqual(spliced.pages, full.pages);
    assert.deepEqual(spliced.labels, full.labels);
    assert.deepEqual(spliced.outline, full.outline);
    assert.equal(spliced.structureText, full.structureText);
    assert.ok(spliced.structureText.includes('十二、第十二部分'));
  });

  test('the contents numbers are the page labels of the pages the chapters open on, no blank page', () => {
    const { pages, labels } = built.spliced.reading;
    assert.ok(!pages.includes(''), 'no blank page');
    const contents = pages[2] ?? '';
    assert.match(contents, /^目录/, pages.join('\n'));
    CHAPTERS.forEach((title) => {
      // The first page after the contents naming the chapter is the one it opens on (later ones carry it as running head).
      const at = pages.findIndex((page, i) => i > 2 && page.includes(squash(title)));
      assert.ok(at > 2, `${title} in the body`);
      // The entry: the title, its leader dots, the number (then the next entry's title).
      const entry = new RegExp(`${title}…*(\\d+)`).exec(contents);
      assert.ok(entry, `${title} in ${contents}`);
      assert.equal(entry[1], labels[at], title);
    });
    // The colophon's 印张: pages ÷ 16 (A4).
    const stated = /印张([\d.]+)/.exec(pages[1]!);
    assert.equal(Number(stated?.[1]), pages.length / 16);
  });

  test('same bytes when built again', () => {
    assert.ok(built.spliced.reading.bytes.equals(built.again.reading.bytes));
  });

  test('paiban check (PDF/UA rules) and qpdf pass on the spliced PDF', () => {
    const result = paiban(['check', '--json', built.spliced.file]);
    const report = JSON.parse(result.stdout) as Record<string, { findings: unknown[] }>;
    assert.deepEqual(report[built.spliced.file]!.findings, []);
    assert.equal(result.code, 0, result.stdout);
    // qpdf exits 0 on a clean file (2 on errors, 3 on warnings).
    assert.doesNotThrow(() => execFileSync('qpdf', ['--check', built.spliced.file], { stdio: 'pipe' }));
  });

  test('each font subset has a tag of its own (ISO 32000-1 §9.6.4), though the front pages bring the reprint\'s fonts', () => {
    // pdffonts: name, type, encoding, emb, sub, uni, object number, generation.
    const rows = execFileSync('pdffonts', [built.spliced.file], { encoding: 'utf8' }).trim().split('\n').slice(2);
    const fonts = rows.map((row) => row.trim().split(/\s+/)).map((cells) => ({ name: cells[0]!, object: cells.at(-2)! }));
    const reprinted = fonts.length - new Set(fonts.map((font) => font.name.replace(/^[A-Z]{6}\+/, ''))).size;
    assert.ok(reprinted > 0, 'the spliced book should hold the reprint\'s subsets beside the first print\'s');
    const tags = fonts.map((font) => font.name.split('+')[0]);
    assert.equal(new Set(tags).size, fonts.length, rows.join('\n'));
  });
});

describe('a book Chromium shrinks (its body a little wider than the page) has its front matter reprinted at the same scale', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-front-shrunk-'));
  // The sample report in a project whose house style lets the body overhang: one of its justified lines ends a hair past the type area.
  const doc = overhangingProject(path.join(work, 'project'), 'report', readFileSync(path.join(sampleDir, 'index.md'), 'utf8'));
  const files: Record<'spliced' | 'full' | 'own', { file: string; stderr: string }> = {} as never;
  before(() => {
    for (const [name, env] of [['spliced', {}], ['full', { PAIBAN_REPRINT: 'full' }]] as const) {
      const out = path.join(work, name);
      const result = paiban(['build', doc, '--out', out, '--format', 'pdf', '--force'], { cwd: path.join(work, 'project'), env: { PAIBAN_TRACE: '1', ...env } });
      assert.equal(result.code, 0, result.stderr);
      files[name] = { file: path.join(out, 'report', 'report.pdf'), stderr: result.stderr };
    }
    // The same report with paiban's own styles.
    const own = paiban(['build', sampleDir, '--out', path.join(work, 'own'), '--format', 'pdf', '--force'], { env: { PAIBAN_TRACE: '1' } });
    assert.equal(own.code, 0, own.stderr);
    files.own = { file: path.join(work, 'own', path.basename(sampleDir), `${path.basename(sampleDir)}.pdf`), stderr: own.stderr };
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  test('spliced, every word of every page where the whole reprint puts it (poppler\'s boxes)', async () => {
    assert.ok(shrunkFrom(await textRunSizes(files.full.file), 12), 'Chromium shrank the book (its 12 pt body a hair smaller)');
    assert.match(files.spliced.stderr, SPLICED);
    const pages = pdfPagesText(files.full.file).length;
    assert.equal(pdfPagesText(files.spliced.file).length, pages);
    for (let page = 1; page <= pages; page++) assert.deepEqual(pdfWordBoxes(files.spliced.file, page), pdfWordBoxes(files.full.file, page), `page ${page}`);
  });

  test('with paiban\'s own styles the same report is not shrunk: its body prints at 12 pt exactly, and its front matter is spliced', async () => {
    const sizes = await textRunSizes(files.own.file);
    assert.ok(sizes.some((size) => Math.abs(size - 12) < 1e-6), 'a 12 pt run');
    assert.ok(!shrunkFrom(sizes, 12), `no run a hair under 12 pt: ${sizes.filter((size) => size > 11.99 && size < 12).slice(0, 3).join(', ')}`);
    assert.match(files.own.stderr, SPLICED);
  });
});
