/**
 * The elements of GB/T 9704-2012 (§7, §10) measured on the PDFs of the
 * fixtures in test/fixtures/gongwen: glyph positions from the content
 * streams (pdf.js), drawn rules from the content streams, colours from
 * Poppler's rendering of the page. Every expected figure is the standard's.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { PNG } from 'pngjs';
import { buildDocument } from '../../src/pipeline/edition.ts';
import { linesOf, readGlyphs, type Line, type PdfPage } from '../support/glyphs.ts';
import { filledRects, type FilledRect } from '../support/rules.ts';
import { MM, repoRoot } from '../support/typeset.ts';
import { paiban } from '../helpers/cli.ts';
import { inProcessBuilds } from '../helpers/in-process.ts';

/** A4 type area: 37 mm from the top, 156 × 225 mm, 28 mm from the binding edge; 22 lines, 28 characters. */
const TOP = 37;
const WIDTH = 156;
const BOTTOM = TOP + 225;
const PITCH = 225 / 22;
const CELL = WIDTH / 28;
/** Body size: glyphs fill the cell (styles/gongwen.css). */
const BODY = (CELL * MM) - 0.25 / 28;

interface Built {
  pdf: string;
  html: string;
  pages: PdfPage[];
  rects: FilledRect[];
  warnings: string[];
}

const { renderer, tmp } = inProcessBuilds('paiban-gongwen-elements-');
const docs: Record<string, Built> = {};

before(async () => {
  for (const name of ['standard', 'upward', 'letter', 'order', 'minutes', 'grid', 'full-page']) {
    const warnings: string[] = [];
    await buildDocument(path.join(repoRoot, 'test/fixtures/gongwen', name), renderer, {
      outRoot: tmp,
      formats: new Set(['html', 'pdf']),
      timeoutMs: 60_000,
      progress: () => undefined,
      warn: (message) => warnings.push(message),
      force: true,
    });
    const pdf = path.join(tmp, name, `${name}.pdf`);
    docs[name] = { pdf, html: await readFile(path.join(tmp, name, 'index.html'), 'utf8'), pages: await readGlyphs(pdf), rects: await filledRects(pdf), warnings };
  }
});

/** Millimetres from the page's top edge of a PDF y coordinate (points, y up). */
const fromTop = (page: PdfPage, y: number) => (page.height - y) / MM;
/** The top of a line's ideographic em box (0.88 em above the baseline: the fonts' ascent override), mm from the page top. */
const emTop = (page: PdfPage, line: Line) => fromTop(page, line.y + 0.88 * line.size);
const emBottom = (page: PdfPage, line: Line) => fromTop(page, line.y - 0.12 * line.size);
const emCentre = (page: PdfPage, line: Line) => fromTop(page, line.y + 0.38 * line.size);
const left = (page: PdfPage) => (page.number % 2 === 1 ? 28 : 26);
const right = (page: PdfPage) => left(page) + WIDTH;
const x0 = (line: Line) => line.x0 / MM;
const x1 = (line: Line) => line.x1 / MM;
const centre = (line: Line) => (line.x0 + line.x1) / 2 / MM;

function lineWith(page: PdfPage, text: string): Line {
  const line = linesOf(page.glyphs).find((l) => l.text.includes(text));
  assert.ok(line, `page ${page.number}: no line with "${text}" (lines: ${linesOf(page.glyphs).map((l) => l.text).join(' / ')})`);
  return line;
}

