import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import { UserError } from '../../src/errors.ts';
import { readDocument } from '../../src/markdown/document.ts';
import { parseMarkdown } from '../../src/markdown/parse.ts';
import { normalizeTreePunctuation } from '../../src/markdown/punctuation.ts';

function normalized(markdown: string): Root {
  const tree = parseMarkdown(markdown);
  normalizeTreePunctuation(tree);
  return tree;
}

/** Every literal value in document order: text, code, HTML, and link URLs. */
function literals(tree: Root): string[] {
  const out: string[] = [];
  visit(tree, (node) => {
    if ('value' in node && typeof node.value === 'string') out.push(`${node.type}:${node.value}`);
    if (node.type === 'link' || node.type === 'image') out.push(`${node.type}.url:${node.url}`);
  });
  return out;
}

describe('remark punctuation plugin', () => {
  it('normalises text in paragraphs, headings and table cells', () => {
    const tree = normalized('# 总体要求,目标\n\n这一年,我们.\n\n| 指标,单位 | 值 |\n|---|---|\n| 增长(%) | 3 |\n');
    assert.deepEqual(literals(tree), ['text:总体要求，目标', 'text:这一年，我们。', 'text:指标，单位', 'text:值', 'text:增长（%）', 'text:3']);
  });

  it('pairs quotes across emphasis and judges context across inline nodes', () => {
    const tree = normalized('他说"**重要**"的事,**共同富裕系统推进.**东西部协作');
    assert.deepEqual(literals(tree), ['text:他说“', 'text:重要', 'text:”的事，', 'text:共同富裕系统推进。', 'text:东西部协作']);
  });

  it('leaves inline code, code blocks, HTML and link URLs alone', () => {
    const tree = normalized('用`a,b`,中文<span title="x,y">甲,乙</span>[见这里](http://a.cn/x,y.html)。\n\n```\n中文,代码\n```\n');
    assert.deepEqual(literals(tree), [
      'text:用',
      'inlineCode:a,b',
      'text:，中文',
      'html:<span title="x,y">',
      'text:甲，乙',
      'html:</span>',
      'link.url:http://a.cn/x,y.html',
      'text:见这里',
      'text:。',
      'code:中文,代码',
    ]);
  });

  it('counts the fixes it made', () => {
    assert.equal(normalizeTreePunctuation(parseMarkdown('甲,乙;丙(丁)')), 4);
  });
});

describe('front matter field "punctuation"', () => {
  const head = 'title: 报告\nauthor: 政府\ndate: 2023-02-01\n';
  it('is on by default and can be turned off', () => {
    assert.equal(readDocument(`---\n${head}---\n正文\n`, 'a.md').meta.punctuation, true);
    assert.equal(readDocument(`---\n${head}punctuation: false\n---\n正文\n`, 'a.md').meta.punctuation, false);
  });
  it('a missing required field is still reported as required', () => {
    assert.throws(() => readDocument('---\ntitle: 报告\ndate: 2023-02-01\n---\n正文\n', 'a.md'), /field "author" is required/);
  });
  it('must be a boolean, reported at its line', () => {
    assert.throws(
      () => readDocument(`---\n${head}punctuation: maybe\n---\n正文\n`, 'a.md'),
      (error: unknown) => error instanceof UserError && error.line === 5 && /punctuation must be true or false/.test(error.message),
    );
  });
});
