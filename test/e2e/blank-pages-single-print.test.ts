// A book whose second print inserts blank pages (chapters opening on right
// pages) prints only its front matter and the body's page frames (running
// heads, folios) the second time, and keeps the body of the first print,
// moved. Built that way and with the whole book printed again
// (PAIBAN_REPRINT=full), it must read and look the same to pdf.js and
// poppler, to 0.05 mm.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { paiban, sampleDir } from '../helpers/cli.ts';
import { pdfPageLines, pdfWordBoxes, squash } from '../helpers/pdf.ts';
import { buildBooks, readBook, type BuiltBook } from '../helpers/book-reading.ts';
import { overhangingProject } from '../helpers/overhang.ts';

const FRAMED = /print: front matter and page frames composed with the body of pass 1/;
const FRAMES_PRINTED = /render pdf: pass 2, front matter and page frames only/;
const TITLE = '空白页测试书';
const NUMBERS = ['一', '二', '三', '四', '五', '六', '七'];
const CHAPTERS = NUMBERS.map((n) => `${n}、第${n}章`);
/** Paragraphs per chapter: chapters of odd and even page counts, one of a single page. */
const PARAGRAPHS = [3, 8, 2, 14, 5, 1, 9];
/** Half a point in PDF units is 0.18 mm: 0.05 mm is what the two ways may differ by. */
const TOLERANCE_PT = (0.05 * 72) / 25.4;

function book(dir: string): string {
  const doc = path.join(dir, 'book');
  mkdirSync(doc, { recursive: true });
  const paragraph = '这是一段用于测试排版的中文正文，内容较长以便占满页面。'.repeat(12);
  const chapters = CHAPTERS.map((title, k) => {
    const text = Array.from({ length: PARAGRAPHS[k]! }, (_, i) => `第${k + 1}章第${i + 1}段。${paragraph}`).join('\n\n');
    // A link into the body and a footnote, on pages that change sides.
    const extra = k === 2 || k === 4 ? `\n\n见[第一章](#一第一章)。脚注在此[^f${k}]。\n\n[^f${k}]: 注释${k}。` : '';
    return `# ${title}\n\n${text}${extra}\n\n## （一）小节${k}\n\n小节内容。`;
  });
  writeFileSync(
    path.join(doc, 'index.md'),
    `---\ntitle: ${TITLE}\nauthor: 某单位\ndate: 2024-03-01\nlayout: booklet\ncover: true\n---\n\n${chapters.join('\n\n')}\n`,
  );
  return doc;
}

interface Link {
  page: number;
  rect: number[];
  /** 0-based page the link goes to (internal links). */
  target: number | undefined;
}

/** Every link annotation with its rect and target page, read by pdf.js. */
async function readLinks(file: string): Promise<Link[]> {
  const pdf = await getDocument({ data: new Uint8Array(readFileSync(file)), verbosity: 0 }).promise;
  try {
    const links: Link[] = [];
    for (let page = 1; page <= pdf.numPages; page++) {
      for (const annot of await (await pdf.getPage(page)).getAnnotations()) {
        if (annot.subtype !== 'Link') continue;
        const dest = typeof annot.dest === 'string' ? await pdf.getDestination(annot.dest) : annot.dest;
        links.push({ page, rect: annot.rect as number[], target: dest ? await pdf.getPageIndex(dest[0] as never) : undefined });
      }
    }
    return links;
  } finally {
    await pdf.destroy();
  }
}