function near(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual.toFixed(2)}, expected ${expected.toFixed(2)} ± ${tolerance}`);
}

/** Rules drawn on a page, top to bottom, in mm from the page top. */
function rulesOf(doc: Built, page: number, colour?: 'red' | 'black') {
  return doc.rects
    .filter((r) => r.page === page && r.x1 - r.x0 > 50 * MM && r.y1 - r.y0 < 2 * MM)
    .filter((r) => !colour || (colour === 'red' ? r.rgb[0] > 0.9 && r.rgb[1] < 0.1 && r.rgb[2] < 0.1 : r.rgb.every((c) => c < 0.1)))
    .map((r) => ({ top: (doc.pages[page - 1]!.height - r.y1) / MM, bottom: (doc.pages[page - 1]!.height - r.y0) / MM, x0: r.x0 / MM, x1: r.x1 / MM, rgb: r.rgb }))
    .sort((a, b) => a.top - b.top);
}

/** The RGB pixels of a page as Poppler renders it (100 dpi unless given). */
function renderPage(file: string, page: number, dpi = 100): PNG {
  const out = execFileSync('pdftoppm', ['-r', String(dpi), '-f', String(page), '-l', String(page), '-png', file], { maxBuffer: 64 * 1024 * 1024 });
  return PNG.sync.read(out);
}

/** Horizontal red bands in the lower half of a page rendered at 254 dpi (0.1 mm pixels): top and bottom in mm from the page top, left and right ends. */
function redBandsBelowMiddle(png: PNG): { top: number; bottom: number; x0: number; x1: number }[] {
  const bands: { top: number; bottom: number; x0: number; x1: number }[] = [];
  for (let y = Math.floor(png.height / 2); y < png.height; y++) {
    let x0 = -1;
    let x1 = -1;
    let n = 0;
    for (let x = 0; x < png.width; x++) {
      const i = (y * png.width + x) * 4;
      if (png.data[i]! > 180 && png.data[i + 1]! < 90 && png.data[i + 2]! < 90) {
        n++;
        if (x0 < 0) x0 = x;
        x1 = x + 1;
      }
    }
    if (n < 500) continue;
    const last = bands.at(-1);
    if (last && Math.abs(last.bottom - y / 10) < 0.01) last.bottom = (y + 1) / 10;
    else bands.push({ top: y / 10, bottom: (y + 1) / 10, x0: x0 / 10, x1: x1 / 10 });
  }
  return bands;
}

/** The ink in a box (mm): how many pixels are clearly red, how many dark and neutral (black or grey). */
function inkIn(png: PNG, box: { x0: number; x1: number; top: number; bottom: number }) {
  const px = (mm: number) => Math.round((mm / 25.4) * 100);
  let red = 0;
  let neutral = 0;
  for (let y = px(box.top); y < px(box.bottom); y++) {
    for (let x = px(box.x0); x < px(box.x1); x++) {
      const i = (y * png.width + x) * 4;
      const [r, g, b] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
      if (r > 180 && g < 90 && b < 90) red++;
      else if (r < 160 && Math.max(r, g, b) - Math.min(r, g, b) < 30) neutral++;
    }
  }
  return { red, neutral };
}

describe('通用 (standard): 版头 on page 1', () => {
  const page = () => docs['standard']!.pages[0]!;

  test('份号, 密级, 紧急程度: 3号, flush left on the first three lines of the type area', () => {
    ['000001', '秘密★1年', '特急'].forEach((text, i) => {
      const line = lineWith(page(), text);
      near(x0(line), left(page()), 0.3, `${text} left edge (mm)`);
      near(emCentre(page(), line), TOP + (i + 0.5) * PITCH, 0.5, `${text} centred on grid line ${i + 1} (mm from the top)`);
      near(line.size, 16, 0.3, `${text} size (pt)`);
    });
  });

  test('发文机关标志: its top edge 35 mm below the type area (72 ± 1 mm from the page top), centred', () => {
    const mark = lineWith(page(), '国务院办公厅文件');
    near(emTop(page(), mark), 72, 1, 'mark top (mm from the page top)');
    near(centre(mark), left(page()) + WIDTH / 2, 0.5, 'mark centre (mm)');
    assert.ok(x1(mark) - x0(mark) <= WIDTH + 0.1, 'the mark fits the type area');
  });

  test('发文字号 two lines below the mark, centred; the red rule 4 mm below it, the width of the type area', () => {
    const mark = lineWith(page(), '国务院办公厅文件');
    const number = lineWith(page(), '国办发〔2022〕35号');
    near(centre(number), left(page()) + WIDTH / 2, 0.5, '发文字号 centre (mm)');
    // Two empty lines between the mark and the number's line.
    const gap = emTop(page(), number) - emBottom(page(), mark);
    assert.ok(gap >= 2 * PITCH && gap < 4 * PITCH, `发文字号 ${gap.toFixed(2)} mm below the mark: two blank lines are ${(2 * PITCH).toFixed(2)} mm`);
    const [rule, ...others] = rulesOf(docs['standard']!, 1, 'red');
    assert.ok(rule, 'no red rule on page 1');
    assert.equal(others.length, 0, 'one red rule');
    near(rule.top - emBottom(page(), number), 4, 0.3, 'rule below the 发文字号 (mm)');
    near(rule.x0, left(page()), 0.3, 'rule left end (mm)');
    near(rule.x1 - rule.x0, WIDTH, 0.3, 'rule length (mm)');
  });

  test('title: 2号, two lines below the rule, each line centred, broken between words into a trapezoid', () => {
    const [rule] = rulesOf(docs['standard']!, 1, 'red');
    const lines = linesOf(page().glyphs).filter((l) => Math.abs(l.size - 22) < 0.3);
    assert.deepEqual(lines.map((l) => l.text), ['国务院办公厅关于复制推广', '营商环境创新试点改革举措的通知']);
    for (const line of lines) near(centre(line), left(page()) + WIDTH / 2, 0.5, `"${line.text}" centre (mm)`);
    const gap = emTop(page(), lines[0]!) - rule!.bottom;
    assert.ok(gap >= 2 * PITCH - (PITCH - 22 / MM) / 2 && gap < 3.5 * PITCH, `title ${gap.toFixed(2)} mm below the rule`);
    assert.ok(lines[0]!.glyphs.length <= lines[1]!.glyphs.length, 'upper line no longer than the lower (trapezoid)');
  });

  test('主送机关: one line below the title, at the left edge of the type area, ending with a full-width colon', () => {
    const titleLast = linesOf(page().glyphs).filter((l) => Math.abs(l.size - 22) < 0.3).at(-1)!;
    const to = lineWith(page(), '各省、自治区');
    near(x0(to), left(page()), 0.3, '主送机关 left edge (mm)');
    assert.ok(to.text.endsWith('：'), `主送机关 ends with "${to.text.at(-1)}"`);
    near(emCentre(page(), to) - emCentre(page(), titleLast), 2 * PITCH, 0.5, 'one blank line between title and 主送机关 (mm)');
  });

  test('colours: the mark and the rule red, the body text black', () => {
    const png = renderPage(docs['standard']!.pdf, 1);
    const mark = lineWith(page(), '国务院办公厅文件');
    const markInk = inkIn(png, { x0: x0(mark), x1: x1(mark), top: emTop(page(), mark), bottom: emBottom(page(), mark) });
    assert.ok(markInk.red > 2000 && markInk.neutral < markInk.red / 50, `mark: ${markInk.red} red, ${markInk.neutral} dark pixels`);
    const [rule] = rulesOf(docs['standard']!, 1);
    assert.deepEqual(rule!.rgb, [1, 0, 0], 'the rule is filled in red');
    const body = lineWith(page(), '优化营商环境');
    const bodyInk = inkIn(png, { x0: x0(body), x1: x1(body), top: emTop(page(), body), bottom: emBottom(page(), body) });
    assert.ok(bodyInk.neutral > 1000 && bodyInk.red === 0, `body: ${bodyInk.red} red, ${bodyInk.neutral} dark pixels`);
  });
});

describe('通用 (standard): after the body', () => {
  const pageWith = (text: string) => docs['standard']!.pages.find((p) => linesOf(p.glyphs).some((l) => l.text.includes(text)))!;

  test('附件说明: one line below the body, two characters in, numbered, names aligned', () => {
    const page = pageWith('附件：');
    const first = lineWith(page, '附件：1.');
    near(x0(first), left(page) + 2 * CELL, 0.3, '附件 two characters in (mm)');
    const second = lineWith(page, '2.营商环境创新试点城市名单');
    const one = first.glyphs.find((g) => g.ch === '1')!;
    near(second.x0 / MM, one.x / MM, 0.3, '2. under 1. (mm)');
    // The long first name wraps: its next line starts under its first character.
    const wrapped = linesOf(page.glyphs).find((l) => l.y < first.y && l.y > second.y)!;
    const nameStart = first.glyphs.find((g) => g.ch === '首')!;
    near(wrapped.x0 / MM, nameStart.x / MM, 0.3, 'continuation under the name (mm)');
    assert.ok(!/[。；，]$/.test(second.text), 'no punctuation after a name');
  });

  test('with a seal: 成文日期 four characters in from the right, the signature centred over it, the seal over both', () => {
    const page = pageWith('2022年9月28日');
    const date = lineWith(page, '2022年9月28日');
    const signature = lineWith(page, '国务院办公厅');
    near(right(page) - x1(date), 4 * CELL, 0.5, '成文日期 from the right edge (mm)');
    near(centre(signature), centre(date), 0.5, 'signature centre over the date centre (mm)');
    near(emCentre(page, date) - emCentre(page, signature), PITCH, 0.3, 'date on the line below the signature (mm)');
    assert.match(docs['standard']!.html, /2022年9月28日/, 'the date in the HTML');
  });

  test('附注: on the line below the date, two characters in, in parentheses', () => {
    const page = pageWith('（此件公开发布）');
    const note = lineWith(page, '（此件公开发布）');
    const date = lineWith(page, '2022年9月28日');
    near(x0(note), left(page) + 2 * CELL, 0.3, '附注 two characters in (mm)');
    near(emCentre(page, note) - emCentre(page, date), PITCH, 0.3, '附注 below the date (mm)');
  });

  test('attachments: each on a new page, 附件N in 3号黑体 top left, its title centred on the third line', () => {
    for (const [n, title] of [[1, '首批在全国复制推广'], [2, '营商环境创新试点城市名单']] as const) {
      const page = pageWith(`附件${n}`);
      const heading = lineWith(page, `附件${n}`);
      assert.equal(linesOf(page.glyphs)[0]!.text, `附件${n}`, 'the heading is the first line of its page');
      near(x0(heading), left(page), 0.3, '附件N flush left (mm)');
      near(emCentre(page, heading), TOP + 0.5 * PITCH, 0.5, '附件N on the first line (mm)');
      assert.match(heading.glyphs[0]!.font, /.+/);
      const titleLine = lineWith(page, title);
      near(emCentre(page, titleLine), TOP + 2.5 * PITCH, 0.5, 'attachment title on the third line (mm)');
      near(centre(titleLine), left(page) + WIDTH / 2, 0.5, 'attachment title centred (mm)');
    }
    // Each attachment's own text (the `# 附件N` sections of the source) on its pages, not in the body.
    assert.ok(linesOf(pageWith('附件1').glyphs).some((l) => l.text.includes('企业通过线上平台办理登记信息变')), 'the table of 附件1 on its page');
    assert.ok(linesOf(pageWith('附件2').glyphs).some((l) => l.text.startsWith('北京市、上海市')), 'the text of 附件2 on its page');
    assert.equal(pageWith('北京市、上海市'), pageWith('附件2'));
  });

  test('版记: on an even last page without a folio, 0.35/0.25/0.35 mm rules the width of the type area, the last on the type area\'s bottom edge', () => {
    const doc = docs['standard']!;
    const last = doc.pages.at(-1)!;
    assert.equal(last.number % 2, 0, `the 版记 is on page ${last.number}`);
    const rules = rulesOf(doc, last.number, 'black');
    assert.equal(rules.length, 3, `${rules.length} rules`);
    near(rules[0]!.bottom - rules[0]!.top, 0.35, 0.05, 'first rule thickness (mm)');
    near(rules[1]!.bottom - rules[1]!.top, 0.25, 0.05, 'middle rule thickness (mm)');
    near(rules[2]!.bottom - rules[2]!.top, 0.35, 0.05, 'last rule thickness (mm)');
    near(rules[2]!.bottom, BOTTOM, 0.3, 'last rule on the bottom edge of the type area (mm)');
    for (const rule of rules) {
      near(rule.x0, left(last), 0.3, 'rule left end (mm)');
      near(rule.x1 - rule.x0, WIDTH, 0.3, 'rule length (mm)');
    }
    const cc = lineWith(last, '抄送：');
    assert.equal(cc.text, '抄送：国务院各部委，各直属机构。');
    near(cc.size, 14, 0.2, '抄送 in 4号 (pt)');
    near(x0(cc) - left(last), 14 / MM, 0.3, '抄送 one character in (mm)');
    const issued = lineWith(last, '印发');
    assert.equal(issued.text, '国务院办公厅秘书局2022年9月29日印发');
    near(right(last) - x1(issued), 14 / MM, 0.3, '印发日期 one character in from the right (mm)');
    near(x0(issued) - left(last), 14 / MM, 0.3, '印发机关 one character in (mm)');
    // The rows lie between the rules.
    assert.ok(emTop(last, cc) > rules[0]!.bottom && emBottom(last, cc) < rules[1]!.top, '抄送 between the first and middle rules');
    assert.ok(emTop(last, issued) > rules[1]!.bottom && emBottom(last, issued) < rules[2]!.top, '印发 between the middle and last rules');
    assert.ok(!linesOf(last.glyphs).some((l) => /^—\d+—$/.test(l.text)), 'no folio on the 版记 page');
    for (const page of doc.pages.slice(0, -1)) assert.ok(linesOf(page.glyphs).some((l) => l.text === `—${page.number}—`), `folio on page ${page.number}`);
  });
});

