import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { unzipSync } from 'fflate';
import { PNG } from 'pngjs';
import { SaxesParser } from 'saxes';
import { OWN_CHROMIUM, repoRoot, sampleDir } from '../helpers/cli.ts';
import { pdfPageLines } from '../helpers/pdf.ts';
import { onPath } from '../helpers/tools.ts';

// The EPUB output (--format epub) read back with a zip reader and an XML
// parser of its own, and compared with the print PDF as poppler reads it.

const fixture = path.join(repoRoot, 'test', 'fixtures', 'a11y-full');

interface Node {
  name: string;
  attributes: Record<string, string>;
  children: (Node | string)[];
}

function parse(xml: string): Node {
  const root: Node = { name: '#root', attributes: {}, children: [] };
  const stack = [root];
  const parser = new SaxesParser();
  parser.on('opentag', (tag) => {
    const node: Node = { name: tag.name, attributes: tag.attributes as Record<string, string>, children: [] };
    stack.at(-1)!.children.push(node);
    stack.push(node);
  });
  parser.on('closetag', () => void stack.pop());
  parser.on('text', (text) => void stack.at(-1)!.children.push(text));
  parser.write(xml).close();
  return root;
}

function all(node: Node, test: (n: Node) => boolean, out: Node[] = []): Node[] {
  for (const child of node.children) {
    if (typeof child === 'string') continue;
    if (test(child)) out.push(child);
    all(child, test, out);
  }
  return out;
}

const text = (node: Node): string => node.children.map((c) => (typeof c === 'string' ? c : text(c))).join('');
const lettersAndDigits = (s: string): string => s.replace(/[^\p{L}\p{N}]/gu, '');

interface Epub {
  bytes: Buffer;
  files: Record<string, Uint8Array>;
  read: (name: string) => string;
  opf: Node;
  nav: Node;
  /** Content documents in spine order, by path in the zip. */
  spine: string[];
}

function openEpub(file: string): Epub {
  const bytes = readFileSync(file);
  const files = unzipSync(bytes);
  const read = (name: string) => new TextDecoder().decode(files[name]);
  const container = parse(read('META-INF/container.xml'));
  const opfPath = all(container, (n) => n.name === 'rootfile')[0]!.attributes['full-path']!;
  const base = path.posix.dirname(opfPath);
  const opf = parse(read(opfPath));
  const items = all(opf, (n) => n.name === 'item');
  const href = (id: string) => path.posix.join(base, items.find((i) => i.attributes['id'] === id)!.attributes['href']!);
  const spine = all(opf, (n) => n.name === 'itemref').map((ref) => href(ref.attributes['idref']!));
  const navItem = items.find((i) => i.attributes['properties'] === 'nav')!;
  return { bytes, files, read, opf, nav: parse(read(path.posix.join(base, navItem.attributes['href']!))), spine };
}

/** The property values of `<meta property=…>` in the package metadata. */
function metaValues(opf: Node, property: string): string[] {
  return all(opf, (n) => n.name === 'meta' && n.attributes['property'] === property).map(text);
}

/** The page list: folio and target (zip path, id). */
function pageList(epub: Epub): { label: string; file: string; id: string }[] {
  const nav = all(epub.nav, (n) => n.name === 'nav' && n.attributes['epub:type'] === 'page-list')[0];
  assert.ok(nav, 'a page-list nav');
  return all(nav, (n) => n.name === 'a').map((a) => {
    const [file, id] = a.attributes['href']!.split('#') as [string, string];
    return { label: text(a), file: path.posix.join('EPUB', file), id };
  });
}

/** The first `count` letters and digits after the element with this id, in document order, without ruby annotations. */
function textAfter(xhtml: string, id: string, count: number): string {
  let seen = false;
  let out = '';
  let skip = 0;
  const parser = new SaxesParser();
  parser.on('opentag', (tag) => {
    if (tag.attributes['id'] === id) seen = true;
    if (tag.name === 'rt' || tag.name === 'rp') skip++;
  });
  parser.on('closetag', (tag) => {
    if (tag.name === 'rt' || tag.name === 'rp') skip--;
  });
  parser.on('text', (t) => {
    if (seen && !skip && out.length < count) out += lettersAndDigits(t);
  });
  parser.write(xhtml).close();
  return out.slice(0, count);
}

