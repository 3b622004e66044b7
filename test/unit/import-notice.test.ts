import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { importDocument } from '../../src/import/import.ts';
import { packageRoot } from '../../src/paths.ts';
import { parseFrontMatter } from '../../src/source/frontmatter.ts';

const TODAY = '2000-01-01';
const NOTICE = readFileSync(path.join(packageRoot, 'test', 'fixtures', 'import', 'notice.txt'));

function run(text: Buffer | string) {
  return importDocument(Buffer.from(text), { shownFile: 'notice.txt', extension: '.txt', today: TODAY });
}

function split(markdown: string): { front: Record<string, unknown>; yaml: string; body: string } {
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(markdown);
  assert.ok(match, 'front matter');
  return { front: parse(match[1]!) as Record<string, unknown>, yaml: match[1]!, body: match[2]! };
}

test('a notice: the two-line title joined, 发文字号, 主送机关, 附件, signature and date, note, 抄送 and 印发 in the front matter', () => {
  const { markdown, report } = run(NOTICE);
  const { front, yaml, body } = split(markdown);
  assert.deepEqual(front, {
    title: '国务院办公厅关于复制推广营商环境创新试点改革举措的通知',
    author: '国务院办公厅',
    date: '2022-09-28',
    lang: 'zh-CN',
    layout: 'gongwen',
    edition: '1',
    gongwen: {
      number: '国办发〔2022〕35号',
      to: '各省、自治区、直辖市人民政府，国务院各部委、各直属机构',
      attachments: ['首批在全国复制推广的营商环境创新试点改革举措清单', '营商环境创新试点城市名单'],
      note: '此件公开发布',
      cc: ['国务院各部委', '各直属机构'],
      issuedBy: '国务院办公厅秘书局',
      issuedOn: '2022-09-29',
    },
  });
  // None of them is left in the body; the body starts with its first paragraph.
  for (const text of ['国办发', '改革举措的通知', '直属机构：', '附件', '2022年9月28日', '此件公开发布', '抄送', '印发']) assert.ok(!body.includes(text), `"${text}" left in the body`);
  assert.match(body, /^\n优化营商环境是/);
  assert.match(body, /^# 一、复制推广的改革举措$/m);
  assert.deepEqual(report.warnings, []);
  // A build accepts the front matter as written.
  const parsed = parseFrontMatter(yaml, 'index.md', 2).data;
  assert.equal(parsed.gongwen?.kind, 'standard');
  assert.deepEqual(parsed.gongwen?.cc, ['国务院各部委', '各直属机构']);
});

test('a notice with no signature or date: warnings, never 未署名 or today’s date', () => {
  const text = NOTICE.toString('utf8').split('\n').filter((l) => !/^　　(国务院办公厅|2022年9月28日)$/.test(l)).join('\n');
  const { markdown, report } = run(text);
  const { front } = split(markdown);
  assert.ok(!markdown.includes('未署名'), 'no 未署名');
  assert.ok(!markdown.includes(TODAY), 'no made-up date');
  assert.equal(front['date'], undefined);
  // The issuer named at the head of the title is still the author.
  assert.equal(front['author'], '国务院办公厅');
  assert.deepEqual(report.warnings, ['no 成文日期 found: date left out of the front matter — set it before building']);
});

test('a 函 is a gongwen letter; a 报告 stays a booklet', () => {
  const letter = ['国务院办公厅关于商请支持开展营商环境评价工作的函', '国办函〔2022〕101号', '国家统计局：', '　　为做好营商环境评价工作，拟请你局给予支持。', '　　国务院办公厅', '　　2022年10月12日'].join('\n');
  const { front: letterFront } = split(run(letter).markdown);
  assert.equal(letterFront['layout'], 'gongwen');
  assert.deepEqual(letterFront['gongwen'], { kind: 'letter', number: '国办函〔2022〕101号', to: '国家统计局' });
  const report = ['2024年宁波市海曙区人民政府工作报告', '各位代表：', '　　过去一年，我们坚持稳中求进。'].join('\n');
  const { front, body } = split(run(report).markdown);
  assert.equal(front['layout'], 'booklet');
  assert.equal(front['gongwen'], undefined);
  assert.match(body, /^各位代表：$/m, 'a speech keeps its salutation');
});

test('a notice saved from a government web page: the same elements, the page furniture gone', () => {
  const html = readFileSync(path.join(packageRoot, 'test', 'fixtures', 'import', 'notice.html'));
  const { markdown } = importDocument(html, { shownFile: 'notice.html', extension: '.html', today: TODAY });
  const { front, body } = split(markdown);
  assert.equal(front['title'], '国务院办公厅关于复制推广营商环境创新试点改革举措的通知');
  assert.equal(front['author'], '国务院办公厅');
  assert.equal(front['date'], '2022-09-28');
  assert.equal(front['layout'], 'gongwen');
  assert.deepEqual(front['gongwen'], {
    number: '国办发〔2022〕35号',
    to: '各省、自治区、直辖市人民政府，国务院各部委、各直属机构',
    attachments: ['首批在全国复制推广的营商环境创新试点改革举措清单'],
    note: '此件公开发布',
  });
  assert.deepEqual(body.trim().split('\n\n'), ['优化营商环境是培育和激发市场主体活力、增强发展内生动力的关键之举。现将有关事项通知如下：', '# 一、复制推广的改革举措', '进一步破除区域分割和地方保护等不合理限制。']);
});