test('上行文: 签发人 one character in from the right, the 发文字号 one character in from the left on the same line', () => {
  const page = docs['upward']!.pages[0]!;
  const lines = linesOf(page.glyphs);
  const number = lines.find((l) => l.text.startsWith('浙政〔2023〕8号'))!;
  assert.ok(number, lines.map((l) => l.text).join(' / '));
  const signerGlyphs = number.glyphs.filter((g) => g.x > number.x0 + 60 * MM);
  assert.equal(signerGlyphs.map((g) => g.ch).join(''), '签发人：王浩');
  near(right(page) - (signerGlyphs.at(-1)!.x + signerGlyphs.at(-1)!.w) / MM, CELL, 0.3, '签发人 one character in from the right (mm)');
  near(x0(number), left(page) + CELL, 0.3, '发文字号 one character in from the left (mm)');
  const mark = lineWith(page, '浙江省人民政府文件');
  near(emTop(page, mark), 72, 1, 'mark top (mm from the page top)');
});

test('without a seal: the signature two characters in from the right, the date below it two further right (or two in from the right when longer)', () => {
  const doc = docs['upward']!;
  const page = doc.pages.find((p) => linesOf(p.glyphs).some((l) => l.text === '2023年3月6日'))!;
  const date = lineWith(page, '2023年3月6日');
  const signature = lineWith(page, '浙江省人民政府');
  // The date (7 cells with half-width digits) is longer than signature − 2 cells: it is set two in from the right.
  near(right(page) - x1(date), 2 * CELL, 0.3, 'date from the right edge (mm)');
  near(x0(date) - x0(signature), 2 * CELL, 0.3, 'date starts two characters right of the signature (mm)');
  near(emCentre(page, date) - emCentre(page, signature), PITCH, 0.3, 'date on the next line (mm)');
});

