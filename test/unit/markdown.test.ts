import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readDocument } from '../../src/markdown/document.ts';
import { shiftHeadings } from '../../src/markdown/headings.ts';
import { markdownToHtml } from '../../src/markdown/html.ts';
import { parseMarkdown } from '../../src/markdown/parse.ts';

const html = (markdown: string) => markdownToHtml(parseMarkdown(markdown));

test('CJK-friendly emphasis: bold closes after 。 before a Han character', () => {
  assert.equal(html('**社会保障更广覆盖。**户籍人口基本养老'), '<p><strong>社会保障更广覆盖。</strong>户籍人口基本<span class="keep">养老</span></p>');
  assert.equal(html('这是*强调*内容'), '<p>这是<em>强调</em><span class="keep">内容</span></p>');
});

test('keep-last-two leaves a paragraph ending in a long run of marks alone, and still keeps 。” after letters', () => {
  assert.equal(html(`签字栏：${'＿'.repeat(60)}`), `<p>签字栏：${'＿'.repeat(60)}</p>`);
  assert.equal(html('他说：“好的内容。”'), '<p>他说：“好的<span class="keep">内容。”</span></p>');
});

test('GFM tables and strikethrough', () => {
  assert.match(html('| 指标 | 数值 |\n|---|---|\n| 增长 | 3.5% |\n'), /<table>[\s\S]*<th scope="col">指标<\/th>[\s\S]*<td>3.5%<\/td>/);
});

test('raw HTML is sanitised: no script, handlers, javascript: URLs, iframes', () => {
  const out = html(
    '<script>alert(1)</script>\n\n<p onclick="x()">段落</p>\n\n[链接](javascript:alert(1))\n\n<iframe src="http://169.254.169.254/"></iframe>\n\n<img src="file:///etc/passwd" alt="x">\n\n<span lang="en">English</span>',
  );
  assert.doesNotMatch(out, /script|onclick|javascript:|iframe|file:/i);
  assert.match(out, /<span lang="en">English<\/span>/);
  assert.match(out, /段落/);
});

test('template-looking text comes out literally', () => {
  assert.equal(html('{{constructor.constructor "x"}}'), '<p>{{constructor.constructor "x"}}</p>');
});

test('headings: shifted below the title, with ids', () => {
  const tree = parseMarkdown('# 一、过去一年\n\n## （一）经济\n');
  shiftHeadings(tree);
  assert.equal(markdownToHtml(tree), '<h2 id="一过去一年">一、过去一年</h2>\n<h3 id="一经济">（一）经济</h3>');
});

test('readDocument splits front matter from the body', () => {
  const doc = readDocument('---\ntitle: 报告\nauthor: 区政府\ndate: 2023-02-01\n---\n\n正文。\n', 'x.md');
  assert.equal(doc.meta.title, '报告');
  assert.equal(doc.metaLines['date'], 4);
  assert.deepEqual(doc.tree.children.map((n) => n.type), ['paragraph']);
});

test('readDocument: missing or unclosed front matter', () => {
  assert.throws(() => readDocument('正文。\n', 'x.md'), /no front matter/);
  assert.throws(() => readDocument('---\ntitle: 报告\n\n正文。\n', 'x.md'), /not closed/);
});