/**
 * For every page of the print PDF with text and a printed arabic folio:
 * the text right after that folio's marker in the EPUB is the text at the
 * top of the page (pdftotext, after the running head when there is one).
 * Returns how many pages were compared.
 */
function comparePageStarts(epub: Epub, pdf: string): number {
  const printed = pdfPageLines(pdf);
  const list = pageList(epub);
  let compared = 0;
  for (const [index, lines] of printed.entries()) {
    const folio = lines.at(-1);
    if (!folio || !/^\d+$/.test(folio) || lines.length < 2) continue;
    const entry = list.find((e) => e.label === folio);
    assert.ok(entry, `page ${folio} is printed but not in the page list`);
    const after = textAfter(epub.read(entry.file), entry.id, 8);
    assert.equal(after.length, 8, `text after the marker of page ${folio}`);
    // A list item's printed number (`1.`) is a CSS marker in the EPUB, not text.
    const body = lines.slice(0, -1).map((line) => line.replace(/^\d+[.)]\s+/, ''));
    const top = lettersAndDigits(body.join(''));
    const belowHead = lettersAndDigits(body.slice(1).join(''));
    // A table running over from the page before repeats its header row at the
    // top (as a print does): the page's own text starts below the lines the
    // page before printed too.
    const before = new Set((printed[index - 1] ?? []).map((line) => line.replace(/\s+/g, ' ')));
    let own = 1;
    while (own < body.length && before.has(body[own]!.replace(/\s+/g, ' '))) own++;
    const belowRepeats = lettersAndDigits(body.slice(own).join(''));
    assert.ok(top.startsWith(after) || belowHead.startsWith(after) || belowRepeats.startsWith(after), `page ${folio}: EPUB marker is followed by "${after}", the printed page begins "${body.slice(0, 3).join(' / ')}"`);
    compared++;
  }
  return compared;
}