test('版记 under the body when its last page is even and has room: no extra page, the last rule on the bottom edge', () => {
  const doc = docs['upward']!;
  const last = doc.pages.at(-1)!;
  assert.equal(doc.pages.length, 2, `${doc.pages.length} pages`);
  const date = lineWith(last, '2023年3月6日');
  const rules = rulesOf(doc, 2, 'black');
  assert.equal(rules.length, 3, `${rules.length} rules`);
  near(rules[2]!.bottom, BOTTOM, 0.3, 'last rule on the bottom edge of the type area (mm)');
  assert.ok(rules[0]!.top - emBottom(last, date) >= PITCH - 0.5, 'at least a line between the date and the 版记');
  assert.equal(lineWith(last, '抄送：').text, '抄送：国家发展改革委，商务部。');
});

test('版记 after an unnumbered blank page when the body fills its last, even page', () => {
  const doc = docs['full-page']!;
  assert.equal(doc.pages.length, 4, `${doc.pages.length} pages`);
  assert.ok(linesOf(doc.pages[1]!.glyphs).some((l) => l.text === '2023年6月1日'), 'the body ends on page 2');
  assert.deepEqual(doc.pages[2]!.glyphs.map((g) => g.ch).join(''), '', 'page 3 is blank, without a folio');
  const rules = rulesOf(doc, 4, 'black');
  near(rules.at(-1)!.bottom, BOTTOM, 0.3, 'last rule on the bottom edge of the type area (mm)');
  assert.ok(!linesOf(doc.pages[3]!.glyphs).some((l) => /^—\d+—$/.test(l.text)), 'no folio on the 版记 page');
});

