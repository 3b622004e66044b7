import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import iconv from 'iconv-lite';
import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import { UserError } from '../../src/errors.ts';
import { importDocument, type ImportOptions } from '../../src/import/import.ts';
import { lintMarkdown } from '../../src/lint/lint.ts';
import { readDocument } from '../../src/markdown/document.ts';
import { packageRoot } from '../../src/paths.ts';
import { outline } from '../helpers/markdown-outline.ts';

const FIXTURES = path.join(packageRoot, 'test', 'fixtures', 'import');
const SEED = path.join(packageRoot, 'test', 'fixtures', 'seeds', 'haishu-2023-report.txt');
const SAMPLE = path.join(packageRoot, 'source', 'haishu-2023', 'index.md');
const TODAY = '2000-01-01';

function run(bytes: Buffer, extension: string, extra: Partial<ImportOptions> = {}) {
  return importDocument(bytes, { shownFile: `input${extension}`, extension, today: TODAY, ...extra });
}

/** ASCII , ( ) ! ; : with a CJK character on both sides. */
const ASCII_BETWEEN_CJK = /[\p{Script=Han}，。、；：？！“”（）](?:[,();:!])[\p{Script=Han}，。、；：？！“”（）]/u;

function strongTexts(tree: Root): string[] {
  const out: string[] = [];
  visit(tree, 'strong', (node) => {
    out.push(node.children.map((c) => ('value' in c ? c.value : '')).join(''));
  });
  return out;
}

const LEADS = ['共同富裕系统推进。', '社会保障更广覆盖。', '社会事业全面进步。', '社会治理精细高效。', '疫情防控高效有序。', '除险保安成效明显。', '政治建设不断深化。', '法治建设深入推进。', '勤政廉洁得到加强。'];

