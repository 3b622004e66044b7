import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { Root as HastRoot } from 'hast';
import rehypeRaw from 'rehype-raw';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { parseMarkdown } from '../../src/markdown/parse.ts';
import { rehypeRawWhereNeeded } from '../../src/markdown/raw-where-needed.ts';
import { sampleDir } from '../helpers/cli.ts';

const require = createRequire(import.meta.url);
const commonmark = (require('commonmark-spec') as { tests: { markdown: string }[] }).tests.map((t) => t.markdown);
const gfm = [
  '- [ ] 未完成\n- [x] 已完成\n  - [ ] 嵌套\n',
  '| 左 | 中 | 右 |\n|:--|:-:|--:|\n| a | b | c |\n| 1 | 2 |\n',
  '~~删除~~ 与 ~单~\n',
  '脚注一[^1]，脚注二[^note]，再引一[^1]。\n\n[^1]: 第一条。\n[^note]: 第二条，\n    有两段。\n\n    第二段。\n',
  '访问 www.example.com 或 https://example.org/路径?x=1 或 mail@example.com。\n',
  '3. 三\n4. 四\n\n7) 七\n',
  '```js title="x"\nlet a = 1;\n```\n\n    缩进代码\n\n```\n\n开头空一行\n```\n',
  '行一  \n“引文”行二\\\n行三\n',
  '脚注[^a]\n\n[^a]: 含表格\n\n    | x |\n    |---|\n    | 1 |\n',
];

/** The hast remark-rehype makes (as html.ts sets it up), then the given raw step. */
function hastWith(markdown: string, raw: typeof rehypeRaw | typeof rehypeRawWhereNeeded): HastRoot {
  const processor = unified().use(remarkRehype, { allowDangerousHtml: true, clobberPrefix: '' });
  return (raw === rehypeRaw ? processor.use(rehypeRaw) : processor.use(rehypeRawWhereNeeded)).runSync(parseMarkdown(markdown)) as HastRoot;
}

/** Without the positions parse5 gives or not (text it merged has none, the root ends elsewhere): nothing after this step reads them. */
const comparable = (tree: HastRoot) => JSON.stringify(tree, function (this: { type?: string }, key, value: unknown) {
  return key === 'position' && (this.type === 'text' || this.type === 'root') ? undefined : value;
});

function hasHtml(markdown: string): boolean {
  let found = false;
  visit(parseMarkdown(markdown), 'html', () => void (found = true));
  return found;
}

describe('rehype-raw only where there is raw HTML', () => {
  test('without raw HTML: the same tree as rehype-raw gives (CommonMark examples, GFM, the sample)', () => {
    const sources = [...commonmark, ...gfm, readFileSync(path.join(sampleDir, 'index.md'), 'utf8')].filter((markdown) => !hasHtml(markdown));
    assert.ok(sources.length > 500, String(sources.length));
    for (const markdown of sources) assert.equal(comparable(hastWith(markdown, rehypeRawWhereNeeded)), comparable(hastWith(markdown, rehypeRaw)), markdown);
  });

  test('with raw HTML: rehype-raw itself', () => {
    const markdown = '段落<b>加粗</b>\n\n<div>\n\n*强调*\n\n</div>\n';
    assert.ok(hasHtml(markdown));
    const tree = hastWith(markdown, rehypeRawWhereNeeded);
    assert.equal(comparable(tree), comparable(hastWith(markdown, rehypeRaw)));
    let raw = 0;
    visit(tree, 'raw', () => void raw++);
    assert.equal(raw, 0);
  });
});
