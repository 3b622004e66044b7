import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { importDocument } from '../../src/import/import.ts';
import { findArticle } from '../../src/import/html.ts';
import { dateOnlyLine } from '../../src/import/metadata.ts';
import { packageRoot } from '../../src/paths.ts';

const FIXTURES = path.join(packageRoot, 'test', 'fixtures', 'import');

/**
 * The shape of a State Council policy page (www.gov.cn/zhengce/content/…)
 * as scrapers save it: the article's <div> only, no <html> or <body>; a
 * layout table holding the document's record (labels spaced out to line
 * up), a second table with the 主题词 row, then the text in one table cell
 * (`td#UCAP-CONTENT`), its title over two centred lines, the closing date in
 * Chinese numerals, and a QR-code prompt. The wording is made up for this test.
 */
function portalPage(options: { written: string; closing: string[]; body: string[] }): string {
  const cell = (text: string) => `<p style="text-align: justify;">${text}</p>`;
  return `<div class="wrap" style="font-family:宋体;">
 <table width="724" border="0" cellpadding="0" cellspacing="0"><tbody><tr><td>
  <table class="bd1" border="0" cellpadding="0" cellspacing="0"><tbody>
   <tr><td><b>索 引 号：</b></td><td>000000000/2031-00001</td><td><b>主题分类：</b></td><td>城乡建设、环境保护\\其他</td></tr>
   <tr><td><b>发文机关：</b></td><td>某某省人民政府办公厅</td><td><b>成文日期：</b></td><td>${options.written}</td></tr>
   <tr><td><b>标　　题：</b></td><td colspan="3">某某省人民政府办公厅关于做好湖泊巡查工作的通知</td></tr>
   <tr><td><b>发文字号：</b></td><td>某政办发〔2031〕7号</td><td><b>发布日期：</b></td><td>2031年04月02日</td></tr>
  </tbody></table>
  <table class="bd1" border="0" cellpadding="0" cellspacing="0"><tbody><tr><td><b>主 题 词：</b></td><td></td><td></td><td></td></tr></tbody></table>
 </td></tr></tbody></table>
 <br>
 <table width="724" border="0" cellpadding="0" cellspacing="0"><tbody><tr><td><br>
  <table width="650" border="0" cellpadding="0" cellspacing="0"><tbody><tr>
   <td class="b12c" id="UCAP-CONTENT"><p style="text-align: center;"><span style="font-weight: bold;">某某省人民政府办公厅关于做好</span></p> <p style="text-align: center;"><span style="font-weight: bold;">湖泊巡查工作的通知</span></p> <p style="text-align: center;">某政办发〔2031〕7号</p> <p><br> </p> <p>各市、县人民政府，省政府各部门：</p> ${options.body.map(cell).join(' ')} ${options.closing.map(cell).join(' ')}</td>
  </tr></tbody></table>
 </td></tr></tbody></table>
 <div id="qr_container">扫一扫在手机打开当前页</div>
</div>`;
}

// Long enough, with enough commas, that Readability takes the cell itself for the article (as on the real pages).
const BODY = [
  '为保护湖泊水质，经省政府同意，现就做好湖泊巡查工作通知如下：各地要建立巡查台账，每月巡查不少于两次，发现问题及时处理，处理结果及时报告，不得拖延。',
  '各有关部门要加强协作，共享巡查信息，统一巡查标准，明确巡查责任，确保巡查工作落到实处，取得实效，经得起检验。',
  '各市、县人民政府要将巡查经费列入预算，配齐巡查人员，配足巡查设备，做好巡查人员培训，提高巡查能力，保障巡查工作顺利开展。',
];

function importPage(html: string) {
  return importDocument(Buffer.from(html), { shownFile: 'page.html', extension: '.html', today: '2000-01-01' });
}

const bodyOf = (markdown: string) => markdown.slice(markdown.indexOf('\n---\n') + 5);

