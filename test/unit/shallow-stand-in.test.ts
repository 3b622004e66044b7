// The parse worker judges a document nested far too deep by a cheap stand-in
// (src/markdown/shallow-stand-in.ts). Its verdict must be the document's own:
// each case is checked against the full parse of the document itself, with a
// low depth limit so that the full parse stays quick.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkTreeShape } from '../../src/markdown/guard.ts';
import { parseMarkdown } from '../../src/markdown/parse.ts';
import { parseChecked } from '../../src/markdown/parse-worker.ts';
import { shallowStandIn } from '../../src/markdown/shallow-stand-in.ts';

const limits = { maxDepth: 10, maxNodes: 100_000 };
const FRONT = '---\ntitle: 报告\nauthor: 某区\ndate: 2023-02-01\n---\n\n';
const runs = (mark: string, open: number, text: string, close: number) => `${mark.repeat(open)}${text}${mark.repeat(close)}`;
const chain = (levels: number, step = 2) => Array.from({ length: levels }, (_, i) => `${' '.repeat(step * i)}- 第${i}层`).join('\n');

/** The verdict of parsing the document itself, without any stand-in. */
function fullVerdict(markdown: string) {
  return checkTreeShape(parseMarkdown(markdown), limits, 'the document');
}

const refused: [string, string, number][] = [
  ['a paragraph of deep emphasis', `${FRONT}${runs('*', 300, '深', 300)}\n`, 7],
  ['underscores, CRLF', `${FRONT}正文。\r\n\r\n${runs('_', 301, '深入', 290)}\r\n`.replace(/\n/g, '\r\n').replace(/\r\r/g, '\r'), 9],
  ['more opening marks than closing, a mark left over to pair with a line above', `${FRONT}*前\n${runs('*', 200, '深', 120)}\n后*\n`, 8],
  ['more closing marks than opening', `${FRONT}${runs('*', 97, '深 入', 300)}\n`, 7],
  ['in a block quote, lazily continued', `${FRONT}> 引文\n${runs('*', 300, '深', 300)}\n`, 8],
  ['an earlier problem comes first', `${FRONT}${'> '.repeat(12)}引\n\n${runs('*', 300, '深', 300)}\n`, 7],
  ['a list nested one level per line', `${FRONT}${chain(60)}\n\n后文\n`, 7 + 4],
  ['a list nested three columns a level, after a paragraph', `${FRONT}段落\n${chain(80, 3)}\n`, 8 + 4],
  ['a list chain inside a list item', `${FRONT}1. 外\n\n   ${chain(60).replace(/\n/g, '\n   ')}\n`, 9 + 3],
];

for (const [name, markdown, line] of refused) {
  test(`stand-in refused with the document's own verdict: ${name}`, async () => {
    const standIn = shallowStandIn(markdown, limits.maxDepth);
    assert.ok(standIn !== undefined, 'a stand-in is made');
    assert.equal(standIn.split('\n').length, markdown.split('\n').length, 'the same lines');
    assert.ok(standIn.length < markdown.length, 'shorter');
    const expected = fullVerdict(markdown);
    assert.ok(expected, 'the document itself is refused');
    assert.equal(expected.line, line);
    assert.deepEqual(fullVerdict(standIn), expected, 'the stand-in breaks the limit at the same node');
    assert.deepEqual(await parseChecked(markdown, limits), { problem: expected });
  });
}

const accepted: [string, string][] = [
  ['the marks in a fenced code block', `${FRONT}\`\`\`\n${runs('*', 300, '深', 300)}\n\`\`\`\n`],
  ['the marks in an HTML comment', `${FRONT}<!--\n\n${runs('*', 300, '深', 300)}\n\n-->\n`],
  ['the list in a fenced code block', `${FRONT}~~~\n${chain(60)}\n~~~\n`],
  ['the list in an HTML block', `${FRONT}<div>\n${chain(60)}\n</div>\n`],
];

for (const [name, markdown] of accepted) {
  test(`stand-in not refused: the document itself is parsed: ${name}`, async () => {
    assert.ok(shallowStandIn(markdown, limits.maxDepth) !== undefined, 'a stand-in is made');
    assert.equal(fullVerdict(markdown), undefined);
    const result = await parseChecked(markdown, limits);
    assert.ok('tree' in result);
    assert.deepEqual(result.tree, parseMarkdown(markdown));
  });
}

test('no stand-in for ordinary documents, long rows of marks, or bold italic', () => {
  for (const markdown of [
    `${FRONT}正文。\n`,
    `${FRONT}${'*'.repeat(300)}\n\n${'_'.repeat(300)}\n`,
    `${FRONT}***加粗斜体*** 与 __加粗__\n`,
    // Within the limit: its paragraphs are 9 deep, their text 10.
    `${FRONT}${chain(4)}\n`,
  ]) {
    assert.equal(shallowStandIn(markdown, limits.maxDepth), undefined, markdown.slice(0, 80));
  }
});

test('marks that are not one plain text between two runs are left as they are', () => {
  for (const text of ['深*入', '深`入', '[深](入)', '深.', ' 深', '深\\']) {
    assert.equal(shallowStandIn(`${FRONT}${runs('*', 300, text, 300)}\n`, limits.maxDepth), undefined, text);
  }
});

test('a depth limit longer than the text makes no stand-in (and no huge search string)', () => {
  const markdown = `${FRONT}${runs('*', 300, '深', 300)}\n`;
  assert.equal(shallowStandIn(markdown, 2 ** 40), undefined);
  assert.ok(shallowStandIn(markdown, limits.maxDepth) !== undefined);
});