test('信函: the mark 30 mm from the page top, the red double rule 4 mm below it and another 20 mm above the bottom edge, 170 mm long, no folio on the first page', () => {
  const doc = docs['letter']!;
  const page = doc.pages[0]!;
  const mark = lineWith(page, '国务院办公厅');
  near(emTop(page, mark), 30, 1, 'letter mark top (mm from the page top)');
  const rules = rulesOf(doc, 1, 'red');
  assert.equal(rules.length, 2, 'a double rule');
  near(rules[0]!.top - emBottom(page, mark), 4, 0.3, 'double rule below the mark (mm)');
  assert.ok(rules[0]!.bottom - rules[0]!.top > rules[1]!.bottom - rules[1]!.top, 'thick over thin');
  for (const rule of rules) {
    near(rule.x1 - rule.x0, 170, 0.3, 'double rule length (mm)');
    near((rule.x0 + rule.x1) / 2, left(page) + WIDTH / 2, 0.3, 'double rule centred (mm)');
  }
  const number = lineWith(page, '国办函〔2022〕101号');
  near(right(page) - number.glyphs.at(-1)!.x / MM - number.glyphs.at(-1)!.w / MM, 0, 0.3, '发文字号 flush right (mm)');
  assert.ok(!linesOf(page.glyphs).some((l) => /^—\d+—$/.test(l.text)), 'no folio on the first page of a letter');
  // The bottom double rule (thin over thick), 170 mm, its lower edge 20 mm above the page's bottom edge (from Poppler's pixels).
  const bands = redBandsBelowMiddle(renderPage(doc.pdf, 1, 254));
  assert.equal(bands.length, 2, JSON.stringify(bands));
  assert.ok(bands[1]!.bottom - bands[1]!.top > bands[0]!.bottom - bands[0]!.top, 'thin over thick');
  near(page.height / MM - bands[1]!.bottom, 20, 0.3, 'lower edge above the bottom edge (mm)');
  for (const band of bands) {
    near(band.x1 - band.x0, 170, 0.3, 'bottom double rule length (mm)');
    near((band.x0 + band.x1) / 2, left(page) + WIDTH / 2, 0.3, 'bottom double rule centred (mm)');
  }
  assert.equal(redBandsBelowMiddle(renderPage(doc.pdf, 2, 254)).length, 0, 'only on the first page');
  // Its 版记: 抄送 at the foot of the last, even page, without rules or 印发 line (§10.1).
  assert.equal(doc.pages.length % 2, 0, 'the 版记 on an even page');
  assert.equal(rulesOf(doc, doc.pages.length).length, 0, 'no rules in a letter’s 版记');
  near(emBottom(doc.pages.at(-1)!, lineWith(doc.pages.at(-1)!, '抄送：')), BOTTOM, PITCH / 2, '抄送 on the last line of the type area (mm)');
});