describe('import of the seed report', async () => {
  const seed = await readFile(SEED);
  const { markdown, report } = run(seed, '.txt');

  it('produces the committed sample source', async () => {
    assert.equal(markdown, await readFile(SAMPLE, 'utf8'));
  });

  it('removes navigation, disclaimer, address line and comment box', () => {
    for (const gone of ['导航菜单', '本文仅代表', '本文地址', '留言与评论', '验证码']) assert.ok(!markdown.includes(gone), gone);
    assert.deepEqual(report.removed.map((r) => [r.line, r.rule]), [
      [1, 'navigation'],
      [15, 'disclaimer'],
      [17, 'address-line'],
      [19, 'comment-box'],
      [20, 'comment-box'],
    ]);
  });

  it('puts title, date, author and region in valid front matter', () => {
    const { meta } = readDocument(markdown, 'index.md');
    assert.equal(meta.title, '宁波市海曙区人民政府工作报告');
    assert.equal(meta.date, '2023-02-01');
    assert.equal(meta.author, '宁波市海曙区人民政府');
    assert.equal(meta.region, '浙江省');
    assert.deepEqual([meta.lang, meta.layout, meta.edition], ['zh-CN', 'booklet', '1']);
  });

  it('leaves no ASCII punctuation between CJK characters and keeps the numbers', () => {
    assert.doesNotMatch(markdown, ASCII_BETWEEN_CJK);
    for (const kept of ['73.7%', '1+8', '3·30', '99.7%、99.8%', '1.75']) assert.ok(markdown.includes(kept), kept);
    assert.equal(report.punctuationFixes, 122);
  });

  it('bolds the nine run-in lead sentences and nothing else', () => {
    const { tree } = readDocument(markdown, 'index.md');
    assert.deepEqual(strongTexts(tree), LEADS);
    assert.deepEqual(report.leadSentences, LEADS);
    for (const ordinary of ['“曙光里”残疾人综合服务中心正式启用。', '2022年我们取得的成绩极其不易。', '这一年，我们致力普惠共享，民生福祉持续增进。']) {
      assert.ok(markdown.includes(ordinary) && !markdown.includes(`**${ordinary}`), ordinary);
    }
  });

  it('removes the indent of every paragraph', () => {
    assert.doesNotMatch(markdown, /^[ \t\u3000]+\S/m);
  });

  it('is idempotent: importing the produced Markdown changes nothing', () => {
    const again = run(Buffer.from(markdown), '.md');
    assert.equal(again.markdown, markdown);
    assert.equal(again.report.punctuationFixes, 0);
    assert.deepEqual(again.report.removed, []);
  });

  it('reads the same report in GB18030, GBK, UTF-16 and with a BOM or CRLF/CR to the identical Markdown', () => {
    const text = seed.toString('utf8');
    const variants: [string, Buffer, Partial<ImportOptions>, string][] = [
      ['GB18030, detected', iconv.encode(text, 'gb18030'), {}, 'gb18030'],
      ['GBK named with --encoding', iconv.encode(text, 'gbk'), { encoding: 'GBK' }, 'gbk'],
      ['UTF-16LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]), {}, 'utf-16le'],
      ['UTF-16BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text, 'utf-16be')]), {}, 'utf-16be'],
      ['UTF-8 with BOM and CRLF', Buffer.from(`\ufeff${text.replace(/\n/g, '\r\n')}`), {}, 'utf-8'],
      ['UTF-8 with CR only', Buffer.from(text.replace(/\n/g, '\r')), {}, 'utf-8'],
    ];
    for (const [label, bytes, options, encoding] of variants) {
      const result = run(bytes, '.txt', options);
      assert.equal(result.markdown, markdown, label);
      assert.equal(result.report.encoding, encoding, label);
    }
  });

  it('removes control characters with a warning naming them and their line', () => {
    const dirty = Buffer.from(seed.toString('utf8').replace('这一年', '这\u0000一\u0007年'));
    const result = run(dirty, '.txt');
    assert.equal(result.markdown, markdown);
    assert.deepEqual(result.report.warnings, ['removed 2 control characters (U+0000 U+0007), first on line 5']);
  });
});

describe('import of the same report as a web page', () => {
  it('finds the article (readability) and produces the same Markdown', async () => {
    const { markdown, report } = run(await readFile(path.join(FIXTURES, 'haishu-2023.html')), '.html');
    assert.equal(markdown, await readFile(SAMPLE, 'utf8'));
    assert.equal(report.format, 'html');
  });

  it('keeps a page\'s own structure: h2 headings, bold, lists, tables; the h1 is the title, not repeated', async () => {
    const { markdown } = run(await readFile(path.join(FIXTURES, 'structured-page.html')), '.html');
    // What a reader of structured-page.html says the document is, written by hand.
    const { meta } = readDocument(markdown, 'index.md');
    assert.deepEqual([meta.title, meta.author, meta.date, meta.layout], ['某某县人民政府工作报告', '某某县人民政府', '2024-01-10', 'booklet']);
    const doc = outline(markdown);
    assert.deepEqual(doc.headings, ['# 一、2023年工作回顾'], 'the h1 is the title; the h2 the first heading');
    assert.deepEqual(doc.paragraphs, [
      '各位代表：',
      '现在，我代表县人民政府，向大会报告工作，请予审议，并请县政协委员提出意见。这是一段足够长的文字，用来让正文提取算法认为这里是文章的主要内容，而不是导航或页脚。',
      '过去一年，我们坚持稳中求进工作总基调。经济运行趋稳向好。全年实现地区生产总值512.3亿元，增长6.1%。',
    ]);
    assert.deepEqual(doc.strong, ['经济运行趋稳向好。']);
    assert.deepEqual(doc.lists, [['第一项，内容', '第二项']]);
    assert.deepEqual(doc.tables, [[['指标', '数值'], ['收入', '1.5']]]);
    assert.equal(markdown.match(/某某县人民政府工作报告/g)?.length, 1, 'the title, in the front matter only');
    // The page's navigation, <title> and footer are not the document.
    for (const furniture of ['首页', '新闻', '网站名称', 'Copyright']) assert.ok(!markdown.includes(furniture), furniture);
    assert.equal(run(Buffer.from(markdown), '.md').markdown, markdown);
  });

  it('honours <meta charset="gbk"> when the page is not UTF-8', async () => {
    const page = (await readFile(path.join(FIXTURES, 'haishu-2023.html'), 'utf8')).replace('charset="utf-8"', 'charset="gbk"');
    const { markdown, report } = run(iconv.encode(page, 'gbk'), '.html');
    assert.equal(markdown, await readFile(SAMPLE, 'utf8'));
    assert.deepEqual([report.encoding, report.encodingSource], ['gbk', 'meta']);
  });
});

describe('import of hand-written fixtures', () => {
  const fixtures: [name: string, check: (markdown: string) => void][] = [
    ['dash-topics', (md) => {
      // Each ——topic sentence is bold, with the text that follows it on its line.
      assert.match(md, /^\*\*——经济运行趋稳向好。\*\*全年/m);
      assert.match(md, /^\*\*——工业经济难中求进。\*\*$/m);
      const { meta } = readDocument(md, 'index.md');
      assert.deepEqual([meta.title, meta.author, meta.date, meta.layout], ['某某县人民政府工作报告', '某某县人民政府', '2024-01-10', 'booklet']);
      const doc = outline(md);
      assert.deepEqual(doc.headings, ['# 一、2023年工作回顾', '# 二、2024年工作安排']);
      assert.equal(doc.paragraphs.length, 8);
      assert.deepEqual(doc.strong, ['——经济运行趋稳向好。', '——工业经济难中求进。', '——民生福祉持续增进。']);
      for (const sentence of ['各位代表：', '规上工业增加值增长7.4%，新增规上企业46家，“专精特新”企业达到31家。', '今年是实施“十四五”规划承上启下的关键一年。做好今年工作，要把握好以下几点。']) assert.ok(doc.paragraphs.includes(sentence), sentence);
    }],
    ['headings', (md) => {
      // Every numbering style of a plan outline at its own level, in order.
      const doc = outline(md);
      assert.deepEqual(doc.headings, [
        '# 第一部分 发展基础', '## 一、主要成就', '### （一）经济实力明显增强', '#### 1.产业结构持续优化', '##### （1）制造业', '##### （2）服务业',
        '#### 2.创新能力不断提升', '### （二）改革开放纵深推进', '# 第二部分 指导思想',
      ]);
      assert.equal(doc.paragraphs.length, 5);
      assert.ok(doc.paragraphs.includes('全市制造业增加值占地区生产总值比重达到35.2%，较上年提高1.1个百分点。'));
      const { meta } = readDocument(md, 'index.md');
      assert.deepEqual([meta.title, meta.author, meta.date], ['某某市国民经济和社会发展第十四个五年规划纲要', '某某市人民政府', '2021-03-30']);
    }],
    ['numbered-list', (md) => {
      // A notice: addressees in the front matter; the signature and date become its author and date.
      const { meta } = readDocument(md, 'index.md');
      assert.deepEqual([meta.title, meta.author, meta.date, meta.layout], ['某某县人民政府办公室关于做好2024年防汛工作的通知', '某某县人民政府办公室', '2024-05-20', 'gongwen']);
      assert.equal(meta.gongwen?.to, '各乡镇人民政府，县政府各部门');
      const items = ['压实防汛责任。各地要落实行政首长负责制，明确各级责任人。', '加强隐患排查。对水库、堤防、山塘等开展全面排查，发现问题及时整改。', '做好应急准备。备足防汛物资，加强值班值守，确保信息畅通。'];
      assert.deepEqual(outline(md), { headings: [], paragraphs: ['为做好今年防汛工作，现就有关事项通知如下：', '特此通知。'], lists: [items], tables: [], strong: ['压实防汛责任。', '加强隐患排查。', '做好应急准备。'] });
      assert.match(md, /^1\. \*\*压实防汛责任。\*\*各地要/m, 'an ordered list numbered from 1');
    }],
    ['table', (md) => {
      const { meta } = readDocument(md, 'index.md');
      assert.deepEqual([meta.title, meta.author, meta.date, meta.layout], ['某某区2023年国民经济和社会发展统计公报', '某某区统计局', '2024-03-15', 'booklet']);
      assert.deepEqual(outline(md), {
        headings: [],
        paragraphs: ['2023年主要经济指标如下表。', '注：增长速度按可比价格计算。', '某某区统计局', '2024年3月15日'],
        lists: [],
        tables: [[['指标', '单位', '数值', '增长（%）'], ['地区生产总值', '亿元', '1523.6', '6.2'], ['一般公共预算收入', '亿元', '128.4', '3.5'], ['城镇居民人均可支配收入', '元', '78562', '4.8']]],
        strong: [],
      });
    }],
    ['mixed-english', (md) => {
      // Chinese punctuation in Chinese text; English sentences, addresses and numbers as they were.
      assert.deepEqual(outline(md).paragraphs, [
        '全年引进外资项目120个，其中包括Tesla、Apple等世界500强企业3家。',
        '我们举办了“World AI Conference”分论坛，发布了AI+制造白皮书（White Paper）。',
        '区政府网站 https://www.example.gov.cn/report?id=1,2 全年访问量达1,200,000人次。',
        "The district's GDP grew by 5.2%, according to the statistics bureau.",
        '联系邮箱：office@example.gov.cn，欢迎来信。',
      ]);
      assert.match(md, /^title: 某某区人民政府工作报告$/m);
    }],
    ['web-furniture', (md) => {
      // A notice: addressees in the front matter, one sentence of body, nothing of the page around it.
      for (const gone of ['网站首页', '您的位置', '字号', '打印', '关闭', '浏览次数', '信息来源', '分享到', '微信', '上一篇', '下一篇', '版权所有', '人民路']) assert.ok(!md.includes(gone), gone);
      const { meta } = readDocument(md, 'index.md');
      assert.deepEqual([meta.title, meta.author, meta.date, meta.layout], ['某某县人民政府关于印发某某县“十四五”综合交通发展规划的通知', '某某县人民政府', '2022-06-15', 'gongwen']);
      assert.equal(meta.gongwen?.to, '各乡镇人民政府，县政府直属各单位');
      assert.deepEqual(outline(md), { headings: [], paragraphs: ['现将《某某县“十四五”综合交通发展规划》印发给你们，请认真贯彻执行。'], lists: [], tables: [], strong: [] });
    }],
  ];

  for (const [name, check] of fixtures) {
    it(`${name}.txt imports to what a reader of it expects, valid and idempotent`, async () => {
      const { markdown } = run(await readFile(path.join(FIXTURES, `${name}.txt`)), '.txt');
      check(markdown);
      readDocument(markdown, `${name}.md`);
      assert.doesNotMatch(markdown, ASCII_BETWEEN_CJK);
      assert.deepEqual(lintMarkdown(markdown, `${name}.md`).problems, [], 'paiban lint agrees with the importer');
      assert.equal(run(Buffer.from(markdown), '.md').markdown, markdown);
    });
  }
});

describe('import of Markdown', () => {
  it('keeps the author\'s syntax, code and link targets; normalises text; joins wrapped lines', () => {
    const input = '# 某某县人民政府工作报告\n\n> 引用,文字\n\n正文(一)段落,见[链接](http://a.cn/x,y)和`a,b`。\n多行,段落\n继续。\n\n```\n代码,保持\n```\n\n1. 列表,项\n2. 第二项\n';
    const { markdown, report } = run(Buffer.from(input), '.md');
    assert.equal(
      markdown.slice(markdown.indexOf('---\n\n') + 5),
      '> 引用，文字\n\n正文（一）段落，见[链接](http://a.cn/x,y)和`a,b`。多行，段落继续。\n\n```\n代码,保持\n```\n\n1. 列表，项\n2. 第二项\n',
    );
    assert.equal(report.title, '某某县人民政府工作报告');
    assert.deepEqual(report.warnings, [`no date found; wrote today's date ${TODAY} — set date in the front matter`]);
    assert.equal(run(Buffer.from(markdown), '.md').markdown, markdown);
  });

  it('keeps punctuation: false and changes no marks then', () => {
    const input = '---\ntitle: 报告\nauthor: 某单位\ndate: 2024-01-01\npunctuation: false\n---\n\n甲,乙\n';
    const { markdown, report } = run(Buffer.from(input), '.md');
    assert.match(markdown, /^punctuation: false$/m);
    assert.match(markdown, /^甲,乙$/m);
    assert.equal(report.punctuationFixes, 0);
  });
});

describe('import refuses what it cannot read', () => {
  const refuses = (bytes: Buffer, extension: string, pattern: RegExp, options: Partial<ImportOptions> = {}) =>
    assert.throws(() => run(bytes, extension, options), (error: unknown) => error instanceof UserError && pattern.test(error.format()));

  it('a PNG, a PDF, binary data', () => {
    refuses(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0]), '.txt', /^input\.txt: is a PNG image, not text/);
    refuses(Buffer.from('%PDF-1.7\n'), '.txt', /is a PDF, not text/);
    refuses(Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7) % 256)), '.txt', /is not a text file/);
  });

  it('an unknown extension or encoding', () => {
    refuses(Buffer.from('文字'), '.pdf', /import reads \.txt, \.md, \.html and \.docx/);
    refuses(Buffer.from('文字'), '.txt', /unknown encoding "klingon"/, { encoding: 'klingon' });
  });

  it('executable front matter in a Markdown file', () => {
    refuses(Buffer.from('---js\n{}\n---\n正文\n'), '.md', /front matter must be YAML/);
  });
});