describe("a government portal's page: the document's record table and a text in a table cell", () => {
  const { markdown, report } = importPage(portalPage({ written: '2031年03月29日', closing: ['某某省人民政府办公厅', '二〇三一年三月二十九日', '（此件公开发布）'], body: BODY }));

  it('reads the paragraphs of the cell as paragraphs, not one line', () => {
    const paragraphs = bodyOf(markdown).trim().split('\n\n');
    assert.deepEqual(paragraphs, BODY);
  });

  it("takes author, date and 发文字号 from the page's record, the title from the text", () => {
    assert.equal(report.title, '某某省人民政府办公厅关于做好湖泊巡查工作的通知');
    assert.equal(report.author, '某某省人民政府办公厅');
    assert.equal(report.authorSource, "the page's document record");
    assert.equal(report.date, '2031-03-29');
    assert.equal(report.dateSource, "the page's document record");
    assert.equal(report.gongwen?.['number'], '某政办发〔2031〕7号');
    assert.equal(report.gongwen?.['to'], '各市、县人民政府，省政府各部门');
    assert.equal(report.gongwen?.['note'], '此件公开发布');
    assert.match(markdown, /^layout: gongwen$/m);
  });

  it('counts the whole text as kept: the record, the QR prompt and the lines the front matter took are not dropped text', () => {
    assert.ok(report.coverage, 'a coverage report');
    // The text's Han characters, counted here from the page as written above (not from the code).
    const han = (text: string) => (text.match(/\p{Script=Han}/gu) ?? []).length;
    const expected = ['某某省人民政府办公厅关于做好', '湖泊巡查工作的通知', '某政办发〔2031〕7号', '各市、县人民政府，省政府各部门：', ...BODY, '某某省人民政府办公厅', '二〇三一年三月二十九日', '（此件公开发布）'].reduce((sum, line) => sum + han(line), 0);
    assert.equal(report.coverage.pageHan, expected);
    assert.equal(report.coverage.keptHan, expected);
    assert.deepEqual(report.warnings, []);
  });
});

describe('a 转发 notice: the closing date is the forwarded report’s, not the record’s', () => {
  const { markdown, report } = importPage(portalPage({ written: '2031年03月29日', closing: ['某某省水利厅', '二〇三一年三月十日'], body: BODY }));

  it('leaves the forwarded report’s signature and date in the body, and dates the notice by its record', () => {
    const body = bodyOf(markdown);
    assert.match(body, /\n某某省水利厅\n\n二〇三一年三月十日\n$/);
    assert.equal(report.date, '2031-03-29');
    assert.equal(report.author, '某某省人民政府办公厅');
  });
});

describe('without a record, the signature dates the notice, in Chinese numerals too', () => {
  const page = portalPage({ written: '2031年03月29日', closing: ['某某省人民政府办公厅', '二〇三一年三月二十九日'], body: BODY }).replace(/<table class="bd1"[^>]*>[\s\S]*?<\/table>/g, '');
  const { markdown, report } = importPage(page);

  it('takes the closing lines out of the body for the front matter', () => {
    assert.equal(report.date, '2031-03-29');
    assert.equal(report.dateSource, 'the signature');
    assert.doesNotMatch(bodyOf(markdown), /二〇三一/);
  });
});

describe('a record whose cells are not particulars', () => {
  it('takes no sentence or overlong cell for the author, and no non-date for the date', () => {
    const page = portalPage({ written: '不详', closing: ['某某省人民政府办公厅', '二〇三一年三月二十九日'], body: BODY }).replace('<td>某某省人民政府办公厅</td>', `<td>${'很长的机关名称'.repeat(10)}</td>`);
    const { report } = importPage(page);
    assert.equal(report.author, '某某省人民政府办公厅');
    assert.equal(report.authorSource, 'the title');
    assert.equal(report.date, '2031-03-29');
    assert.equal(report.dateSource, 'the signature');
  });
});

