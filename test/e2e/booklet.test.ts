import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PDFDocument } from 'pdf-lib';
import { paiban, type CliResult } from '../helpers/cli.ts';
import { linesAbout, wroteLine } from '../helpers/batch.ts';
import { writeBookDocument } from '../helpers/documents.ts';
import { untaggedContent } from '../helpers/marked-content.ts';
import { FOLIO, pdfPageLines } from '../helpers/pdf.ts';

const TITLE = '海曙区政府工作报告汇编';
const MM = 72 / 25.4;

interface Entry {
  text: string;
  page: number;
}

/** TOC entries as printed: `text ……… number` lines on the pages titled 目录. */
function readToc(pages: string[][]): Entry[] {
  const entries: Entry[] = [];
  for (const lines of pages.filter((l) => l[0]?.replace(/\s/g, '') === '目录')) {
    for (const line of lines.slice(1, -1)) {
      // A leader of at least a few spaced ellipses (……), as Chinese books print it.
      const match = /^(.*?)\s*…{4,}\s*(\d+)$/.exec(line);
      assert.ok(match, `TOC line with a leader and a page number: ${line}`);
      entries.push({ text: match[1]!, page: Number(match[2]) });
    }
  }
  return entries;
}

/** The left edge (pt) of each word pdftotext finds on a page, by its text. */
function wordLeftEdges(file: string, page: number): Map<string, number> {
  const html = execFileSync('pdftotext', ['-bbox', '-f', String(page), '-l', String(page), file, '-'], { encoding: 'utf8' });
  const edges = new Map<string, number>();
  for (const match of html.matchAll(/<word xMin="([\d.]+)"[^>]*>([^<]*)<\/word>/g)) {
    if (!edges.has(match[2]!)) edges.set(match[2]!, Number(match[1]));
  }
  return edges;
}

const TRIMS = [['16开', 185, 260], ['大32开', 140, 203], ['170x240', 170, 240]] as const;

/**
 * Every book of this file in one build (one process, one Chromium), made when
 * a test first asks: the 40-page book, one book per trim size, and the book
 * with an unknown trim (its build fails alone; the others are read from their
 * own `[k/N] doc: wrote` lines).
 */
const books = (() => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-booklet-'));
  after(() => rmSync(work, { recursive: true, force: true }));
  const out = path.join(work, 'out');
  const book = path.join(work, 'book');
  const trimmed = TRIMS.map(([, width]) => path.join(work, `trim-${width}`));
  const badTrim = path.join(work, 'bad-trim');
  let result: CliResult | undefined;
  const build = (): CliResult => {
    if (!result) {
      writeBookDocument(book, { chapters: 3, repeat: 2, front: 'printer: 宁波市海曙区印刷厂\n' });
      TRIMS.forEach(([trim], i) => writeBookDocument(trimmed[i]!, { chapters: 1, repeat: 1, front: `trim: ${trim}\n` }));
      writeBookDocument(badTrim, { chapters: 1, repeat: 1, front: 'trim: B99\n' });
      result = paiban(['build', book, ...trimmed, badTrim, '--out', out, '--format', 'pdf,print']);
    }
    return result;
  };
  /** The output folder of a book that built (the print PDFs' preflight warnings about RGB aside). */
  const built = (doc: string): string => {
    const { stdout, stderr } = build();
    assert.ok(wroteLine(stdout, doc), `${path.basename(doc)} built\n${stdout}\n${stderr}`);
    return path.join(out, path.basename(doc));
  };
  return { book, trimmed, badTrim, out, build, built };
})();

