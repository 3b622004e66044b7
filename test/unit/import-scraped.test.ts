import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { importDocument } from '../../src/import/import.ts';
import { readDocument } from '../../src/markdown/document.ts';
import { packageRoot } from '../../src/paths.ts';

const FIXTURES = path.join(packageRoot, 'test', 'fixtures', 'import');

/** What a reader of either saved page takes for the document's head: title, subtitle, date and author. */
function assertReportHead(meta: ReturnType<typeof readDocument>['meta']): void {
  assert.deepEqual(
    { title: meta.title, subtitle: meta.subtitle, date: meta.date, author: meta.author },
    { title: '政府工作报告', subtitle: '——2026年2月3日在某某市第十六届人民代表大会第四次会议上', date: '2026-02-03', author: '某某市人民政府' },
  );
}

/** The body both pages share: the address, the first chapter's opening, and the last chapter. */
const OPENING = [
  '',
  '各位代表：',
  '',
  '现在，我代表市人民政府，向大会报告工作，请予审议，并请市政协委员和其他列席人员提出意见。',
  '',
  '# 一、2025年工作回顾',
  '',
  '过去一年，面对复杂形势，全市上下稳住了经济基本盘。**经济运行稳中有进。**全市地区生产总值增长5.2%，一般公共预算收入增长4.1%。',
  '',
];
const CLOSING = ['# 二、2026年工作安排', '', '今年是“十五五”开局之年，我们要坚持稳中求进工作总基调，扎实做好各项工作。', ''];
/** The Markdown after the front matter. */
const bodyOf = (markdown: string) => markdown.slice(markdown.indexOf('\n---\n') + 5);

describe('a scraped report page (text) with a download bar, a font-size widget and a 来源 line', async () => {
  const bytes = await readFile(path.join(FIXTURES, 'scraped-report.txt'));
  const { markdown, report } = importDocument(bytes, { shownFile: 'scraped-report.txt', extension: '.txt', today: '2000-01-01' });
  const { meta } = readDocument(markdown, 'index.md');

  it('takes the title from above the subtitle line, not a control; dates it by the meeting, not the page; the author is never the 来源', () => {
    assertReportHead(meta);
    assert.equal(report.dateSource, 'the subtitle');
    assert.ok(!markdown.includes('新华日报'));
  });

  it('removes every control and glyph line, naming the rule', () => {
    assert.deepEqual(
      report.removed.map((r) => `${r.line} ${r.rule} ${r.text}`),
      [
        '1 before-title 某某市人民政府门户网站',
        '2 navigation 首页 | 政务公开 | 政府信息 | 互动交流',
        '3 breadcrumb 当前位置：首页 > 政务公开 > 政府工作报告',
        '4 buttons 下载',
        '5 buttons 全屏',
        '6 glyph-line 【',
        '7 buttons 加大',
        '8 buttons 还原',
        '9 buttons 减小',
        '10 glyph-line 】',
        '11 buttons 打印 | 关闭',
        '16 page-metadata 来源：新华日报　发布时间：2026-02-10 09:30',
      ],
    );
    for (const control of ['下载', '全屏', '加大', '还原', '减小', '】', '【']) assert.ok(!bodyOf(markdown).includes(control), control);
  });

  it('keeps the body with its official headings and one lead sentence', () => {
    const section = ['## （一）产业升级步伐加快', '', '新增规模以上工业企业120家。全年建成重点项目四十个，投资完成率达到百分之一百零五。', ''];
    assert.equal(bodyOf(markdown), [...OPENING, ...section, ...CLOSING].join('\n'));
  });
});

describe('the same kind of page saved as HTML: a 下载 <h1>, a font-size bar, a centred title and subtitle', async () => {
  const bytes = await readFile(path.join(FIXTURES, 'scraped-report.html'));
  const { markdown, report } = importDocument(bytes, { shownFile: 'scraped-report.html', extension: '.html', today: '2000-01-01' });
  const { meta } = readDocument(markdown, 'index.md');

  it('takes title, subtitle, date and author from the document, not the controls or the page', () => {
    assertReportHead(meta);
  });

  it('prints no control and keeps all the text', () => {
    assert.equal(bodyOf(markdown), [...OPENING, ...CLOSING].join('\n'));
    assert.deepEqual(report.warnings, []);
    assert.equal(report.coverage?.keptHan, report.coverage?.pageHan);
  });
});