describe('paiban import (CLI)', () => {
  const cli = promisify(execFile);
  const bin = path.join(packageRoot, 'bin', 'paiban.js');

  it('writes source/<doc>/index.md, refuses to overwrite without --force, prints JSON with --json', async () => {
    const cwd = await mkdtemp(path.join(tmpdir(), 'paiban-import-'));
    const input = path.join(cwd, 'report.txt');
    await writeFile(input, await readFile(SEED));

    const first = await cli(process.execPath, [bin, 'import', input], { cwd });
    assert.match(first.stdout, /→ source\/report\/index\.md/);
    assert.match(first.stdout, /lead sentences 9/);
    const written = await readFile(path.join(cwd, 'source', 'report', 'index.md'), 'utf8');
    assert.equal(written, await readFile(SAMPLE, 'utf8'));

    await assert.rejects(cli(process.execPath, [bin, 'import', input], { cwd }), (error: { code: number; stderr: string }) => {
      assert.equal(error.code, 1);
      assert.equal(error.stderr, 'paiban: source/report/index.md: already exists; pass --force to overwrite it\n');
      return true;
    });

    const json = await cli(process.execPath, [bin, 'import', 'source/report/index.md', '--force', '--json'], { cwd });
    const report = JSON.parse(json.stdout) as { output: string; leadSentences: string[]; punctuationFixes: number; title: string };
    assert.deepEqual([report.output, report.title, report.leadSentences.length, report.punctuationFixes], ['source/report/index.md', '宁波市海曙区人民政府工作报告', 9, 0]);
    assert.equal(await readFile(path.join(cwd, 'source', 'report', 'index.md'), 'utf8'), written);
  });

  it('reports a missing file as one line', async () => {
    const cwd = await mkdtemp(path.join(tmpdir(), 'paiban-import-'));
    await mkdir(path.join(cwd, 'source'));
    await assert.rejects(cli(process.execPath, [bin, 'import', 'nothing.txt'], { cwd }), (error: { stderr: string }) => {
      assert.equal(error.stderr, 'paiban: nothing.txt: no such file\n');
      return true;
    });
  });
});