describe('booklet: a three-chapter book of 40+ pages', () => {
  let pdfFile = '';
  let printFile = '';
  let pages: string[][];

  before(() => {
    const out = books.built(books.book);
    pdfFile = path.join(out, 'book.pdf');
    printFile = path.join(out, 'book.print.pdf');
    pages = pdfPageLines(pdfFile);
  });

  test('has at least 40 pages, a cover and a colophon', () => {
    assert.ok(pages.length >= 40, `${pages.length} pages`);
    assert.equal(pages[0]![0], TITLE);
    assert.ok(pages[1]!.includes('印刷   宁波市海曙区印刷厂') || pages[1]!.some((l) => /^印刷\s+宁波市海曙区印刷厂$/.test(l)));
  });

  test('each TOC entry names the folio printed on the page where its heading stands', () => {
    const toc = readToc(pages);
    assert.equal(toc.length, 12, 'three chapters with three sections each');
    let from = 0;
    for (const entry of toc) {
      // The heading itself, not a running head (the first line of a body page).
      const index = pages.findIndex((lines, i) => i >= from && lines.slice(1).includes(entry.text));
      assert.ok(index >= 0, `heading ${entry.text} found after page ${from + 1}`);
      assert.equal(pages[index]!.at(-1), String(entry.page), `${entry.text}: TOC says ${entry.page}, page ${index + 1} prints ${pages[index]!.at(-1)}`);
      from = index;
    }
  });

  test('contents levels are told apart: sections indented 2 em under their chapter', () => {
    const tocPage = pages.findIndex((l) => l[0]?.replace(/\s/g, '') === '目录') + 1;
    const edges = wordLeftEdges(pdfFile, tocPage);
    const entries = readToc(pages);
    const chapter = entries.find((e) => /^[一二三四五六七八九十]+、/.test(e.text))!;
    const section = entries.find((e) => /^（[一二三四五六七八九十]+）/.test(e.text))!;
    assert.ok(chapter && section, 'a chapter and a section entry');
    const left = (text: string): number => {
      const word = [...edges.keys()].find((w) => text.startsWith(w) || w.startsWith(text.slice(0, 3)));
      assert.ok(word, `${text} on the contents page`);
      return edges.get(word)!;
    };
    // Body size 10.5 pt (五号) … 12 pt: 2 em is 21–24 pt; at least 18 pt apart.
    assert.ok(left(section.text) - left(chapter.text) >= 18, `section at ${left(section.text)} pt, chapter at ${left(chapter.text)} pt`);
  });

  test('front matter in roman numerals, body from 1, blank pages unnumbered', () => {
    const folios = pages.map((lines) => (lines.length && FOLIO.test(lines.at(-1)!) ? lines.at(-1)! : ''));
    assert.equal(folios[2], 'i', 'contents page');
    const first = folios.indexOf('1');
    assert.ok(first > 2 && first % 2 === 0, `folio 1 on a right-hand page (page ${first + 1})`);
    for (let i = first; i < pages.length; i++) {
      if (pages[i]!.length === 0) continue; // a blank page
      assert.equal(folios[i], String(i - first + 1), `page ${i + 1}`);
    }
  });

  test('every chapter opens on an odd page; right-hand running heads name the chapter', () => {
    const chapters = ['一、过去一年工作回顾', '二、今年工作总体要求', '三、重点工作安排'];
    let current: string | undefined;
    let opened = 0;
    pages.forEach((lines, i) => {
      const heading = chapters.find((c) => lines.slice(1).includes(c));
      if (heading) {
        assert.equal((i + 1) % 2, 1, `${heading} opens on page ${i + 1}`);
        current = heading;
        opened++;
      }
      if (!current || lines.length === 0) return;
      const expected = (i + 1) % 2 === 1 ? current : TITLE;
      assert.equal(lines[0], expected, `running head of page ${i + 1}`);
    });
    assert.equal(opened, 3);
  });

  test('the accessible PDF passes paiban check', () => {
    const check = paiban(['check', pdfFile]);
    assert.equal(check.code, 0, check.stdout);
  });

  test('01-005, read by pdf.js and qpdf: all text, paths and images are tagged content or artifacts', async () => {
    // Each showing or painting operator lies in /Artifact marked content, or in
    // marked content whose MCID the ParentTree maps to a structure element that owns it.
    assert.deepEqual(await untaggedContent(pdfFile, { paint: true }), []);
  });

  test('print PDF: exact TrimBox, 3 mm bleed, crop marks room, same pages', async () => {
    const print = await PDFDocument.load(readFileSync(printFile));
    assert.equal(print.getPageCount(), pages.length);
    for (const page of print.getPages()) {
      const trim = page.getTrimBox();
      const bleed = page.getBleedBox();
      const media = page.getMediaBox();
      assert.ok(Math.abs(trim.width / MM - 210) < 0.01 && Math.abs(trim.height / MM - 297) < 0.01, `trim ${trim.width / MM} × ${trim.height / MM} mm`);
      for (const [outer, inner] of [[bleed.x, trim.x], [bleed.y, trim.y]] as const) assert.ok(Math.abs((inner - outer) / MM - 3) < 0.01);
      assert.ok(Math.abs((bleed.width - trim.width) / MM - 6) < 0.01 && Math.abs((bleed.height - trim.height) / MM - 6) < 0.01);
      assert.ok(media.x <= bleed.x - 6 * MM && media.y <= bleed.y - 6 * MM, 'room for marks beyond the bleed');
      assert.ok(media.x + media.width >= bleed.x + bleed.width + 6 * MM && media.y + media.height >= bleed.y + bleed.height + 6 * MM);
    }
  });
});

describe('booklet trim sizes', () => {
  TRIMS.forEach(([trim, width, height], i) => {
    test(`${trim}: PDF pages and print TrimBox are ${width} × ${height} mm`, async () => {
      const out = books.built(books.trimmed[i]!);
      const name = `trim-${width}`;
      const pdf = await PDFDocument.load(readFileSync(path.join(out, `${name}.pdf`)));
      const print = await PDFDocument.load(readFileSync(path.join(out, `${name}.print.pdf`)));
      // Chromium's page grid is 0.24 pt, the trim is not on it: both PDFs come from one
      // render with the bleed, the reader's cropped to exactly the press PDF's TrimBox.
      assert.equal(pdf.getPageCount(), print.getPageCount());
      pdf.getPages().forEach((page, i) => {
        const media = page.getMediaBox();
        const trimBox = print.getPage(i).getTrimBox();
        assert.ok(Math.abs(media.width / MM - width) < 0.01 && Math.abs(media.height / MM - height) < 0.01, `page ${i + 1}: ${media.width / MM} × ${media.height / MM} mm`);
        for (const key of ['x', 'y', 'width', 'height'] as const) assert.ok(Math.abs(media[key] - trimBox[key]) < 0.001, `page ${i + 1} ${key}`);
      });
    });
  });

  test('an unknown trim size is an error naming the line', () => {
    const result = books.build();
    assert.equal(result.code, 1);
    // One line about it, naming the file and line (the other books' lines are their print PDFs' warnings).
    const lines = linesAbout(result.stderr, books.badTrim);
    assert.equal(lines.length, 1, result.stderr);
    assert.match(lines[0]!, /^paiban: .*bad-trim\/index\.md:5: front matter field "trim": trim must be one of A4/);
    assert.equal(existsSync(path.join(books.out, 'bad-trim')), false, 'nothing written');
  });
});
