import assert from 'node:assert/strict';
import { test } from 'node:test';
import { markdownToHtml } from '../../src/markdown/html.ts';
import { parseMarkdown } from '../../src/markdown/parse.ts';

/** Body Markdown → HTML, without the keep-last-two markup. */
const html = (markdown: string): string => markdownToHtml(parseMarkdown(markdown)).replace(/<span class="keep">(.*?)<\/span>/g, '$1');

test('emphasis with no Han character is Latin (italic)', () => {
  assert.equal(html('见 *Nature*, 2020.\n'), '<p>见 <em class="latin">Nature</em>, 2020.</p>');
  assert.equal(html('*2024*\n'), '<p><em class="latin">2024</em></p>');
});

test('emphasis over Han stays 着重号; digits before Han go with the Han', () => {
  assert.equal(html('这是*重点*。\n'), '<p>这是<em>重点</em>。</p>');
  assert.equal(html('于*2024年*召开。\n'), '<p>于<em>2024年</em>召开。</p>');
});

test('a mixed run is split into Han and Latin <em>s; an element goes with its own script', () => {
  assert.equal(html('*读 Nature 杂志*\n'), '<p><em>读 </em><em class="latin">Nature </em><em>杂志</em></p>');
  assert.equal(html('*见[Nature](a.html)和[杂志](b.html)*\n'), '<p><em>见</em><em class="latin"><a href="a.html">Nature</a></em><em>和<a href="b.html">杂志</a></em></p>');
});
