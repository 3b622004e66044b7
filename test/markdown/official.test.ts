import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shiftHeadings } from '../../src/markdown/headings.ts';
import { markdownToHtml } from '../../src/markdown/html.ts';
import { chineseNumeral, langSpans, markLeadSentences, numberHeadings, parseChineseNumeral, rubyText, type NumberingScheme } from '../../src/markdown/official.ts';
import { parseMarkdown } from '../../src/markdown/parse.ts';

function html(markdown: string, numbering?: NumberingScheme): string {
  const tree = parseMarkdown(markdown);
  numberHeadings(tree, numbering);
  markLeadSentences(tree);
  rubyText(tree);
  langSpans(tree);
  shiftHeadings(tree);
  return markdownToHtml(tree);
}

/** Without the keep-together spans. */
const unkept = (s: string): string => s.replace(/<span class="keep">([^<]*)<\/span>/g, '$1');

test('Chinese numerals both ways', () => {
  const cases: [number, string][] = [[1, '一'], [9, '九'], [10, '十'], [11, '十一'], [20, '二十'], [21, '二十一'], [99, '九十九'], [100, '一百'], [105, '一百零五'], [110, '一百一十']];
  for (const [n, s] of cases) {
    assert.equal(chineseNumeral(n), s);
    assert.equal(parseChineseNumeral(s), n);
  }
});

test('numbering: gongwen numbers headings 一、 （一） 1. （1） by depth, each level in its role', () => {
  const out = html('# 总体要求\n\n## 目标\n\n### 指标\n\n#### 细项\n\n#### 细项\n\n## 任务\n\n# 保障措施\n\n## 组织', 'gongwen');
  assert.match(out, /<h2 class="gw-1"[^>]*>一、总体要求<\/h2>/);
  assert.match(out, /<h3 class="gw-2"[^>]*>（一）目标<\/h3>/);
  assert.match(out, /<h4 class="gw-3"[^>]*>1.指标<\/h4>/);
  assert.match(out, /<h5 class="gw-4"[^>]*>（1）细项<\/h5>/);
  assert.match(out, /<h5 class="gw-4"[^>]*>（2）细项<\/h5>/);
  assert.match(out, /<h3 class="gw-2"[^>]*>（二）任务<\/h3>/);
  assert.match(out, /<h2 class="gw-1"[^>]*>二、保障措施<\/h2>/);
  // Counters below a level restart under each new heading of that level.
  assert.match(out, /<h3 class="gw-2"[^>]*>（一）组织<\/h3>/);
});

test('numbering: numbers the author typed are kept, not doubled, and the count goes on from them', () => {
  const out = html('# 一、总体要求\n\n# 保障措施\n\n## （三）组织\n\n## 经费\n\n### 2. 指标\n\n# 五、附则', 'gongwen');
  assert.match(out, />一、总体要求</);
  assert.match(out, />二、保障措施</);
  assert.match(out, />（三）组织</);
  assert.match(out, />（四）经费</);
  assert.match(out, />2. 指标</);
  assert.match(out, />五、附则</);
  assert.doesNotMatch(out, /一、一、|（三）（三）/);
});

test('numbering: the shallowest depth is level 1; without numbering nothing changes', () => {
  assert.match(html('## 甲\n\n### 乙', 'gongwen'), /<h3 class="gw-1"[^>]*>一、甲<\/h3>[\s\S]*<h4 class="gw-2"[^>]*>（一）乙<\/h4>/);
  const plain = html('# 甲\n\n## 乙');
  assert.match(plain, /<h2 id="甲">甲<\/h2>/);
  assert.doesNotMatch(plain, /gw-/);
});

