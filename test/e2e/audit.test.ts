/**
 * Issue 13: the outputs pass an independent accessibility audit, and
 * `paiban check` fails every class of defect the audit found. Expected
 * values are written by hand from the fixture's source or come from tools
 * that are not paiban (pdf.js, qpdf + Python's expat, Chromium itself).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readdirSync, readFileSync, rmSync, writeFileSync, constants } from 'node:fs';
import { open as openAsync } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRef } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { testBrowser, type TestBrowser } from '../helpers/browser.ts';
import { builtFixture } from '../helpers/built.ts';
import { paiban, repoRoot } from '../helpers/cli.ts';
import { allNodes, readStructure } from '../helpers/structure.ts';
import { readXmpIndependently } from '../helpers/xmp.ts';

const fixture = path.join(repoRoot, 'test', 'fixtures', 'a11y-full');
const squash = (text: string) => text.replace(/\s+/g, '');
const TITLE = '无障碍综合测试文档';

interface CheckJson {
  [file: string]: { findings: { rule: string; message: string }[]; rules: { rule: string; checked: number; failed: number }[] };
}
const checkJson = (files: string[]) => {
  const result = paiban(['check', '--json', ...files]);
  return { code: result.code, report: JSON.parse(result.stdout || '{}') as CheckJson, stderr: result.stderr };
};
const failedRules = (report: CheckJson, file: string) => [...new Set(report[file]!.findings.map((f) => f.rule))];

describe('the accessibility fixture in all its editions', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-audit-'));
  const doc = (edition: string, file: string) => path.join(work, 'a11y-full', ...(edition ? [edition] : []), file);
  before(() => {
    // Built once for the run (test/helpers/built.ts); the tests below break copies of it.
    const result = builtFixture(fixture, ['--format', 'html,pdf', '--all-editions'], { into: work });
    assert.equal(result.code, 0, result.stderr);
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  test('paiban check: zero failures on every PDF and HTML, every rule reported with counts', () => {
    const files = ['', 'hant', 'large'].flatMap((edition) => [doc(edition, 'a11y-full.pdf'), doc(edition, 'index.html')]);
    const { code, report } = checkJson(files);
    for (const file of files) assert.deepEqual(report[file]!.findings, [], file);
    assert.equal(code, 0);
    const pdfRules = report[files[0]!]!.rules;
    for (const rule of ['06-001', '06-002', '06-003', '09-004', '09-005', '09-007', '19-001', '11-001', 'text', 'dest', 'type3', 'table-caption', 'table-head']) {
      const found = pdfRules.find((r) => r.rule === rule);
      assert.ok(found && found.checked > 0, `rule ${rule} checked something`);
    }
    const human = paiban(['check', files[0]!]);
    assert.match(human.stdout, /pass {2}06-001 +XMP metadata stream/);
    assert.match(human.stdout, /ok: \d+ rules, \d+ passed, 0 failed/);
  });

  test('XMP read by qpdf and Python expat: UTF-8 XML, pdfuaid:part 1, dc:title equal to the front matter', () => {
    const expected: Record<string, string> = { '': TITLE, large: TITLE, hant: '無障礙綜合測試文檔' };
    for (const [edition, title] of Object.entries(expected)) {
      const xmp = readXmpIndependently(doc(edition, 'a11y-full.pdf'));
      assert.deepEqual(xmp.pdfuaPart, ['1'], edition);
      assert.equal(xmp.title.find((t) => t.lang === 'x-default')?.text, title, edition);
    }
    assert.deepEqual(readXmpIndependently(doc('hant', 'a11y-full.pdf')).language.map((l) => l.text), ['zh-TW']);
  });

  test('reading order from the structure tree (pdf.js) is the text: no dots, no running heads or folios', async () => {
    const { text, roots } = await readStructure(doc('', 'a11y-full.pdf'));
    // Written from the fixture's source: list numbers as drawn, ruby base then reading, footnote calls as numbers.
    const body =
      '本文档用于检验无障碍输出1，包含图、表、嵌套列表、链接、脚注和一段英文：Accessible by default。海曙的读音是海曙hǎi shǔ，这是重点内容。' +
      '一、图和表图1 各季度增长表1 各季度增长率季度增长率说明一季度3.5%平稳开局二季度4.1%稳中有进项目数量学校8学位4680' +
      '（一）二级标题1. 三级标题（1）四级标题这一段在四级标题之下，说明标题层级到四级2。' +
      '二、列表和链接1.经济运行工业增加值平稳增长，服务业持续恢复。工业增加值服务业2.城市建设1.轨道交通2.老旧小区改造' +
      '详见宁波市海曙区人民政府网站和本文第一章。重点工作。全年完成既定目标。' +
      '代码块不换行的很长一行：const example = "这是一段很长很长的代码，用来检验窄屏下是否出现横向滚动条";' +
      '注释1.脚注：本文档为测试用途。↑2.第二个脚注，带有外部链接。↑';
    const tagged = squash(text);
    assert.ok(tagged.endsWith(squash(body)), `structure text ends with the body, unchanged:\n${tagged.slice(-400)}`);
    assert.doesNotMatch(tagged, /[•·◦●﹅]/u, 'no emphasis dots in tagged text');
    // The title: cover and colophon only (a tagged running head would add more).
    assert.equal(tagged.split(TITLE).length - 1, 2);
    const nodes = allNodes(roots);
    const english = nodes.find((n) => n.lang === 'en');
    assert.equal(english?.text, 'Accessible by default');
    assert.equal(english?.role, 'Span');
    const ruby = nodes.find((n) => n.role === 'Ruby');
    assert.deepEqual(ruby?.children.map((c) => c.role).filter((r) => r !== 'RP'), ['RB', 'RT']);
    // RP elements have no drawn content (the parentheses show only without ruby support): pdf.js lists
    // no empty elements, so read them with pdf-lib.
    const pdfLib = await PDFDocument.load(readFileSync(doc('', 'a11y-full.pdf')));
    const rubyKids = ofType(pdfLib, 'Ruby').map((r) => (r.get(PDFName.of('K')) as PDFArray).asArray().map((k) => (pdfLib.context.lookup(k) as PDFDict).get(PDFName.of('S'))?.toString()));
    assert.deepEqual(rubyKids, [['/RB', '/RP', '/RT', '/RP']]);
    assert.equal(nodes.filter((n) => n.role === 'Note').length, 2);
    assert.equal(nodes.filter((n) => n.role === 'Reference').length, 2);
    const table = nodes.find((n) => n.role === 'Table' && squash(n.text).startsWith('表1'));
    assert.deepEqual(table?.children.map((c) => c.role), ['Caption', 'THead', 'TBody']);
    // No LBody directly inside an LBody, anywhere.
    for (const node of nodes) if (node.role === 'LBody') assert.ok(!node.children.some((c) => c.role === 'LBody'));
    // The decorative image is not tagged: one Figure, with the alt text.
    assert.deepEqual(nodes.filter((n) => n.role === 'Figure').map((n) => n.alt), ['2023年各季度地区生产总值增长示意图']);
  });

  test('footnotes: calls and back-links work in the HTML (clicked in Chromium) and are tagged links in the PDF', async () => {
    const browser = await testBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(`file://${doc('', 'index.html')}`);
      const calls = await page.$$eval('a[data-footnote-ref]', (links) => links.map((a) => a.getAttribute('href')));
      assert.equal(calls.length, 2);
      for (const [index, href] of calls.entries()) {
        await page.click(`a[href="${href}"]`);
        const target = await page.evaluate(() => document.querySelector(':target')?.textContent ?? '');
        assert.match(target, index === 0 ? /本文档为测试用途/ : /第二个脚注/);
        await page.click(`${href!.replace(/^#/, '#')} a[data-footnote-backref]`);
        const back = await page.evaluate(() => document.querySelector(':target')?.getAttribute('href') ?? '');
        assert.equal(back, href, 'the back-link returns to the call');
      }
    } finally {
      await browser.close();
    }
    const pdf = await getDocument({ data: new Uint8Array(readFileSync(doc('', 'a11y-full.pdf'))), verbosity: 0 }).promise;
    const dests: string[] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      for (const annotation of (await (await pdf.getPage(n)).getAnnotations()) as { subtype: string; dest?: unknown }[]) {
        if (annotation.subtype === 'Link' && typeof annotation.dest === 'string') dests.push(annotation.dest);
      }
    }
    for (const id of ['user-content-fn-note', 'user-content-fn-second', 'user-content-fnref-note', 'user-content-fnref-second']) {
      assert.ok(dests.includes(id), `a PDF link to ${id}`);
      assert.ok(await pdf.getDestination(id), `destination ${id} exists`);
    }
    await pdf.destroy();
  });

  test('zh-Hant: raw HTML, captions and link descriptions converted; links to headings keep working', async () => {
    const html = readFileSync(doc('hant', 'index.html'), 'utf8');
    for (const text of ['<caption>表1 各季度增長率</caption>', '<td>平穩開局</td>', '<figcaption>圖1 各季度增長</figcaption>']) assert.ok(html.includes(text), text);
    const { text } = await readStructure(doc('hant', 'a11y-full.pdf'));
    assert.ok(squash(text).includes('平穩開局'));
    const pdf = await PDFDocument.load(readFileSync(doc('hant', 'a11y-full.pdf')));
    const contents: string[] = [];
    for (const page of pdf.getPages()) {
      for (const annot of page.node.lookupMaybe(PDFName.of('Annots'), PDFArray)?.asArray() ?? []) {
        const dict = pdf.context.lookup(annot) as PDFDict;
        contents.push((dict.lookup(PDFName.of('Contents')) as unknown as { decodeText(): string }).decodeText());
      }
    }
    assert.ok(contents.some((c) => c.startsWith('轉到：')), contents.join(' | '));
    assert.ok(!contents.some((c) => c.startsWith('转到')), 'no simplified prefix');
  });

  test('HTML at 320 px: the code block wraps instead of widening the page (regular and large print)', async () => {
    const browser = await testBrowser();
    try {
      for (const edition of ['', 'large']) {
        const page = await browser.newPage();
        await page.setViewport({ width: 320, height: 640 });
        await page.goto(`file://${doc(edition, 'index.html')}`);
        assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 320, edition);
        await page.close();
      }
    } finally {
      await browser.close();
    }
  });
});

/** Walk a pdf-lib structure tree. */
function elements(pdf: PDFDocument): PDFDict[] {
  const root = pdf.catalog.lookup(PDFName.of('StructTreeRoot')) as PDFDict;
  const out: PDFDict[] = [];
  const visit = (node: unknown) => {
    const value = node instanceof PDFRef ? pdf.context.lookup(node) : node;
    if (value instanceof PDFArray) return value.asArray().forEach(visit);
    if (!(value instanceof PDFDict) || !value.has(PDFName.of('S'))) return;
    out.push(value);
    visit(value.get(PDFName.of('K')));
  };
  visit(root.get(PDFName.of('K')));
  return out;
}
const ofType = (pdf: PDFDocument, type: string) => elements(pdf).filter((e) => e.get(PDFName.of('S'))?.toString() === `/${type}`);

