import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readDocument } from '../../src/markdown/document.ts';
import { shiftHeadings } from '../../src/markdown/headings.ts';
import { markdownToHtml } from '../../src/markdown/html.ts';
import { parseMarkdown } from '../../src/markdown/parse.ts';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkCjkFriendly from 'remark-cjk-friendly';

const html = (markdown: string) => markdownToHtml(parseMarkdown(markdown));

test('CJK-friendly emphasis: bold closes after 。 before a Han character', () => {
  assert.equal(html('**社会保障更广覆盖。**户籍人口基本养老'), '<p><strong>社会保障更广覆盖。</strong>户籍人口基本<span class="keep">养老</span></p>');
  assert.equal(html('这是*强调*内容'), '<p>这是<em>强调</em><span class="keep">内容</span></p>');
});

test('keep-last-two leaves a paragraph ending in a long run of marks alone, and still keeps 。” after letters', () => {
  assert.equal(html(`签字栏：${'＿'.repeat(60)}`), `<p>签字栏：${'＿'.repeat(60)}</p>`);
  assert.equal(html('他说：“好的内容。”'), '<p>他说：“好的<span class="keep">内容。”</span></p>');
});

test('literal autolinks: the guarded pass finds what the plain GFM pass finds, and skips only text without @, www. or http(s)://', () => {
  // GFM as it comes, without paiban's guard (autolink-guard.ts), as the reference.
  const plain = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).use(remarkCjkFriendly);
  const gfmTransforms = (plain.freeze().data('fromMarkdownExtensions') as unknown[]).flat(Infinity) as { transforms?: { name: string }[] }[];
  assert.ok(
    gfmTransforms.some((extension) => extension.transforms?.some((transform) => /^transformGfmAutolinkLiterals\d*$/.test(transform.name))),
    'the pass the guard wraps is found by its name',
  );
  for (const text of [
    '见 www.example.cn 和 https://example.cn/a?b=1。',
    '大写 HTTPS://EXAMPLE.CN/路径 与 WWW.EXAMPLE.CN',
    '邮箱 name@example.cn，mailto:a@b.cn，xmpp:a@b.cn/x',
    // Character references: text the syntax extension never saw, that only the pass links.
    '编码的 name&#64;example.cn',
    '编码的 WWW&#46;EXAMPLE.CN',
    '编码的 HTTPS&#58;//example.cn/a',
    '**加粗 www.example.cn** 与 [链接 https://a.cn](https://b.cn)',
    '没有链接的中文段落，只有 http: 与 www 和 @ 之外的字。',
    '纯中文段落。',
  ]) {
    const markdown = `---\ntitle: t\n---\n\n${text}\n`;
    assert.deepEqual(parseMarkdown(markdown), plain.runSync(plain.parse(markdown)), text);
  }
  assert.match(html('见 www.example.cn 了解'), /见 <a href="http:\/\/www\.example\.cn">www\.example\.cn<\/a> /);
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