describe('EPUB output', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-epub-'));
  const source = path.join(work, 'source', 'a11y-full');
  // Two builds, each of the sample and the fixture together (one process, one Chromium for both documents):
  // c with the PDFs and every edition, d the EPUBs alone, in another time zone.
  const sample = { a: path.join(work, 'c', 'haishu-2023'), b: path.join(work, 'd', 'haishu-2023') };
  const full = { first: path.join(work, 'c', 'a11y-full'), hant: path.join(work, 'c', 'a11y-full', 'hant'), large: path.join(work, 'c', 'a11y-full', 'large') };
  after(() => rmSync(work, { recursive: true, force: true }));

  before(() => {
    // The fixture, with its 繁體 edition set vertically.
    cpSync(fixture, source, { recursive: true });
    const markdown = readFileSync(path.join(source, 'index.md'), 'utf8');
    writeFileSync(path.join(source, 'index.md'), markdown.replace('    variant: tw\n', '    variant: tw\n    writing: vertical\n'));
    for (const [args, env] of [
      [['build', sampleDir, source, '--out', path.join(work, 'c'), '--format', 'epub,pdf', '--all-editions'], { TZ: 'UTC' }],
      // Both default editions again, elsewhere, another time zone, the EPUB alone.
      [['build', sampleDir, source, '--out', path.join(work, 'd'), '--format', 'epub'], { TZ: 'Asia/Shanghai', ...OWN_CHROMIUM }],
    ] as const) {
      // Three editions print on a shared 2-core machine: more time than the CLI helper's 180 s.
      const result = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'paiban.js'), ...args], { cwd: repoRoot, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 900_000 });
      assert.equal(result.status, 0, result.stderr);
    }
  });

  test('built twice (another time zone, without the PDF asked for) → the same bytes; the manifest lists it as epub', () => {
    const a = readFileSync(path.join(sample.a, 'haishu-2023.epub'));
    assert.ok(a.equals(readFileSync(path.join(sample.b, 'haishu-2023.epub'))));
    const manifest = JSON.parse(readFileSync(path.join(sample.b, 'manifest.json'), 'utf8')) as { outputs: { role: string; path: string }[] };
    assert.deepEqual(manifest.outputs.map((o) => [o.role, o.path]), [['epub', 'haishu-2023.epub']]);
  });

  test('the accessibility fixture built twice → the same EPUB bytes', () => {
    const a = readFileSync(path.join(full.first, 'a11y-full.epub'));
    assert.ok(a.equals(readFileSync(path.join(work, 'd', 'a11y-full', 'a11y-full.epub'))));
  });

  test('OCF: mimetype is the first entry, stored, with no extra field', () => {
    const bytes = readFileSync(path.join(full.first, 'a11y-full.epub'));
    assert.equal(bytes.readUInt32LE(0), 0x04034b50);
    assert.equal(bytes.readUInt16LE(8), 0, 'stored');
    assert.equal(bytes.readUInt16LE(28), 0, 'no extra field');
    assert.equal(bytes.toString('latin1', 30, 38 + 20), 'mimetypeapplication/epub+zip');
  });

  test('the page list holds the printed folios, and each marker is followed by the text that tops that page in the PDF', () => {
    const cases = [
      [path.join(sample.a, 'haishu-2023.epub'), path.join(sample.a, 'haishu-2023.pdf'), 2],
      [path.join(full.first, 'a11y-full.epub'), path.join(full.first, 'a11y-full.pdf'), 3],
      [path.join(full.hant, 'a11y-full.epub'), path.join(full.hant, 'a11y-full.pdf'), 3],
    ] as const;
    for (const [epubFile, pdf, atLeast] of cases) checkPageList(epubFile, pdf, atLeast);
  });

  // The large-print page 4 opens with the rest of a table: its header row
  // printed again, then 学位 4680, where the marker must stand.
  test('large print: the page list markers match the PDF (a page topped by a table running over)', () => {
    checkPageList(path.join(full.large, 'a11y-full.epub'), path.join(full.large, 'a11y-full.pdf'), 3);
  });

  function checkPageList(epubFile: string, pdf: string, atLeast: number): void {
    {
      const epub = openEpub(epubFile);
      const labels = pageList(epub).map((e) => e.label);
      // Folios 1…N, one entry each, N the last folio printed.
      const lastFolio = Math.max(...pdfPageLines(pdf).map((lines) => lines.at(-1) ?? '').filter((f) => /^\d+$/.test(f)).map(Number));
      assert.deepEqual(labels, Array.from({ length: lastFolio }, (_, i) => String(i + 1)), epubFile);
      assert.ok(comparePageStarts(epub, pdf) >= atLeast, `${epubFile}: pages compared`);
      // Every marker is a DPUB page break named with its folio.
      for (const entry of pageList(epub)) {
        const marker = all(parse(epub.read(entry.file)), (n) => n.attributes['id'] === entry.id)[0]!;
        assert.equal(marker.attributes['epub:type'], 'pagebreak');
        assert.equal(marker.attributes['role'], 'doc-pagebreak');
        assert.match(marker.attributes['title'] ?? '', new RegExp(`^第 ${entry.label} [页頁]$`));
      }
    }
  }

  test('package metadata: from the edition, never the clock; EPUB Accessibility 1.1', () => {
    const first = openEpub(path.join(full.first, 'a11y-full.epub'));
    const hant = openEpub(path.join(full.hant, 'a11y-full.epub'));
    const dc = (epub: Epub, name: string) => all(epub.opf, (n) => n.name === name).map(text);
    assert.deepEqual(dc(first, 'dc:title'), ['无障碍综合测试文档']);
    assert.deepEqual(dc(first, 'dc:creator'), ['测试单位']);
    assert.deepEqual(dc(first, 'dc:language'), ['zh-CN']);
    assert.deepEqual(dc(hant, 'dc:language'), ['zh-TW']);
    assert.deepEqual(dc(hant, 'dc:title'), ['無障礙綜合測試文檔']);
    assert.deepEqual(metaValues(first.opf, 'dcterms:modified'), ['2024-05-01T00:00:00Z']);
    const [id] = dc(first, 'dc:identifier');
    assert.match(id!, /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.notEqual(dc(hant, 'dc:identifier')[0], id, 'each edition its own identifier');
    assert.deepEqual(metaValues(first.opf, 'schema:accessMode').sort(), ['textual', 'visual']);
    assert.deepEqual(metaValues(first.opf, 'schema:accessModeSufficient'), ['textual']);
    for (const feature of ['printPageNumbers', 'tableOfContents', 'structuralNavigation', 'alternativeText', 'rubyAnnotations', 'readingOrder']) {
      assert.ok(metaValues(first.opf, 'schema:accessibilityFeature').includes(feature), feature);
    }
    assert.deepEqual(metaValues(first.opf, 'schema:accessibilityHazard'), ['none']);
    assert.match(metaValues(first.opf, 'schema:accessibilitySummary')[0]!, /页码/);
    assert.match(metaValues(hant.opf, 'schema:accessibilitySummary')[0]!, /頁碼/);
    assert.deepEqual(metaValues(first.opf, 'dcterms:conformsTo'), ['EPUB Accessibility 1.1 - WCAG 2.1 Level AA']);
    // The page list's source is the printed edition (EPUB Accessibility Techniques 1.1 §4.1.2: dc:source refined by source-of
    // "pagination"; DAISY Ace's epub-pagesource rule looks for exactly this).
    const source = all(first.opf, (n) => n.name === 'dc:source')[0];
    assert.ok(source?.attributes['id'], 'dc:source with an id');
    assert.deepEqual(
      all(first.opf, (n) => n.name === 'meta' && n.attributes['refines'] === `#${source.attributes['id']}` && n.attributes['property'] === 'source-of').map(text),
      ['pagination'],
    );
    // The sample has no image and no ruby: neither claimed.
    const sampleOpf = openEpub(path.join(sample.a, 'haishu-2023.epub')).opf;
    assert.deepEqual(metaValues(sampleOpf, 'schema:accessMode'), ['textual']);
    assert.ok(!metaValues(sampleOpf, 'schema:accessibilityFeature').includes('alternativeText'));
    // Fonts are subsets declared in the manifest.
    const fonts = all(first.opf, (n) => n.name === 'item' && n.attributes['media-type'] === 'font/woff');
    assert.ok(fonts.length >= 4);
    for (const font of fonts) assert.ok(first.files[`EPUB/${font.attributes['href']}`]!.length < 2_000_000, font.attributes['href']);
  });

  test('one content document per chapter; footnotes, noterefs, images, ruby and lang spans kept; zh-Hant converted', () => {
    const epub = openEpub(path.join(full.first, 'a11y-full.epub'));
    assert.deepEqual(epub.spine, ['EPUB/title.xhtml', 'EPUB/nav.xhtml', 'EPUB/chapter-01.xhtml', 'EPUB/chapter-02.xhtml']);
    const docs = epub.spine.filter((f) => f !== 'EPUB/nav.xhtml').map((f) => parse(epub.read(f)));
    const everything = { name: '#all', attributes: {}, children: docs } as Node;
    const notes = all(everything, (n) => n.name === 'aside');
    assert.equal(notes.length, 2);
    for (const note of notes) {
      assert.equal(note.attributes['epub:type'], 'footnote');
      assert.equal(note.attributes['role'], 'doc-footnote');
    }
    const refs = all(everything, (n) => n.attributes['epub:type'] === 'noteref');
    assert.equal(refs.length, 2);
    for (const ref of refs) {
      assert.equal(ref.attributes['role'], 'doc-noteref');
      assert.ok(notes.some((note) => ref.attributes['href']!.endsWith(`#${note.attributes['id']}`)), ref.attributes['href']);
    }
    const chart = all(everything, (n) => n.name === 'img' && n.attributes['src'] === 'images/chart.png')[0]!;
    assert.equal(chart.attributes['alt'], '2023年各季度地区生产总值增长示意图');
    // The source's image, pixel for pixel.
    const [packed, original] = [Buffer.from(epub.files['EPUB/images/chart.png']!), readFileSync(path.join(fixture, 'images', 'chart.png'))].map((bytes) => PNG.sync.read(bytes));
    assert.deepEqual([packed!.width, packed!.height], [original!.width, original!.height]);
    assert.ok(packed!.data.equals(original!.data), 'the same pixels');
    assert.equal(text(all(everything, (n) => n.name === 'rt')[0]!), 'hǎi shǔ');
    assert.equal(text(all(everything, (n) => n.attributes['lang'] === 'en' && n.name === 'span')[0]!), 'Accessible by default');
    const toc = all(epub.nav, (n) => n.name === 'nav' && n.attributes['epub:type'] === 'toc')[0]!;
    assert.deepEqual(all(toc, (n) => n.name === 'a').map(text).slice(0, 3), ['无障碍综合测试文档', '一、图和表', '（一）二级标题']);
    assert.equal(all(epub.nav, (n) => n.name === 'nav' && n.attributes['epub:type'] === 'landmarks').length, 1);

    const hant = openEpub(path.join(full.hant, 'a11y-full.epub'));
    const hantText = hant.spine.map((f) => hant.read(f)).join('');
    assert.match(hantText, /本文檔用於檢驗無障礙輸出/);
    assert.doesNotMatch(hantText, /本文档用于检验/);
  });

  test('writing: vertical (the 繁體 edition here) → vertical-rl, right-to-left page progression, short numbers upright; the others stay horizontal', () => {
    const hant = openEpub(path.join(full.hant, 'a11y-full.epub'));
    const first = openEpub(path.join(full.first, 'a11y-full.epub'));
    const spine = (epub: Epub) => all(epub.opf, (n) => n.name === 'spine')[0]!.attributes['page-progression-direction'];
    assert.equal(spine(hant), 'rtl');
    assert.equal(spine(first), 'ltr');
    const doc = parse(hant.read('EPUB/chapter-01.xhtml'));
    assert.match(all(doc, (n) => n.name === 'html')[0]!.attributes['class'] ?? '', /\bvertical\b/);
    const upright = all(doc, (n) => n.attributes['class'] === 'tcy').map(text);
    assert.ok(upright.includes('1'), `upright numbers: ${upright.join(' ')}`);
    assert.ok(upright.every((digits) => /^\d{1,2}$/.test(digits)));
    assert.doesNotMatch(first.read('EPUB/chapter-01.xhtml'), /class="tcy"/);
    assert.match(hant.read('EPUB/assets/web.css'), /writing-mode: vertical-rl/);
    assert.doesNotMatch(hant.read('EPUB/assets/web.css'), /@page|@media print/);
  });

  test('paiban check: epubcheck 0 errors and 0 warnings, structure checks, Nu validator and axe-core on every content document', { skip: !onPath('epubcheck') && 'epubcheck is not installed (scripts/setup.sh installs it)' }, () => {
    const files = [path.join(sample.a, 'haishu-2023.epub'), path.join(full.first, 'a11y-full.epub'), path.join(full.hant, 'a11y-full.epub'), path.join(full.large, 'a11y-full.epub')];
    const result = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'paiban.js'), 'check', '--json', ...files], { cwd: repoRoot, encoding: 'utf8', timeout: 1_200_000 });
    assert.equal(result.status, 0, result.stdout.slice(0, 4000) + result.stderr);
    const reports = JSON.parse(result.stdout) as Record<string, { rules: { rule: string; checked: number; failed: number }[] }>;
    for (const file of files) {
      const rules = Object.fromEntries(reports[file]!.rules.map((r) => [r.rule, r]));
      for (const rule of ['epubcheck', 'ocf', 'metadata', 'page-list']) assert.ok(rules[rule]!.checked > 0 && rules[rule]!.failed === 0, `${file}: ${rule}`);
      const documents = Object.keys(reports).filter((key) => key.startsWith(`${file}:`));
      assert.ok(documents.length >= 2, `${file}: content documents checked`);
      for (const doc of documents) {
        const docRules = Object.fromEntries(reports[doc]!.rules.map((r) => [r.rule, r]));
        assert.ok(docRules['vnu']!.checked > 0 && docRules['axe']!.checked > 0 && docRules['WCAG 1.4.10']!.checked > 0, doc);
      }
    }
  });
});