test('命令: the mark 20 mm below the top of the type area, the 令号 two lines below it, centred, no rule', () => {
  const doc = docs['order']!;
  const page = doc.pages[0]!;
  const mark = lineWith(page, '中华人民共和国国务院令');
  near(emTop(page, mark), TOP + 20, 1, 'order mark top (mm from the page top)');
  const number = lineWith(page, '第752号');
  near(centre(number), left(page) + WIDTH / 2, 0.5, '令号 centred (mm)');
  const gap = emTop(page, number) - emBottom(page, mark);
  assert.ok(gap >= 2 * PITCH && gap < 4 * PITCH, `令号 ${gap.toFixed(2)} mm below the mark`);
  assert.equal(rulesOf(doc, 1, 'red').length, 0, 'no red rule');
});

test('纪要: the XXX纪要 mark 35 mm below the top of the type area, in red', () => {
  const doc = docs['minutes']!;
  const page = doc.pages[0]!;
  const mark = lineWith(page, '浙江省人民政府专题会议纪要');
  near(emTop(page, mark), 72, 1, 'minutes mark top (mm from the page top)');
  const png = renderPage(doc.pdf, 1);
  const ink = inkIn(png, { x0: x0(mark), x1: x1(mark), top: emTop(page, mark), bottom: emBottom(page, mark) });
  assert.ok(ink.red > 1000 && ink.neutral < ink.red / 50, `minutes mark: ${ink.red} red, ${ink.neutral} dark pixels`);
  assert.equal(doc.pages.at(-1)!.number % 2, 0, '版记 on an even page');
});