describe('dates in Chinese numerals (成文日期 before GB/T 9704-2012)', () => {
  const cases: [string, string | undefined][] = [
    ['一九九六年一月二十五日', '1996-01-25'],
    ['二〇一八年十二月二十一日', '2018-12-21'],
    ['二○○六年十月十日', '2006-10-10'],
    ['二〇〇八年二月二十九日', '2008-02-29'],
    ['二〇二三年 一月 三日', '2023-01-03'],
    ['2023年2月1日', '2023-02-01'],
    // Not dates: no 29 February in 2007, no 13th month, no 30 February, words after it, a malformed number.
    ['二〇〇七年二月二十九日', undefined],
    ['二〇二三年十三月一日', undefined],
    ['二〇二三年二月三十日', undefined],
    ['一九九六年一月二十五日印发', undefined],
    ['二〇二三年一月十十日', undefined],
    ['二〇二三年一月三十二日', undefined],
  ];
  for (const [line, expected] of cases) {
    it(`${line} → ${expected ?? 'no date'}`, () => assert.equal(dateOnlyLine(line), expected));
  }
});

// Real pages (test/fixtures/import/README.md): the expected values read off the pages by eye.
describe('a State Council decision as a scraper saved its www.gov.cn page', () => {
  const { markdown, report } = importPage(readFileSync(path.join(FIXTURES, 'gov-record-decision.html'), 'utf8'));

  it('is a 公文 with the record’s particulars and the decision’s one paragraph', () => {
    assert.equal(report.title, '国务院关于在海南博鳌乐城国际医疗旅游先行区暂时调整实施《中华人民共和国药品管理法实施条例》有关规定的决定');
    assert.equal(report.author, '国务院');
    assert.equal(report.date, '2018-12-21');
    assert.equal(report.gongwen?.['number'], '国发〔2018〕43号');
    assert.equal(report.gongwen?.['to'], '各省、自治区、直辖市人民政府，国务院各部委、各直属机构');
    assert.equal(report.gongwen?.['note'], '此件公开发布');
    const paragraphs = bodyOf(markdown).trim().split('\n\n');
    assert.equal(paragraphs.length, 1);
    assert.match(paragraphs[0]!, /^为进一步支持海南省试点发展国际医疗旅游相关产业，.*同意后实施。$/);
    assert.deepEqual(report.warnings, []);
  });
});

describe('a 1996 转发 notice from www.gov.cn: the forwarded report keeps its own signature', () => {
  const { markdown, report } = importPage(readFileSync(path.join(FIXTURES, 'gov-record-forwarding.html'), 'utf8'));

  it('dates and signs the notice by the record, and leaves 国家地震局 and its date in the body', () => {
    assert.equal(report.author, '国务院办公厅');
    assert.equal(report.date, '1996-02-05');
    assert.equal(report.gongwen?.['number'], '国办发〔1996〕2号');
    assert.match(bodyOf(markdown), /\n国家地震局\n\n一九九六年一月二十五日\n$/);
    assert.ok(report.headings.length >= 3, `headings: ${JSON.stringify(report.headings)}`);
    assert.equal(report.coverage?.keptHan, report.coverage?.pageHan);
  });
});

