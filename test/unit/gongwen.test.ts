import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserError } from '../../src/errors.ts';
import { breakTitle } from '../../src/gongwen/title.ts';
import { splitAttachments } from '../../src/gongwen/attachments.ts';
import { readDocument } from '../../src/markdown/document.ts';
import { gongwenDate } from '../../src/gongwen/view.ts';
import { parseFrontMatter } from '../../src/source/frontmatter.ts';

const FRONT = 'title: 通知\nauthor: 国务院办公厅\ndate: 2022-09-28\nlayout: gongwen\n';

function error(yaml: string): string {
  try {
    parseFrontMatter(FRONT + yaml, 'index.md', 2);
  } catch (e) {
    assert.ok(e instanceof UserError);
    return `${e.file}:${e.line}: ${e.message}`;
  }
  assert.fail('no error');
}

test('gongwen front matter: every field optional, lists or single names, errors on the field’s line', () => {
  const { data } = parseFrontMatter(`${FRONT}gongwen:\n  issuer: 国务院办公厅\n  cc: 国务院各部委\n`, 'index.md', 2);
  assert.deepEqual(data.gongwen, { kind: 'standard', issuer: ['国务院办公厅'], cc: ['国务院各部委'] });
  assert.equal(error('gongwen:\n  kind: memo\n'), 'index.md:7: front matter field "gongwen.kind": kind must be one of: standard, letter, order, minutes');
  assert.equal(error('gongwen:\n  copy: 1\n'), 'index.md:7: front matter field "gongwen.copy": copy (份号) must be six digits in quotes, e.g. "000001"');
  assert.equal(error('gongwen:\n  issuedOn: 2022-9-29\n'), 'index.md:7: front matter field "gongwen.issuedOn": issuedOn must be an ISO date, e.g. 2022-09-29');
  assert.match(error('gongwen:\n  sign: x\n'), /^index\.md:7: unknown front matter field "gongwen\.sign"/);
});

test('成文日期: full year, month and day without leading zeros (GB/T 9704-2012 §7.3.5)', () => {
  assert.equal(gongwenDate('2022-09-08'), '2022年9月8日');
  assert.equal(gongwenDate('2023-12-31'), '2023年12月31日');
});

test('titles: one line up to 20 characters of 2号; longer ones broken between words, never inside 《》, no longer line first', () => {
  assert.deepEqual(breakTitle('关于召开全省安全生产工作会议的通知'), ['关于召开全省安全生产工作会议的通知']);
  assert.deepEqual(breakTitle('国务院办公厅关于复制推广营商环境创新试点改革举措的通知'), ['国务院办公厅关于复制推广', '营商环境创新试点改革举措的通知']);
  assert.deepEqual(breakTitle('国务院关于印发《“十四五”数字经济发展规划》的通知'), ['国务院关于印发', '《“十四五”数字经济发展规划》的通知']);
  // The author's own line breaks are kept.
  assert.deepEqual(breakTitle('国务院办公厅关于复制推广营商环境创新试点\n改革举措的通知'), ['国务院办公厅关于复制推广营商环境创新试点', '改革举措的通知']);
  for (const lines of [breakTitle('国务院办公厅关于印发全国深化“放管服”改革着力培育和激发市场主体活力电视电话会议重点任务分工方案的通知')]) {
    assert.ok(lines.every((line) => [...line].length <= 20), lines.join('|'));
    assert.equal(lines.length, 3);
  }
});

// A guard, not a timing: every way of cutting a 117-character title was tried (7 s), a 300-character one never ended.
test('titles: a title of many lines (or a hostile one) is filled line by line, every line within 20 characters', { timeout: 60_000 }, () => {
  const sentence = '国务院办公厅关于进一步优化营商环境降低市场主体制度性交易成本的意见';
  for (const title of [sentence.repeat(4), sentence.repeat(300), '营'.repeat(5000)]) {
    const lines = breakTitle(title);
    assert.equal(lines.join(''), title);
    assert.ok(lines.every((line) => [...line].length <= 20 && [...line].length > 0));
    assert.ok(lines.length >= Math.ceil([...title].length / 20));
  }
  // No word boundary at all: full lines of 20.
  assert.equal(breakTitle('营'.repeat(5000)).length, 250);
});

test('attachments’ text: `# 附件N` sections leave the body, in order, each with a name', () => {
  const source = (body: string) => readDocument(`---\n${FRONT}---\n\n${body}`, 'index.md').tree;
  const tree = source('正文。\n\n# 附件1\n\n清单内容。\n\n# 附件2\n\n名单内容。\n');
  const parts = splitAttachments(tree, ['清单', '名单'], { file: 'index.md' });
  assert.equal(tree.children.length, 1);
  assert.deepEqual(parts.map((part) => part.children.length), [1, 1]);
  const three = () => splitAttachments(source('正文。\n\n# 附件1\n\n甲。\n\n# 附件2\n\n乙。\n'), ['清单'], { file: 'index.md' });
  assert.throws(three, (e) => e instanceof UserError && e.line === 14 && /"附件2" has no name: list the attachments' names under gongwen.attachments/.test(e.message));
  const skipped = () => splitAttachments(source('正文。\n\n# 附件2\n\n乙。\n'), ['清单', '名单'], { file: 'index.md' });
  assert.throws(skipped, (e) => e instanceof UserError && /"附件2" is out of order: attachment 1 comes next/.test(e.message));
});

test('the layout’s own words follow the document’s script', async () => {
  const { gongwenView } = await import('../../src/gongwen/view.ts');
  const { labelsFor } = await import('../../src/layout/labels.ts');
  const meta = { title: '通知', author: '国务院', date: '2022-09-28' };
  const gw = { kind: 'minutes' as const, issuer: ['国务院'], attachments: ['甲', '乙'], issuedBy: '国务院办公厅', issuedOn: '2022-09-29' };
  const hant = gongwenView(meta, gw, [], labelsFor('zh-TW'));
  assert.equal(hant.mark?.suffix, '紀要');
  assert.equal(hant.issued?.on, '2022年9月29日印發');
  assert.deepEqual(hant.attachmentPages.map((page) => page.heading), ['附件1', '附件2']);
  const hans = gongwenView(meta, gw, [], labelsFor('zh-CN'));
  assert.equal(hans.mark?.suffix, '纪要');
  assert.equal(hans.issued?.on, '2022年9月29日印发');
});