describe('the grid after a footnote call, a table, a figure, lists and four heading levels', () => {
  test('every body line within ±0.5 pt of its grid line', () => {
    const doc = docs['grid']!;
    const bad: string[] = [];
    let checked = 0;
    for (const page of doc.pages) {
      for (const line of linesOf(page.glyphs)) {
        if (Math.abs(line.size - BODY) > 0.3) continue;
        checked++;
        // Grid line k's baseline: its em box (1 em: 0.88 above, 0.12 below) centred in the line.
        const below = page.height - line.y - (TOP * MM + (PITCH * MM - BODY) / 2 + 0.88 * BODY);
        const k = Math.round(below / (PITCH * MM));
        const off = below - k * PITCH * MM;
        if (Math.abs(off) > 0.5) bad.push(`page ${page.number} line ${k + 1}: "${line.text.slice(0, 12)}" ${off.toFixed(2)} pt off`);
      }
    }
    assert.deepEqual(bad, []);
    assert.ok(checked > 30, `${checked} lines checked`);
    for (const text of ['指标牵头单位频次', '表后的一段文字', '图1各季度指标变化', '图后的一段文字', '列表之后的一段文字', '一、总体要求', '（一）监测范围', '1.监测方法', '（1）报送要求']) {
      assert.ok(doc.pages.some((p) => linesOf(p.glyphs).some((l) => Math.abs(l.size - BODY) < 0.3 && l.text.replace(/\s/g, '').startsWith(text))), `"${text}" is a checked body line`);
    }
  });

  test('lists carry no bullets; ordered items keep their numbers as text', () => {
    const lines = docs['grid']!.pages.flatMap((p) => linesOf(p.glyphs)).map((l) => l.text);
    assert.ok(lines.some((t) => t.startsWith('1.每季度结束后')), 'ordered item numbered 1.');
    assert.ok(lines.some((t) => t.startsWith('不得虚报')), 'unordered item without a bullet');
    assert.ok(!lines.some((t) => /^[•◦▪·]/.test(t)), 'no bullet glyph');
  });

  test('a footnote is a warning and 附注 text; its call stays with its text', () => {
    const doc = docs['grid']!;
    assert.ok(doc.warnings.some((w) => /index\.md:52: a footnote in a 公文/.test(w)), doc.warnings.join('\n'));
    const lines = doc.pages.flatMap((p) => linesOf(p.glyphs)).map((l) => l.text);
    assert.ok(lines.some((t) => t.startsWith('（注1：本通知所称营商环境')), '附注 line');
    // The raised call (a smaller size) right after the end of the line it belongs to, half an em above its baseline.
    const page = doc.pages[0]!;
    const call = linesOf(page.glyphs).find((l) => l.text === '注1' && l.size < BODY * 0.7);
    assert.ok(call, 'a raised, smaller 注1');
    const host = linesOf(page.glyphs).filter((l) => Math.abs(l.size - BODY) < 0.3 && l.y < call.y).sort((a, b) => b.y - a.y)[0]!;
    assert.ok(call.y - host.y < BODY, `the call stands ${(call.y - host.y).toFixed(1)} pt above the nearest line below it`);
    near(call.x0 / MM, x1(host), 0.5, 'the call follows the end of its line (mm)');
  });
});

test('the HTML carries every element, in reading order, and the footnote as 附注 text', () => {
  const text = docs['standard']!.html.replace(/<[^>]+>/g, '');
  const order = ['000001', '秘密★1年', '特急', '国务院办公厅文件', '国办发〔2022〕35号', '国务院办公厅关于复制推广营商环境创新试点改革举措的通知', '各省、自治区、直辖市人民政府，国务院各部委、各直属机构：', '优化营商环境', '附件：', '首批在全国复制推广的营商环境创新试点改革举措清单', '营商环境创新试点城市名单', '2022年9月28日', '（此件公开发布）', '抄送：国务院各部委，各直属机构。', '国务院办公厅秘书局 2022年9月29日印发'];
  let at = text.indexOf('<main') + 1;
  for (const piece of order) {
    const next = text.indexOf(piece, at);
    assert.ok(next >= at, `"${piece}" not found after position ${at}`);
    at = next;
  }
  assert.match(docs['grid']!.html, /（注1：本通知所称营商环境，是指市场主体在市场经济活动中所涉及的体制机制性因素和条件。）/);
});

test('every 公文 PDF passes paiban check (tagged text in order, artifacts, fonts)', () => {
  const files = ['standard', 'upward', 'letter', 'order', 'minutes', 'grid', 'full-page'].map((name) => docs[name]!.pdf);
  const result = paiban(['check', ...files]);
  assert.equal(result.code, 0, result.stdout + result.stderr);
});

test('fonts: a missing 小标宋 is one warning naming its stand-in', () => {
  const warnings = docs['standard']!.warnings.filter((w) => w.includes('小标宋'));
  assert.equal(warnings.length, 1, docs['standard']!.warnings.join('\n'));
  assert.match(warnings[0]!, /no font configured for 小标宋 \(title\); its text is set in 宋 \(serif\) \(NotoSerifSC_700Bold\.ttf\)/);
});
