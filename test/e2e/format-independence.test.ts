// Each output's bytes are the same whichever other formats are built with it:
// the font subsets hold the text of both layouts (the web page's and the
// printed book's), not only of the layouts requested.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { buildDocument, type Format } from '../../src/pipeline/edition.ts';
import { snapshot } from '../helpers/files.ts';
import { inProcessBuilds } from '../helpers/in-process.ts';

const { renderer, tmp } = inProcessBuilds('paiban-formats-');

/**
 * A booklet with a cover: its colophon (书名, 版次, 印张…) and contents are
 * printed only, the web page's skip link (跳到正文) and footer are shown
 * only; none of those words is in the body.
 */
const SOURCE = `---
title: 独立的输出
author: 测试
date: 2024-03-01
layout: booklet
---

# 第一章

甲乙丙丁，春夏秋冬。

## 一节

东南西北，上下左右。

# 第二章

金木水火土。
`;

async function build(docDir: string, label: string, formats: Format[]): Promise<Record<string, string>> {
  const outRoot = path.join(tmp, label);
  await buildDocument(docDir, renderer, { outRoot, formats: new Set(formats), timeoutMs: 60_000, progress: () => undefined, warn: () => undefined });
  const files = snapshot(path.join(outRoot, 'solo'));
  delete files['manifest.json'];
  return files;
}

test('a PDF, the HTML output, the press PDF and the EPUB are byte-identical built alone or with the other formats', async () => {
  const docDir = path.join(tmp, 'source', 'solo');
  await mkdir(docDir, { recursive: true });
  await writeFile(path.join(docDir, 'index.md'), SOURCE);
  const pdfOnly = await build(docDir, 'pdf', ['pdf']);
  const htmlOnly = await build(docDir, 'html', ['html']);
  const pressAndEpub = await build(docDir, 'print-epub', ['print', 'epub']);
  const all = await build(docDir, 'all', ['html', 'pdf', 'print', 'epub']);

  // The premise: each layout has words the other lacks (else the test proves nothing).
  const web = readFileSync(path.join(tmp, 'html', 'solo', 'index.html'), 'utf8');
  assert.ok(web.includes('跳到正文') && !web.includes('印张'), 'the web page has its skip link and no colophon');
  assert.ok(!SOURCE.includes('跳到正文') && !SOURCE.includes('版次'));

  assert.deepEqual(Object.keys(pdfOnly), ['solo.pdf']);
  const htmlFiles = Object.keys(htmlOnly);
  assert.ok(htmlFiles.includes('index.html') && htmlFiles.some((file) => file.startsWith(path.join('assets', 'fonts') + path.sep)), htmlFiles.join(', '));
  assert.deepEqual(Object.keys(pressAndEpub).sort(), ['solo.epub', 'solo.print.pdf']);
  // Every file that differs from the combined build's, named (all of them at once).
  const differing = [
    ...Object.keys(pdfOnly).filter((file) => pdfOnly[file] !== all[file]).map((file) => `${file} (pdf alone)`),
    ...htmlFiles.filter((file) => htmlOnly[file] !== all[file]).map((file) => `${file} (html alone)`),
    ...Object.keys(pressAndEpub).filter((file) => pressAndEpub[file] !== all[file]).map((file) => `${file} (print and epub without html)`),
  ];
  assert.deepEqual(differing, []);
});