test('a paragraph opening with bold runs it in as a lead sentence, in the same paragraph', () => {
  const out = unkept(html('**共同富裕系统推进。**东西部协作扎实开展。\n\n中间的**强调**不是。\n\n**整段加粗**'));
  assert.match(out, /<p><strong class="lead">共同富裕系统推进。<\/strong>东西部协作扎实开展。<\/p>/);
  assert.match(out, /中间的<strong>强调<\/strong>/);
  assert.doesNotMatch(out, /<strong class="lead">整段加粗/);
  // Run into a paragraph after another sentence, as reports do.
  const runIn = unkept(html('中心正式启用。**社会事业全面进步。**有序推进。其中**重点**在此。'));
  assert.match(runIn, /启用。<strong class="lead">社会事业全面进步。<\/strong>有序推进/);
  assert.match(runIn, /其中<strong>重点<\/strong>/);
});

test('ruby: {汉字|hàn zì} for the group, {汉|hàn|字|zì} per character; survives sanitising', () => {
  const out = html('读作{海曙|hǎi shǔ}，又{汉|hàn|字|zì}。`{代码|不}`');
  assert.match(out, /<ruby>海曙<rp>（<\/rp><rt>hǎi shǔ<\/rt><rp>）<\/rp><\/ruby>/);
  assert.match(out, /<ruby>汉<rp>（<\/rp><rt>hàn<\/rt><rp>）<\/rp>字<rp>（<\/rp><rt>zì<\/rt><rp>）<\/rp><\/ruby>/);
  assert.match(out, /<code>\{代码\|不\}<\/code>/);
  // Not ruby: no bar, an odd number of parts, empty parts.
  assert.match(unkept(html('集合{1, 2}与{a|b|c}与{|x}')), /集合\{1, 2\}与\{a\|b\|c\}与\{\|x\}/);
});

test('emphasis dots: *着重* is <em>, which the styles mark with text-emphasis', () => {
  assert.match(html('这是*重点*。'), /<em>重点<\/em>/);
});

test('raw HTML cannot use the pipeline classes to smuggle anything else', () => {
  const out = html('<p class="lead evil" style="color:red">甲乙丙丁。</p>\n\n<strong class="lead x">甲</strong>乙丙');
  assert.doesNotMatch(out, /evil|style=|class="lead x"/);
});

test('break opportunities: <wbr> between Han and an opening quote, and after a closing quote; not in code', () => {
  const out = html('完成“1+8”执法。`成“码”执`');
  assert.match(out, /完成<wbr>“1\+8”<wbr>执法/);
  assert.match(out, /<code>成“码”执<\/code>/);
});

test("a paragraph's last two characters are kept together, with what follows them", () => {
  assert.match(html('这是一段话，最后两个字。'), /最后两个<span class="keep">字。<\/span>|最后两<span class="keep">个字。<\/span>/);
  assert.match(html('请读{甬|yǒng}。'), /请<span class="keep">读<ruby>甬/);
  // A long bold ending is not held on one line.
  assert.doesNotMatch(html('开头**这是很长的一句加粗结尾。**'), /class="keep"/);
});

test('foreign-language spans: [text]{lang=en} becomes <span lang="en">; raw lang survives sanitising', () => {
  const out = unkept(html('标有[Made in China]{lang=en}字样，<span lang="fr">Liberté</span>与[x]{lang=not a tag}。'));
  assert.match(out, /标有<span lang="en">Made in China<\/span>字样/);
  assert.match(out, /<span lang="fr">Liberté<\/span>/);
  assert.match(out, /\[x\]\{lang=not a tag\}/);
});

test('front matter: numbering is validated, with its line', async () => {
  const { readDocument } = await import('../../src/markdown/document.ts');
  const ok = readDocument('---\ntitle: 甲\nauthor: 乙\ndate: 2023-02-01\nnumbering: gongwen\n---\n\n正文', 'x.md');
  assert.equal(ok.meta.numbering, 'gongwen');
  assert.throws(
    () => readDocument('---\ntitle: 甲\nauthor: 乙\ndate: 2023-02-01\nnumbering: roman\n---\n\n正文', 'x.md'),
    (e: Error & { line?: number }) => e.line === 5 && /numbering must be one of: none, gongwen/.test(e.message),
  );
});
