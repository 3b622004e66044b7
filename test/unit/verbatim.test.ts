import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Root } from 'mdast';
import { toHtml } from 'hast-util-to-html';
import { parseMarkdown } from '../../src/markdown/parse.ts';
import { normalizeTreePunctuation } from '../../src/markdown/punctuation.ts';
import { langSpans } from '../../src/markdown/official.ts';
import { markdownToHastSync } from '../../src/markdown/html.ts';

/** Normalise a Markdown body as the build does; the HTML and the count of changed marks. */
function normalise(markdown: string): { html: string; count: number } {
  const tree = parseMarkdown(markdown) as Root;
  langSpans(tree);
  const count = normalizeTreePunctuation(tree);
  // Without the keep-last-two markup the HTML stage adds.
  return { html: toHtml(markdownToHastSync(tree)).replace(/<span class="keep">([^<]*)<\/span>/g, '$1'), count };
}

test('Chinese text is normalised; the count is the marks changed', () => {
  assert.deepEqual(normalise('嗨! 你知道嘛?\n'), { html: '<p>嗨！你知道嘛？</p>', count: 2 });
});

test('a verbatim block keeps the author’s marks; text after it is normalised again', () => {
  const { html, count } = normalise('<div class="verbatim">\n\n嗨! 你知道嘛?\n\n</div>\n\n对,就是这样.\n');
  assert.ok(html.includes('嗨! 你知道嘛?'), html);
  assert.ok(html.includes('对，就是这样。'), html);
  assert.equal(count, 2);
});

test('an inline verbatim span and foreign-language spans keep their marks', () => {
  const { html, count } = normalise('例如<span class="verbatim">嗨!</span>和[Wang,Li (2020)]{lang=en}以及<span lang="en">Wang Li (王力), Beijing.</span>。\n');
  for (const kept of ['嗨!', 'Wang,Li (2020)', 'Wang Li (王力), Beijing.']) assert.ok(html.includes(kept), `${kept} in ${html}`);
  assert.equal(count, 0);
});

test('a Chinese lang span is Chinese text', () => {
  const { count } = normalise('见<span lang="zh-CN">甲,乙</span>。\n');
  assert.equal(count, 1);
});
