import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sha256File, snapshot } from '../helpers/files.ts';
import { builtFixture } from '../helpers/built.ts';
import { OWN_CHROMIUM, sampleDir } from '../helpers/cli.ts';
import { sampleParagraphs } from '../helpers/documents.ts';
import { bodyText, pdfCatalogInfo, pdfFonts, pdfPageLines, squash } from '../helpers/pdf.ts';



describe('paiban build of the sample report', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-e2e-'));
  const outA = path.join(work, 'a');
  const outB = path.join(work, 'b');
  const docA = path.join(outA, 'haishu-2023');
  let first: ReturnType<typeof builtFixture>;

  // The run's shared builds of the sample (test/helpers/built.ts): two real
  // builds, in folders of their own, in two time zones.
  before(() => {
    first = builtFixture(sampleDir, [], { into: outA, env: { TZ: 'UTC' } });
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  test('succeeds and reports what it wrote', () => {
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /haishu-2023: wrote index\.html .*haishu-2023\.pdf \(\d+ pages, [\d.]+ KB\)/);
    assert.doesNotMatch(first.stderr, /\n\s+at /, 'no stack trace');
  });

  test('writes the contracted output layout: each file what its name says, all listed in the manifest with its hash', () => {
    const top = readdirSync(docA).sort();
    assert.deepEqual(top, ['assets', 'haishu-2023.pdf', 'haishu-2023.print.pdf', 'index.html', 'manifest.json']);
    assert.match(readFileSync(path.join(docA, 'index.html'), 'utf8'), /^<!DOCTYPE html>/i);
    for (const pdf of ['haishu-2023.pdf', 'haishu-2023.print.pdf']) {
      const bytes = readFileSync(path.join(docA, pdf));
      assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-', pdf);
      assert.match(bytes.subarray(-32).toString('latin1'), /%%EOF\s*$/, `${pdf} ends with %%EOF`);
    }
    const manifest = JSON.parse(readFileSync(path.join(docA, 'manifest.json'), 'utf8')) as { outputs: { path: string; sha256: string; bytes: number }[] };
    const onDisk = readdirSync(docA, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(docA, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
      .filter((file) => file !== 'manifest.json')
      .sort();
    assert.deepEqual(manifest.outputs.map((o) => o.path).sort(), onDisk, 'the folder holds exactly the manifest’s outputs');
    for (const output of manifest.outputs) {
      assert.equal(sha256File(path.join(docA, output.path)), output.sha256, output.path);
      assert.equal(statSync(path.join(docA, output.path)).size, output.bytes, output.path);
    }
  });

  test('PDF: tagged, zh-CN, titled, several A4 pages', async () => {
    const info = await pdfCatalogInfo(path.join(docA, 'haishu-2023.pdf'));
    assert.equal(info.lang, 'zh-CN');
    assert.equal(info.title, '宁波市海曙区人民政府工作报告');
    assert.ok(info.marked, 'MarkInfo /Marked true');
    assert.ok(info.pages >= 2 && info.pages <= 6, `pages: ${info.pages}`);
  });

  test('PDF: every font embedded with a ToUnicode map, none Type 3', () => {
    const fonts = pdfFonts(path.join(docA, 'haishu-2023.pdf'));
    assert.ok(fonts.length >= 2, 'body and heading fonts');
    for (const font of fonts) {
      assert.notEqual(font.type, 'Type 3', font.name);
      assert.ok(font.embedded, `${font.name} embedded`);
      assert.ok(font.unicode, `${font.name} has ToUnicode`);
      assert.match(font.name, /^[A-Z]{6}\+NotoS(erif|ans)SC-/, 'only the pinned fonts, subset');
    }
  });

  test('PDF: the text of every paragraph extracts exactly', () => {
    const pages = pdfPageLines(path.join(docA, 'haishu-2023.pdf'));
    assert.equal(pages[0]![0], '宁波市海曙区人民政府工作报告', 'the cover carries the title');
    // Running heads and folios are dropped before pages are joined.
    const text = squash(bodyText(pages, ['宁波市海曙区人民政府工作报告']));
    const paragraphs = sampleParagraphs();
    assert.equal(paragraphs.length, 5);
    for (const paragraph of paragraphs) {
      const plain = paragraph.replace(/\*\*/g, '');
      assert.ok(text.includes(squash(plain)), `paragraph starting ${plain.slice(0, 20)} is in the PDF text`);
    }
  });

  test('PDF: cover and colophon unnumbered, then each body page carries its folio from 1', () => {
    const pages = pdfPageLines(path.join(docA, 'haishu-2023.pdf'));
    assert.ok(pages[1]!.some((line) => line.startsWith('版次')), 'page 2 is the colophon');
    for (const page of pages.slice(0, 2)) assert.doesNotMatch(page.at(-1)!, /^\d+$/);
    pages.slice(2).forEach((lines, i) => assert.equal(lines.at(-1), String(i + 1), `folio of body page ${i + 1}`));
  });

  test('HTML: lang, title, a single h1, main, the paragraphs', () => {
    const html = readFileSync(path.join(docA, 'index.html'), 'utf8');
    assert.match(html, /^<!DOCTYPE html>\n<html lang="zh-CN">/);
    assert.match(html, /<title>宁波市海曙区人民政府工作报告<\/title>/);
    assert.equal(html.match(/<h1[\s>]/g)?.length, 1);
    assert.equal(html.match(/<main[\s>]/g)?.length, 1);
    const text = html.replace(/<[^>]+>/g, '');
    for (const paragraph of sampleParagraphs()) assert.ok(text.includes(paragraph.replace(/\*\*/g, '')), paragraph.slice(0, 20));
    // Every asset the page links is in the folder, by a relative path.
    for (const [, href] of html.matchAll(/(?:href|src)="([^"#]+)"/g)) {
      assert.ok(!/^(?:[a-z]+:|\/)/i.test(href!), `relative link ${href}`);
      assert.ok(statSync(path.join(docA, href!)).isFile(), `${href} exists`);
    }
  });

  test('manifest: the contracted fields, hashes that match the files', () => {
    const manifest = JSON.parse(readFileSync(path.join(docA, 'manifest.json'), 'utf8'));
    assert.equal(manifest.document, 'haishu-2023');
    assert.equal(manifest.title, '宁波市海曙区人民政府工作报告');
    assert.equal(typeof manifest.edition, 'string');
    assert.deepEqual(Object.keys(manifest.generator), ['name', 'version']);
    assert.equal(manifest.generator.name, 'paiban');
    assert.match(manifest.browser, /Chrome\/\d+/);
    const roles = manifest.outputs.map((o: { role: string }) => o.role);
    assert.ok(roles.includes('html') && roles.includes('pdf') && roles.includes('print'));
    for (const output of manifest.outputs) {
      const file = path.join(docA, output.path);
      assert.equal(sha256File(file), output.sha256, output.path);
      assert.equal(statSync(file).size, output.bytes, output.path);
      if (output.role === 'pdf' || output.role === 'print') assert.ok(output.pages >= 2);
      else assert.equal(output.pages, undefined);
    }
  });

  test('a second build, elsewhere, is byte-identical', () => {
    const second = builtFixture(sampleDir, [], { into: outB, env: { TZ: 'Asia/Shanghai', ...OWN_CHROMIUM } });
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual(snapshot(path.join(outB, 'haishu-2023')), snapshot(docA));
  });
});