describe('paiban check fails each class of defect the audit found', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-audit-broken-'));
  const good = path.join(work, 'good');
  let browser: TestBrowser;
  /**
   * The broken files are all made first, then checked by one `paiban check`
   * (one start of the HTML validator and of Chromium for all of them: a
   * check of its own each took most of this suite's time); each test reads
   * its files' part of that report.
   */
  const toCheck: string[] = [];
  let batch: { code: number | null; report: CheckJson; stderr: string };
  const failedIn = (file: string) => failedRules(batch.report, file);
  const findingsOf = (file: string) => batch.report[file]!.findings;

  /** A copy of the good output folder (the default edition) whose PDF `mutate` breaks; its manifest and HTML stay beside it. */
  const broken = async (name: string, mutate: (pdf: PDFDocument) => void): Promise<string> => {
    const dir = path.join(work, name);
    const from = path.join(good, 'a11y-full');
    // The other editions' folders (each with a manifest of its own) are not part of this one.
    cpSync(from, dir, { recursive: true, filter: (file) => file === from || !existsSync(path.join(file, 'manifest.json')) });
    const file = path.join(dir, 'a11y-full.pdf');
    const pdf = await PDFDocument.load(readFileSync(file), { updateMetadata: false });
    mutate(pdf);
    writeFileSync(file, await pdf.save({ updateFieldAppearances: false }));
    toCheck.push(file);
    return file;
  };

  /**
   * Chromium's own tagged PDF of a page (what paiban finishes), with the page
   * as the HTML of the same build: the defects the audit found, unrepaired.
   */
  const raw = async (name: string, body: string, css = ''): Promise<string> => {
    const dir = path.join(work, name);
    mkdirSync(dir, { recursive: true });
    const html = `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>${name}</title><style>${css}</style></head><body><main>${body}</main></body></html>`;
    writeFileSync(path.join(dir, 'index.html'), html);
    const page = await browser.newPage();
    await page.setContent(html);
    writeFileSync(path.join(dir, `${name}.pdf`), await page.pdf({ tagged: true }));
    await page.close();
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ title: name, outputs: [{ role: 'html', path: 'index.html' }, { role: 'pdf', path: `${name}.pdf` }] }));
    toCheck.push(path.join(dir, `${name}.pdf`));
    return path.join(dir, `${name}.pdf`);
  };

  /** An HTML page of its own, to be checked. */
  const htmlPage = (name: string, html: string): string => {
    const dir = path.join(work, name);
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'index.html');
    writeFileSync(file, html);
    toCheck.push(file);
    return file;
  };

  /** Every other PDF rule, each broken on its own in a copy of the good PDF: the rule fails, and only it. */
  const single: [string, string, (pdf: PDFDocument) => void][] = [
    ['02-004', 'nonstandard', (pdf) => ofType(pdf, 'P')[0]!.set(PDFName.of('S'), PDFName.of('Paragraph'))],
    ['19-003', 'noteid', (pdf) => ofType(pdf, 'Note')[0]!.delete(PDFName.of('ID'))],
    ['13-004', 'alt', (pdf) => ofType(pdf, 'Figure')[0]!.delete(PDFName.of('Alt'))],
    ['14-003', 'skip', (pdf) => ofType(pdf, 'H3')[0]!.set(PDFName.of('S'), PDFName.of('H5'))],
    ['15-003', 'scope', (pdf) => { for (const th of ofType(pdf, 'TH')) th.delete(PDFName.of('A')); }],
    ['15-005', 'noheaders', (pdf) => { for (const th of ofType(pdf, 'TH')) th.set(PDFName.of('S'), PDFName.of('TD')); }],
    ['07-001', 'display', (pdf) => pdf.catalog.delete(PDFName.of('ViewerPreferences'))],
    ['28-008', 'tabs', (pdf) => { for (const page of pdf.getPages()) page.node.delete(PDFName.of('Tabs')); }],
    ['ISO 14289-1 7.18.5', 'contents', (pdf) => { for (const page of pdf.getPages()) for (const a of page.node.lookupMaybe(PDFName.of('Annots'), PDFArray)?.asArray() ?? []) (pdf.context.lookup(a) as PDFDict).delete(PDFName.of('Contents')); }],
    ['28-011', 'structparent', (pdf) => { for (const page of pdf.getPages()) for (const a of page.node.lookupMaybe(PDFName.of('Annots'), PDFArray)?.asArray() ?? []) (pdf.context.lookup(a) as PDFDict).delete(PDFName.of('StructParent')); }],
    ['31-027', 'tounicode', (pdf) => { for (const [, ref] of pdf.getPages()[0]!.node.Resources()!.lookup(PDFName.of('Font'), PDFDict).entries()) (pdf.context.lookup(ref) as PDFDict).delete(PDFName.of('ToUnicode')); }],
    ['09-006', 'toc', (pdf) => ofType(pdf, 'LI')[0]!.set(PDFName.of('S'), PDFName.of('TOCI'))],
    ['09-008', 'warichu', (pdf) => ofType(pdf, 'Ruby')[0]!.set(PDFName.of('S'), PDFName.of('Warichu'))],
  ];

  // Made in before() and checked there; named here for the tests.
  const made: Record<string, string> = {};
  /** The hostile page's folder before the check, and whether its secret.txt was opened during it. */
  let hostileFilesBefore: Set<string>;
  let secretOpened: boolean;

  before(async () => {
    // The fixture as the run's other tests read it (test/helpers/built.ts): all editions, HTML and PDF; the default edition is broken here.
    const result = builtFixture(fixture, ['--format', 'html,pdf', '--all-editions'], { into: good });
    assert.equal(result.code, 0, result.stderr);
    browser = await testBrowser();

    made['unbroken'] = await broken('unbroken', () => undefined);
    made['title'] = await broken('title', (pdf) => pdf.setTitle('别的标题'));
    made['notes'] = await broken('notes', (pdf) => {
      for (const note of ofType(pdf, 'Note')) note.set(PDFName.of('S'), PDFName.of('LI'));
      const link = ofType(pdf, 'Link')[0]!;
      link.set(PDFName.of('K'), pdf.context.obj([]));
    });
    made['rawnotes'] = await raw('rawnotes', '<p>正文<sup><a href="#fn1" id="ref1">1</a></sup>。</p><section><ol><li id="user-content-fn-1"><p>脚注。<a href="#ref1">↑</a></p></li></ol></section><p><a href="#user-content-fn-1">注</a></p>');
    const notesHtml = path.join(work, 'notes', 'index.html');
    writeFileSync(notesHtml, readFileSync(notesHtml, 'utf8').replace('href="#user-content-fn-note"', 'href="#user-content-user-content-fn-note"'));
    toCheck.push(notesHtml);
    made['notesHtml'] = notesHtml;
    made['lbody'] = await broken('lbody', (pdf) => {
      const body = ofType(pdf, 'LBody').find((b) => elements(pdf).some((e) => e.get(PDFName.of('P')) === pdf.context.getObjectRef(b) && e.get(PDFName.of('S'))?.toString() === '/P'))!;
      const paragraph = elements(pdf).find((e) => e.get(PDFName.of('P')) === pdf.context.getObjectRef(body))!;
      paragraph.set(PDFName.of('S'), PDFName.of('LBody'));
    });
    made['ruby'] = await broken('ruby', (pdf) => ofType(pdf, 'RB')[0]!.set(PDFName.of('S'), PDFName.of('NonStruct')));
    made['rawruby'] = await raw('rawruby', '<p><ruby>海曙<rp>（</rp><rt>hǎi shǔ</rt><rp>）</rp></ruby></p>');
    made['lang'] = await broken('lang', (pdf) => {
      for (const span of elements(pdf).filter((e) => e.has(PDFName.of('Lang')) && e.get(PDFName.of('S'))?.toString() !== '/Document')) span.delete(PDFName.of('Lang'));
    });
    made['rawlang'] = await raw('rawlang', '<p>中文<span lang="en">English words</span>中文</p>');
    made['rawdots'] = await raw('rawdots', '<p>这是<em>重点内容</em>。</p>', 'em { font-style: normal; text-emphasis: filled dot; text-emphasis-position: under right; }');
    made['rawtable'] = await raw('rawtable', '<table><thead><tr><th>季度</th></tr></thead><tbody><tr><td>一季度</td></tr></tbody></table>', 'table, td, th { border: 1px solid #000; background: #eee; }');
    made['tablecontent'] = await broken('tablecontent', (pdf) => {
      const table = ofType(pdf, 'Table')[0]!;
      const k = table.get(PDFName.of('K')) as PDFArray;
      k.insert(0, PDFNumber.of(0));
    });
    made['caption'] = await broken('caption', (pdf) => {
      const caption = ofType(pdf, 'Caption').find((c) => (c.lookup(PDFName.of('P')) as PDFDict).get(PDFName.of('S'))?.toString() === '/Table')!;
      const table = caption.lookup(PDFName.of('P')) as PDFDict;
      const ref = pdf.context.getObjectRef(caption);
      table.set(PDFName.of('K'), pdf.context.obj((table.get(PDFName.of('K')) as PDFArray).asArray().filter((item) => item !== ref)));
    });
    made['rawhead'] = await raw('rawhead', '<table><caption>表</caption><thead><tr><th>甲</th></tr></thead><tbody><tr><td>乙</td></tr></tbody></table>');
    made['reflow'] = htmlPage('reflow', `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>宽</title></head><body><main><pre>${'x'.repeat(200)}</pre></main></body></html>`);
    made['dest'] = await broken('dest', (pdf) => {
      const dests = pdf.catalog.lookup(PDFName.of('Dests')) as PDFDict | undefined;
      const names = pdf.catalog.lookup(PDFName.of('Names')) as PDFDict | undefined;
      // Every named destination but the footnotes' goes: the links to headings point nowhere.
      if (names) names.delete(PDFName.of('Dests'));
      if (dests) for (const key of dests.keys()) if (!key.decodeText().startsWith('user-content')) dests.delete(key);
    });
    made['hantlink'] = htmlPage('hantlink', '<!DOCTYPE html><html lang="zh-TW"><head><meta charset="utf-8"><title>繁</title></head><body><main><h2 id="一圖和表">一、圖和表</h2><p><a href="#一图和表">第一章</a></p></main></body></html>');
    for (const [, name, mutate] of single) made[name] = await broken(name, mutate);
    made['type3'] = await broken('type3', (pdf) => {
      const font = pdf.context.obj({ Type: 'Font', Subtype: 'Type3', FontBBox: [0, 0, 1, 1], FontMatrix: [0.001, 0, 0, 0.001, 0, 0], CharProcs: {}, Encoding: { Type: 'Encoding', Differences: [] }, FirstChar: 0, LastChar: 0, Widths: [0] });
      const resources = pdf.getPages()[0]!.node.Resources()!;
      const fonts = resources.lookup(PDFName.of('Font'), PDFDict);
      fonts.set(PDFName.of('T3'), pdf.context.register(font));
    });
    // Two pages of their own, one with scripts that try to tamper with axe, read a file beside it and download it
    // (checked with the others: a page's scripts must not reach them either). A FIFO: if anything opened
    // secret.txt for reading, the writer below would be let through.
    const page = (name: string, script: string) =>
      htmlPage(name, `<!DOCTYPE html><html><head><meta charset="utf-8"><title>脚本</title>${script}</head><body><main><p>正文</p><img src="pic.png"></main></body></html>`);
    made['plain'] = page('plain', '');
    made['hostile'] = page(
      'hostile',
      `<meta http-equiv="refresh" content="0; url=secret.txt"><script>window.axe = { run: () => Promise.resolve({ violations: [], passes: [] }) }; Object.defineProperty(window, 'axe', { set() {}, get() { return { run: () => Promise.resolve({ violations: [], passes: [] }) }; } }); fetch('secret.txt'); const a = document.createElement('a'); a.href = 'secret.txt'; a.download = 'x.txt'; document.addEventListener('DOMContentLoaded', () => { document.body.append(a); a.click(); document.documentElement.lang = 'zh-CN'; });</script>`,
    );
    const secret = path.join(work, 'hostile', 'secret.txt');
    execFileSync('mkfifo', [secret]);
    let opened = false;
    const writer = openAsync(secret, 'w').then((handle) => {
      opened = true;
      return handle.close();
    });
    hostileFilesBefore = new Set(readdirSync(path.join(work, 'hostile')));
    try {
      batch = checkJson(toCheck);
      secretOpened = opened;
    } finally {
      // Release the writer (a reader of our own), or it keeps this process alive.
      const reader = openSync(secret, constants.O_RDONLY | constants.O_NONBLOCK);
      await writer;
      closeSync(reader);
    }
  });
  after(async () => {
    await browser?.close();
    rmSync(work, { recursive: true, force: true });
  });

  test('one check of every file below: a report for each, exit 1 (they fail)', () => {
    assert.equal(batch.code, 1, batch.stderr);
    for (const file of toCheck) assert.ok(batch.report[file], `a report for ${file}`);
  });

  test('the unbroken copy passes (the mutations below are what fails)', () => {
    assert.deepEqual(findingsOf(made['unbroken']!), []);
  });

  test('1. XMP written one byte per UTF-16 code unit: not XML, so no pdfuaid:part and no dc:title', async () => {
    // Checked alone: a single failing file is exit code 1.
    const file = await broken('xmp', (pdf) => {
      const xml = `<?xpacket begin="\ufeff"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"><dc:title><rdf:Alt><rdf:li xml:lang="x-default">${TITLE}</rdf:li></rdf:Alt></dc:title><pdfuaid:part>1</pdfuaid:part></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;
      const bytes = Uint8Array.from([...xml].map((c) => c.charCodeAt(0) & 0xff));
      pdf.catalog.set(PDFName.of('Metadata'), pdf.context.register(pdf.context.stream(bytes, { Type: 'Metadata', Subtype: 'XML' })));
    });
    const { code, report } = checkJson([file]);
    assert.equal(code, 1);
    assert.deepEqual(failedRules(report, file).sort(), ['06-001', '06-002', '06-003']);
  });

  test('1b. a dc:title that is not the Info /Title', () => {
    assert.ok(failedIn(made['title']!).includes('06-003'));
  });

  test('2. footnotes: list items instead of Notes, links without annotations, HTML ids that miss', () => {
    const rules = failedIn(made['notes']!);
    for (const rule of ['19-001', '09-005', '28-011 OBJR']) assert.ok(rules.includes(rule), `${rule} in ${rules.join(', ')}`);
    assert.ok(failedIn(made['rawnotes']!).includes('19-001'));
    assert.deepEqual(failedIn(made['notesHtml']!), ['links']);
  });

  test('3. lists: an LBody directly inside an LBody', () => {
    assert.deepEqual(failedIn(made['lbody']!), ['09-005']);
  });

  test('4. ruby: base text under NonStruct (Chromium as is), and no RB (broken copy)', () => {
    assert.deepEqual(failedIn(made['ruby']!), ['09-007']);
    assert.ok(failedIn(made['rawruby']!).includes('09-007'));
  });

  test('5. language of parts: an English span without /Lang en', () => {
    assert.deepEqual(failedIn(made['lang']!), ['11-001']);
    assert.ok(failedIn(made['rawlang']!).includes('11-001'));
  });

  test('6. 着重号 dots inside tagged content read as text', () => {
    const file = made['rawdots']!;
    const text = findingsOf(file).find((f) => f.rule === 'text');
    assert.ok(text, failedIn(file).join(', '));
    assert.match(text.message, /重点内容/);
  });

  test('7. table borders and backgrounds as content of the Table', () => {
    const rules = failedIn(made['rawtable']!);
    assert.ok(rules.includes('09-004'), rules.join(', '));
    assert.deepEqual(failedIn(made['tablecontent']!), ['09-004']);
  });

  test('8. a table caption or header group lost', () => {
    assert.ok(failedIn(made['caption']!).includes('table-caption'));
    assert.ok(failedIn(made['rawhead']!).includes('table-head'));
  });

  test('9. HTML reflow: a pre block that widens the page at 320 px', () => {
    assert.deepEqual(failedIn(made['reflow']!), ['WCAG 1.4.10']);
  });

  test('10. a link whose target does not exist: in the PDF (destination) and the HTML (#id)', () => {
    assert.ok(failedIn(made['dest']!).includes('dest'));
    assert.deepEqual(failedIn(made['hantlink']!), ['links']);
  });

  for (const [rule, name] of single) {
    test(`rule ${rule} fails a file that breaks it`, () => {
      const file = made[name]!;
      // What makes a check exit 1 for this file.
      assert.ok(findingsOf(file).length > 0);
      assert.ok(failedIn(file).includes(rule), `${rule} in ${failedIn(file).join(', ')}`);
    });
  }

  test('a Type 3 font is a failure', () => {
    assert.ok(failedIn(made['type3']!).includes('type3'));
  });

  test("a page's scripts never run: tampering with axe, fetching a file beside it, downloading — same report, nothing read", () => {
    const hostileDir = path.join(work, 'hostile');
    const rules = (file: string) => findingsOf(file).map((f) => f.rule).sort();
    assert.deepEqual(rules(made['hostile']!), rules(made['plain']!));
    assert.ok(rules(made['plain']!).includes('axe:html-has-lang') && rules(made['plain']!).includes('axe:image-alt'), rules(made['plain']!).join(', '));
    assert.deepEqual(new Set(readdirSync(hostileDir)), hostileFilesBefore, 'no file appeared');
    assert.equal(secretOpened, false, 'secret.txt was never opened');
    assert.ok(!existsSync(path.join(os.homedir(), 'Downloads', 'x.txt')));
  });
});