describe('a book that needs blank pages prints its body once', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-blanks-'));
  const doc = book(work);
  let built: Record<'framed' | 'again' | 'full', BuiltBook>;
  before(async () => {
    built = await buildBooks(doc, work, [['framed', {}], ['again', {}], ['full', { PAIBAN_REPRINT: 'full' }]]);
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  test('the second print was of the front matter and page frames only; PAIBAN_REPRINT=full printed the whole book twice', () => {
    assert.match(built.framed.stderr, FRAMES_PRINTED);
    assert.match(built.framed.stderr, FRAMED);
    assert.doesNotMatch(built.framed.stderr, /render pdf: pass [2-9]$/m);
    assert.doesNotMatch(built.full.stderr, FRAMES_PRINTED);
    assert.match(built.full.stderr, /render pdf: pass 2$/m);
  });

  test('same pages, text, page labels, outline and structure-order text as the whole reprint, with blank pages', () => {
    const framed = built.framed.reading;
    const full = built.full.reading;
    assert.equal(framed.pages.length, full.pages.length);
    assert.deepEqual(framed.pages, full.pages);
    assert.deepEqual(framed.labels, full.labels);
    assert.deepEqual(framed.outline, full.outline);
    assert.equal(framed.structureText, full.structureText);
    assert.ok(framed.structureText.includes('七、第七章'));
    assert.ok(framed.pages.filter((page) => page === '').length >= 3, 'blank pages were inserted');
  });

  test('every chapter opens on a right page; the contents numbers are those pages\' labels; the colophon counts the pages', () => {
    const { pages, labels } = built.framed.reading;
    const contents = pages.findIndex((page) => page.startsWith('目录'));
    assert.ok(contents > 0, pages.join('\n'));
    for (const title of CHAPTERS) {
      const at = pages.findIndex((page, i) => i > contents && page.includes(squash(title)));
      assert.ok(at > contents, `${title} in the body`);
      assert.equal(at % 2, 0, `${title} opens on page ${at + 1}, a left page`);
      const entry = new RegExp(`${title}…*(\\d+)`).exec(pages[contents]!);
      assert.equal(entry?.[1], labels[at], title);
    }
    const stated = /印张([\d.]+)/.exec(pages[1]!);
    assert.equal(Number(stated?.[1]), pages.length / 16);
  });

  test('every body page carries its running head (document title on left pages, its chapter\'s on right ones) and its folio', () => {
    const lines = pdfPageLines(built.framed.file);
    const { pages, labels } = built.framed.reading;
    const contents = pages.findIndex((page) => page.startsWith('目录'));
    const opens = CHAPTERS.map((title) => pages.findIndex((page, i) => i > contents && page.includes(squash(title))));
    let checked = 0;
    pages.forEach((page, i) => {
      if (i < opens[0]! || page === '') return;
      const chapter = CHAPTERS[opens.filter((open) => open <= i).length - 1]!;
      const head = i % 2 === 0 ? chapter : TITLE;
      const pageLines = lines[i]!.map(squash).filter(Boolean);
      assert.equal(pageLines[0], squash(head), `page ${i + 1}: ${pageLines.join(' | ')}`);
      assert.equal(pageLines.at(-1), labels[i], `page ${i + 1}'s folio`);
      assert.match(labels[i]!, /^\d+$/);
      checked++;
    });
    assert.ok(checked >= 15, `${checked} body pages`);
  });

  test('every word and every link of every page where the whole reprint puts it, to 0.05 mm (poppler\'s boxes, pdf.js\'s links)', async () => {
    const pages = built.full.reading.pages.length;
    for (let page = 1; page <= pages; page++) {
      const framed = pdfWordBoxes(built.framed.file, page);
      const full = pdfWordBoxes(built.full.file, page);
      assert.deepEqual(framed.map((word) => word.text), full.map((word) => word.text), `page ${page}`);
      framed.forEach((word, i) => {
        const other = full[i]!;
        for (const key of ['xMin', 'yMin', 'xMax', 'yMax'] as const) {
          assert.ok(Math.abs(word[key] - other[key]) <= TOLERANCE_PT, `page ${page}, "${word.text}": ${key} ${word[key]} framed, ${other[key]} reprinted`);
        }
      });
    }
    const [framed, full] = [await readLinks(built.framed.file), await readLinks(built.full.file)];
    assert.ok(framed.some((link) => link.page > 8 && link.target !== undefined), 'links in the body');
    assert.equal(framed.length, full.length);
    framed.forEach((link, i) => {
      assert.equal(link.page, full[i]!.page);
      assert.equal(link.target, full[i]!.target);
      link.rect.forEach((value, n) => assert.ok(Math.abs(value - full[i]!.rect[n]!) <= TOLERANCE_PT, `link ${i + 1} on page ${link.page}: ${link.rect} framed, ${full[i]!.rect} reprinted`));
    });
  });

  test('same bytes when built again', () => {
    assert.ok(built.framed.reading.bytes.equals(built.again.reading.bytes));
  });

  test('paiban check (PDF/UA rules) and qpdf pass on the composed PDF', () => {
    const result = paiban(['check', '--json', built.framed.file]);
    const report = JSON.parse(result.stdout) as Record<string, { findings: unknown[] }>;
    assert.deepEqual(report[built.framed.file]!.findings, []);
    assert.equal(result.code, 0, result.stdout);
    assert.doesNotThrow(() => execFileSync('qpdf', ['--check', built.framed.file], { stdio: 'pipe' }));
  });

  test('each font subset has a tag of its own (ISO 32000-1 §9.6.4), though the frames bring the second print\'s fonts', () => {
    const rows = execFileSync('pdffonts', [built.framed.file], { encoding: 'utf8' }).trim().split('\n').slice(2);
    const names = rows.map((row) => row.trim().split(/\s+/)[0]!);
    assert.ok(names.length > new Set(names.map((name) => name.replace(/^[A-Z]{6}\+/, ''))).size, 'the second print\'s subsets beside the first\'s');
    assert.equal(new Set(names.map((name) => name.split('+')[0])).size, names.length, rows.join('\n'));
  });
});

describe('a book without a cover (its title block on the first body page) that needs blank pages prints its body once too', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-blanks-nocover-'));
  const doc = book(work);
  writeFileSync(path.join(doc, 'index.md'), readFileSync(path.join(doc, 'index.md'), 'utf8').replace('cover: true', 'cover: false'));
  const files: Record<'framed' | 'full', { file: string; stderr: string }> = {} as never;
  before(() => {
    for (const [name, env] of [['framed', {}], ['full', { PAIBAN_REPRINT: 'full' }]] as const) {
      const out = path.join(work, name);
      const result = paiban(['build', doc, '--out', out, '--format', 'pdf', '--force'], { env: { PAIBAN_TRACE: '1', ...env } });
      assert.equal(result.code, 0, result.stderr);
      files[name] = { file: path.join(out, 'book', 'book.pdf'), stderr: result.stderr };
    }
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  test('composed, every word of every page where the whole reprint puts it, the title block once', async () => {
    assert.match(files.framed.stderr, FRAMED);
    const [framed, full] = [await readBook(files.framed.file), await readBook(files.full.file)];
    assert.deepEqual(framed.pages, full.pages);
    assert.deepEqual(framed.labels, full.labels);
    assert.equal(framed.pages[0]!.split(TITLE).length - 1, 1, framed.pages[0]);
    for (let page = 1; page <= full.pages.length; page++) {
      const [a, b] = [pdfWordBoxes(files.framed.file, page), pdfWordBoxes(files.full.file, page)];
      assert.deepEqual(a.map((word) => word.text), b.map((word) => word.text), `page ${page}`);
      a.forEach((word, i) => assert.ok(Math.abs(word.xMin - b[i]!.xMin) <= TOLERANCE_PT && Math.abs(word.yMin - b[i]!.yMin) <= TOLERANCE_PT, `page ${page}, "${word.text}"`));
    }
  });
});

/** Each page's text runs with where they start (pdf.js), blank runs left out. */
async function textRuns(file: string): Promise<{ str: string; x: number; y: number; size: number }[][]> {
  const pdf = await getDocument({ data: new Uint8Array(readFileSync(file)), verbosity: 0 }).promise;
  try {
    const pages = [];
    for (let page = 1; page <= pdf.numPages; page++) {
      const { items } = await (await pdf.getPage(page)).getTextContent();
      pages.push(items.flatMap((item) => ('str' in item && item.str.trim() ? [{ str: item.str, x: item.transform[4] as number, y: item.transform[5] as number, size: item.transform[0] as number }] : [])));
    }
    return pages;
  } finally {
    await pdf.destroy();
  }
}

describe('a book Chromium shrinks (its body a little wider than the page) that needs blank pages has its frames printed at the same scale', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-blanks-shrunk-'));
  // The sample report in three chapters of odd and even lengths, in a project whose house
  // style lets the body overhang (one justified line ends a hair past the type area, so Chromium shrinks the book).
  const [head, body] = readFileSync(path.join(sampleDir, 'index.md'), 'utf8').split('\n---\n') as [string, string];
  const paragraphs = body.trim().split('\n\n');
  const chapters = paragraphs.map((paragraph, i) => ([0, 2, 3].includes(i) ? `# 第${[0, 2, 3].indexOf(i) + 1}部分\n\n${paragraph}` : paragraph));
  const project = path.join(work, 'project');
  const doc = overhangingProject(project, 'report', `${head}\n---\n\n${chapters.join('\n\n')}\n`);
  const files: Record<'framed' | 'full', { file: string; stderr: string }> = {} as never;
  before(() => {
    for (const [name, env] of [['framed', {}], ['full', { PAIBAN_REPRINT: 'full' }]] as const) {
      const out = path.join(work, name);
      const result = paiban(['build', doc, '--out', out, '--format', 'pdf', '--force'], { cwd: project, env: { PAIBAN_TRACE: '1', ...env } });
      assert.equal(result.code, 0, result.stderr);
      files[name] = { file: path.join(out, 'report', 'report.pdf'), stderr: result.stderr };
    }
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  test('composed, every text run of every page where the whole reprint puts it, to 0.05 mm, at the same (shrunk) size', async () => {
    assert.match(files.framed.stderr, FRAMED);
    const [framed, full] = [await textRuns(files.framed.file), await textRuns(files.full.file)];
    assert.equal(framed.length, full.length);
    assert.ok(full.some((page) => page.some((run) => run.size > 10 && run.size < 12 && Math.abs(run.size - 12) < 0.01)), 'the body (12 pt) was shrunk a little');
    framed.forEach((runs, page) => {
      assert.deepEqual(runs.map((run) => run.str), full[page]!.map((run) => run.str), `page ${page + 1}`);
      runs.forEach((run, i) => {
        const other = full[page]![i]!;
        assert.ok(Math.abs(run.x - other.x) <= TOLERANCE_PT && Math.abs(run.y - other.y) <= TOLERANCE_PT && Math.abs(run.size - other.size) < 1e-3, `page ${page + 1}, "${run.str}": ${JSON.stringify(run)} framed, ${JSON.stringify(other)} reprinted`);
      });
    });
  });
});
