import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PDFDocument, PDFName } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { testBrowser } from '../helpers/browser.ts';
import { builtFixture } from '../helpers/built.ts';
import { paiban, repoRoot, sampleDir, type CliResult } from '../helpers/cli.ts';
import { sampleParagraphs } from '../helpers/documents.ts';
import { squash } from '../helpers/pdf.ts';
import { untaggedContent } from '../helpers/marked-content.ts';
import { markedText } from '../helpers/tagged.ts';

const fixture = path.join(repoRoot, 'test', 'fixtures', 'a11y');

describe('accessible outputs pass paiban check', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-a11y-'));
  const IMAGE = '![2023年各季度地区生产总值增长示意图](images/chart.png "图1 各季度增长")';
  /** The fixture with its image marked decorative (no alt text, on purpose): built with the fixture, checked with it. */
  const decorative = path.join(work, 'src', 'decorative');
  /** The sample with largePrint: true: built and checked with them too. */
  const large = path.join(work, 'src', 'large');
  const checked = ['haishu-2023/haishu-2023.pdf', 'haishu-2023/index.html', 'a11y/a11y.pdf', 'a11y/index.html', 'decorative/decorative.pdf', 'decorative/index.html', 'large/large.pdf', 'large/index.html'].map((f) => path.join(work, f));
  let check: CliResult;
  before(() => {
    // The sample as the run's other tests read it (all formats; its HTML and PDF are checked here).
    const sample = builtFixture(sampleDir, [], { into: work, env: { TZ: 'UTC' } });
    assert.equal(sample.code, 0, sample.stderr);
    cpSync(fixture, decorative, { recursive: true });
    const source = readFileSync(path.join(decorative, 'index.md'), 'utf8');
    writeFileSync(path.join(decorative, 'index.md'), source.replace(IMAGE, '![](images/chart.png "decorative")'));
    cpSync(sampleDir, large, { recursive: true });
    const sampleSource = readFileSync(path.join(large, 'index.md'), 'utf8');
    writeFileSync(path.join(large, 'index.md'), sampleSource.replace('layout: booklet\n', 'layout: booklet\nlargePrint: true\n'));
    // One build and one check for the three documents (a process, a Chromium and a Java each).
    const result = paiban(['build', fixture, decorative, large, '--out', work, '--format', 'html,pdf']);
    assert.equal(result.code, 0, result.stderr);
    check = paiban(['check', '--json', ...checked]);
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  test('zero failures on the sample and on the figure/table/list/link/footnote/English fixture', () => {
    const report = JSON.parse(check.stdout) as Record<string, { findings: unknown[] }>;
    for (const file of checked) assert.deepEqual(report[file]!.findings, [], file);
    assert.equal(check.code, 0, check.stdout);
  });

  test('01-005, read by pdf.js and qpdf: in both PDFs all text, paths and images are tagged content or artifacts', async () => {
    for (const file of ['haishu-2023/haishu-2023.pdf', 'a11y/a11y.pdf']) assert.deepEqual(await untaggedContent(path.join(work, file), { paint: true }), [], file);
  });

  test('the sample PDF: tagged text in reading order, running heads and folios only as artifacts', async () => {
    const text = await markedText(path.join(work, 'haishu-2023', 'haishu-2023.pdf'));
    assert.equal(text.unmarked, '', 'no text outside marked content');
    const tagged = squash(text.tagged);
    // The paragraphs run on across page breaks with nothing between them.
    assert.ok(tagged.includes(squash(sampleParagraphs().map((p) => p.replace(/\*\*/g, '')).join(''))), 'paragraphs contiguous, in order');
    const title = '宁波市海曙区人民政府工作报告';
    assert.equal(tagged.split(title).length - 1, 2, 'the title twice in tagged text: cover and colophon');
    const artifacts = squash(text.artifacts);
    assert.ok(artifacts.includes(title), 'running heads are artifacts');
    assert.match(artifacts, /1.*2/, 'folios are artifacts');
  });

  test('PDF metadata and navigation: XMP, page labels, bookmarks, link descriptions', async () => {
    const bytes = readFileSync(path.join(work, 'a11y', 'a11y.pdf'));
    const xmp = bytes.toString('latin1');
    assert.match(xmp, /<pdfuaid:part>1<\/pdfuaid:part>/);
    assert.match(xmp, /<dc:language><rdf:Bag><rdf:li>zh-CN<\/rdf:li>/);
    // Read by pdf.js, a reader paiban's finishing does not share code with.
    const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
    try {
      const labels = await pdf.getPageLabels();
      assert.ok(labels, 'page labels');
      assert.equal(labels.length, pdf.numPages);
      assert.ok(labels.every((label) => label !== ''), `every page labelled: ${labels.join(' ')}`);
      assert.equal(new Set(labels).size, labels.length, `labels distinct: ${labels.join(' ')}`);
      // The fixture's chapter headings, written out from its index.md.
      const titles = ((await pdf.getOutline()) ?? []).flatMap(function walk(item): string[] {
        return [item.title, ...item.items.flatMap(walk)];
      });
      for (const heading of ['一、图和表', '二、列表和链接']) assert.ok(titles.includes(heading), `bookmark ${heading} in ${JSON.stringify(titles)}`);
      const links: { url?: string; contents: string }[] = [];
      for (let n = 1; n <= pdf.numPages; n++) {
        for (const annotation of await (await pdf.getPage(n)).getAnnotations()) {
          if (annotation.subtype === 'Link') links.push({ url: annotation.url, contents: annotation.contentsObj?.str ?? '' });
        }
      }
      assert.ok(links.length >= 2, `${links.length} links`);
      for (const link of links) assert.notEqual(link.contents.trim(), '', `link ${link.url ?? '(internal)'} has a description`);
      // An external link is described by the layout's 链接： label and its address.
      assert.equal(links.find((link) => link.url === 'https://www.haishu.gov.cn/')?.contents, '链接：https://www.haishu.gov.cn/');
    } finally {
      await pdf.destroy();
    }
  });

  test('HTML: landmarks, skip link, contents nav, figure caption, header scope, English span', () => {
    const html = readFileSync(path.join(work, 'a11y', 'index.html'), 'utf8');
    for (const pattern of [/<header/, /<main id="content">/, /<footer/, /<a class="skip-link" href="#content">/, /<nav class="toc"/, /<figcaption>图1 各季度增长<\/figcaption>/, /<th scope="col">/, /<span lang="en">Accessible by default<\/span>/, /<h2[^>]*>注释<\/h2>/]) {
      assert.match(html, pattern);
    }
    assert.doesNotMatch(html, /<script/);
  });

  test('a source image without alt text is a build error, unless marked decorative', () => {
    const doc = path.join(work, 'src', 'noalt');
    const out = path.join(work, 'out');
    cpSync(fixture, doc, { recursive: true });
    const source = readFileSync(path.join(doc, 'index.md'), 'utf8');
    writeFileSync(path.join(doc, 'index.md'), source.replace(IMAGE, '![](images/chart.png)'));
    const result = paiban(['build', doc, '--out', out, '--format', 'html']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /noalt\/index\.md:11: image "images\/chart\.png" has no alt text/);
    // Marked decorative, the same image builds (in before(), with the fixture), with an empty alt.
    assert.match(readFileSync(path.join(work, 'decorative', 'index.html'), 'utf8'), /<img src="images\/chart.png" alt="">/);
    // paiban check passes both of its outputs (checked in before(), with the others).
    const report = JSON.parse(check.stdout) as Record<string, { findings: unknown[] }>;
    for (const file of checked.filter((f) => f.includes(`${path.sep}decorative${path.sep}`))) assert.deepEqual(report[file]?.findings, [], file);
  });

  test('large print: largePrint: true reflows the PDF at 1.5× and marks the HTML', async () => {
    const pages = async (file: string) => (await PDFDocument.load(readFileSync(file))).getPageCount();
    const bodyPages = (await pages(path.join(work, 'haishu-2023', 'haishu-2023.pdf'))) - 2;
    const largeBodyPages = (await pages(path.join(work, 'large', 'large.pdf'))) - 2;
    // 1.5× the size: 2.25× the area per character.
    assert.ok(largeBodyPages >= bodyPages * 2, `${largeBodyPages} large-print body pages against ${bodyPages}`);
    assert.match(readFileSync(path.join(work, 'large', 'index.html'), 'utf8'), /<html lang="zh-CN" class="large-print">/);
    // paiban check passes both of its outputs (checked in before(), with the others).
    const report = JSON.parse(check.stdout) as Record<string, { findings: unknown[] }>;
    for (const file of checked.filter((f) => f.includes(`${path.sep}large${path.sep}`))) assert.deepEqual(report[file]?.findings, [], file);
  });
});

describe('paiban check reports what is broken', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-a11y-broken-'));
  after(() => rmSync(work, { recursive: true, force: true }));

  test('an untagged Chromium PDF, and one without /Lang', async () => {
    const browser = await testBrowser();
    try {
      const page = await browser.newPage();
      await page.setContent('<html><head><title>无标签</title></head><body><p>正文</p></body></html>');
      writeFileSync(path.join(work, 'untagged.pdf'), await page.pdf({ tagged: false }));
    } finally {
      await browser.close();
    }
    const untagged = paiban(['check', path.join(work, 'untagged.pdf')]);
    assert.equal(untagged.code, 1);
    for (const rule of ['01-002', '01-005', '06-001', '11-006']) assert.match(untagged.stdout, new RegExp(`\\[${rule}\\]`), rule);

    const good = builtFixture(sampleDir, [], { into: work, env: { TZ: 'UTC' } });
    assert.equal(good.code, 0, good.stderr);
    const pdf = await PDFDocument.load(readFileSync(path.join(work, 'haishu-2023', 'haishu-2023.pdf')));
    pdf.catalog.delete(PDFName.of('Lang'));
    writeFileSync(path.join(work, 'nolang.pdf'), await pdf.save());
    const nolang = paiban(['check', '--json', path.join(work, 'nolang.pdf')]);
    assert.equal(nolang.code, 1);
    const report = JSON.parse(nolang.stdout) as Record<string, { findings: { rule: string }[] }>;
    assert.deepEqual(report[path.join(work, 'nolang.pdf')]!.findings.map((f) => f.rule), ['11-006']);
  });

  test('an HTML page without lang and with an image without alt', () => {
    const dir = path.join(work, 'html');
    cpSync(path.join(fixture, 'images'), path.join(dir, 'images'), { recursive: true });
    writeFileSync(path.join(dir, 'index.html'), '<!DOCTYPE html><html><head><meta charset="utf-8"><title>测试</title></head><body><main><p>正文</p><img src="images/chart.png"></main></body></html>');
    const result = paiban(['check', path.join(dir, 'index.html')]);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /\[axe:html-has-lang\]/);
    assert.match(result.stdout, /\[axe:image-alt\]/);
    assert.match(result.stdout, /\[vnu\] .*alt/);
  });
});