describe('what a portal page types: ideographic spaces, bold set by style, an order (令)', () => {
  const page = (body: string, record = '') => `<div class="wrap">${record}<table border="0" cellpadding="0" cellspacing="0"><tbody><tr><td id="UCAP-CONTENT">${body}</td></tr></tbody></table></div>`;
  const LONG = '，本办法所称的事项包括各类单位和个人在本省行政区域内开展的各项活动，以及与此相关的管理、服务和监督工作';

  it('keeps an ideographic space (U+3000) the page typed: it is text, not markup whitespace', () => {
    const { markdown } = importPage(page(`<p>某某办法</p><p><b>第一条</b>\u3000为了规范管理${LONG}。</p><p>第二条\u3000本办法适用于全省${LONG}。</p>`));
    assert.match(markdown, /^\*\*第一条\*\*\u3000为了规范管理/m);
    assert.match(markdown, /^第二条\u3000本办法适用于全省/m);
  });

  it('reads bold set by style as bold when it runs into plain text, not when a whole line is bold', () => {
    const bold = (text: string) => `<span style="font-size: 16pt; font-weight: bold;">${text}</span>`;
    const { markdown, report } = importPage(
      page(`<p>${bold('某某省人民政府办公厅关于')}${bold('做好巡查工作的通知')}<br>某政办发〔2031〕7号</p><p>各市人民政府：</p><p>${bold('一、总体要求')}</p><p>${bold('加强领导。')}各地要加强领导${LONG}。</p><p>某某省人民政府办公厅</p><p>2031年3月29日</p>`),
    );
    assert.equal(report.title, '某某省人民政府办公厅关于做好巡查工作的通知');
    assert.match(markdown, /^\*\*加强领导。\*\*各地要加强领导/m);
    assert.match(markdown, /^# 一、总体要求$/m);
    assert.doesNotMatch(markdown, /\*\*一、/);
  });

  it('reads an order by its mark and 令号, named by the record’s 标题', () => {
    const record = `<table class="bd1" border="0" cellpadding="0" cellspacing="0"><tbody><tr><td>发文机关：</td><td>某某省人民政府</td><td>成文日期：</td><td>2031年03月01日</td></tr><tr><td>标　　题：</td><td>某某省湖泊巡查办法</td><td>发文字号：</td><td>某某省人民政府令第12号</td></tr></tbody></table>`;
    const body = `<p>某某省人民政府令</p><p>第12号</p><p>《某某省湖泊巡查办法》已经省人民政府常务会议通过，现予公布，自2031年5月1日起施行。</p><p>省长\u3000\u3000某某某</p><p>二〇三一年三月一日</p><p>某某省湖泊巡查办法</p><p><b>第一条</b>\u3000为了保护湖泊${LONG}。</p>`;
    const withRecord = importPage(page(body, record));
    assert.equal(withRecord.report.title, '某某省湖泊巡查办法');
    assert.deepEqual(withRecord.report.gongwen, { kind: 'order', mark: '某某省人民政府令', number: '第12号' });
    assert.match(withRecord.markdown, /^layout: gongwen$/m);
    assert.equal(withRecord.report.date, '2031-03-01');
    const bare = importPage(page(body));
    assert.equal(bare.report.title, '某某省人民政府令第12号');
  });

  it('an article Readability cannot make is no crash: the whole page is read', () => {
    assert.equal(findArticle({} as Document), null);
  });
});

describe('附件 lines are taken only right above a signature, and only as names', () => {
  const notice = (closing: string) =>
    `<html><body><p>某某省人民政府办公厅关于做好巡查工作的通知</p><p>某政办发〔2031〕7号</p><p>各市人民政府：</p><p>现将巡查清单印发给你们，请认真贯彻执行，各地要加强领导，明确责任，确保巡查工作落到实处。</p>${closing}</body></html>`;

  it('takes 附件：1.… 2.… above the signature into the front matter', () => {
    const { report } = importPage(notice('<p>附件：1.巡查清单</p><p>2.巡查人员名单</p><p>某某省人民政府办公厅</p><p>2031年3月29日</p>'));
    assert.deepEqual(report.gongwen?.['attachments'], ['巡查清单', '巡查人员名单']);
  });

  it('leaves them in the body when the text ends with the attachment itself, not a signature', () => {
    const { markdown, report } = importPage(notice('<p>附件：巡查清单</p><p>巡查清单</p><table><tr><td>序号</td><td colspan="2">事项</td></tr><tr><td>1</td><td>湖泊</td><td>每月两次</td></tr></table>'));
    assert.equal(report.gongwen?.['attachments'], undefined);
    assert.match(bodyOf(markdown), /附件：巡查清单/);
    // The merged-cell table keeps its first row as header cells: a table without them fails PDF/UA 15-005.
    assert.match(bodyOf(markdown), /<table><tbody><tr><th>序号<\/th><th colspan="2">事项<\/th><\/tr><tr><td>1<\/td>/);
  });
});
