import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { importDocument } from '../../src/import/import.ts';
import { readDocument } from '../../src/markdown/document.ts';
import { packageRoot } from '../../src/paths.ts';
import { paiban } from '../helpers/cli.ts';
import { makeReportDocx } from '../helpers/docx.ts';
import { makePng } from '../helpers/png.ts';

const FIXTURES = path.join(packageRoot, 'test', 'fixtures', 'import');
const TODAY = '2000-01-01';

function importHtml(html: string) {
  return importDocument(Buffer.from(html), { shownFile: 'page.html', extension: '.html', today: TODAY });
}

/** The text after the front matter. */
function bodyOf(markdown: string): string {
  return markdown.slice(markdown.indexOf('\n---\n') + 5);
}

describe('a web page with lang spans, a merged-cell table and saved images', () => {
  let cwd = '';
  let stdout = '';
  let markdown = '';
  let html = '';
  before(async () => {
    cwd = await mkdtemp(path.join(tmpdir(), 'paiban-import-web-'));
    await cp(path.join(FIXTURES, 'lang-page'), path.join(cwd, 'saved'), { recursive: true });
    await mkdir(path.join(cwd, 'saved', 'page_files'));
    await writeFile(path.join(cwd, 'saved', 'page_files', 'map.png'), makePng(6, 4));
    await writeFile(path.join(cwd, 'saved', 'page_files', 'photo.png'), makePng(4, 6));
    const docx = path.join(cwd, 'plan.docx');
    await writeFile(docx, await makeReportDocx());
    const imported = paiban(['import', 'saved/page.html', '--doc', 'page'], { cwd });
    assert.equal(imported.code, 0, imported.stderr);
    stdout = imported.stdout;
    markdown = await readFile(path.join(cwd, 'source', 'page', 'index.md'), 'utf8');
    const word = paiban(['import', 'plan.docx', '--doc', 'plan'], { cwd });
    assert.equal(word.code, 0, word.stderr);
    // Both imported documents build (HTML: no browser needed).
    const built = paiban(['build', 'source/page', 'source/plan', '--out', 'out', '--format', 'html'], { cwd });
    assert.equal(built.code, 0, built.stderr);
    html = await readFile(path.join(cwd, 'out', 'page', 'index.html'), 'utf8');
  });

  it('keeps every lang as paiban lang spans', () => {
    assert.ok(markdown.includes('签署了《[Memorandum of Understanding]{lang=en}》等合作文件'));
    assert.ok(markdown.includes('宣传册《[創新驅動發展]{lang=zh-Hant}》'));
    assert.ok(markdown.includes('[简体版本同步上线]{lang=zh-Hans}，方便内地读者查阅'));
    assert.ok(html.includes('<span lang="en">Memorandum of Understanding</span>'));
    assert.ok(html.includes('<span lang="zh-Hant">創新驅動發展</span>'));
  });

  it('keeps the merged cells of the table in the built HTML', () => {
    const table = /<table>[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
    const rows = [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) => [...row[1]!.matchAll(/<(t[hd])([^>]*)>([^<]*)<\/t[hd]>/g)].map((c) => `${c[1]}${c[2]} ${c[3]}`));
    assert.deepEqual(rows, [
      ['th rowspan="2" scope="col" 类别', 'th colspan="2" scope="col" 数量'],
      ['th scope="col" 上半年', 'th scope="col" 下半年'],
      ['td 经贸', 'td 12', 'td 15'],
      ['td 教育', 'td 8', 'td 9'],
    ]);
  });

  it('copies the saved images beside index.md with their alt text', async () => {
    assert.deepEqual((await readdir(path.join(cwd, 'source', 'page'))).sort(), ['image-1.png', 'image-2.png', 'index.md']);
    assert.deepEqual(await readFile(path.join(cwd, 'source', 'page', 'image-1.png')), makePng(6, 4));
    assert.ok(markdown.includes('\n![友好城市分布图](image-1.png)\n\n![签约仪式现场](image-2.png)\n'));
    assert.match(html, /<img src="image-1.png" alt="友好城市分布图">/);
  });

  it('takes the title from the <h1>, leaves the toolbar out and reports the kept characters', () => {
    const { meta } = readDocument(markdown, 'index.md');
    assert.equal(meta.title, '某某区对外交流年度报告');
    for (const furniture of ['下载', '全屏', '首页', '来源', '版权所有']) assert.ok(!markdown.includes(furniture), furniture);
    assert.match(stdout, /kept {5}183 of 183 Han characters of the page's main text \(100\.0 %\)/);
  });

  it('imports the Word file: heading styles and official numbers, table, footnote, image', async () => {
    const word = await readFile(path.join(cwd, 'source', 'plan', 'index.md'), 'utf8');
    assert.equal(
      bodyOf(word),
      [
        '',
        '# 工作背景',
        '',
        '**总体平稳。**近年来，全市政务服务事项网上可办率稳步提升，群众办事更加便利。',
        '',
        '# 一、基本原则',
        '',
        '## （一）统筹推进',
        '',
        '坚持全市一盘棋，统一规划、统一标准[^1]，避免重复建设。',
        '',
        '- 数据共享',
        '- 业务协同',
        '',
        '## 推进情况',
        '',
        '<table><tbody><tr><th>地区</th><th colspan="2">指标</th></tr><tr><td rowspan="2">东区</td><td>事项数</td><td>120</td></tr><tr><td>可办率</td><td>95%</td></tr></tbody></table>',
        '',
        '![某某市区位示意图](image-1.png)',
        '',
        '# 二、保障措施',
        '',
        '各部门要加强协作，按期完成各项任务。',
        '',
        '[^1]: 数据来源：某某市统计局年度公报。',
        '',
      ].join('\n'),
    );
    assert.equal(readDocument(word, 'index.md').meta.title, '某某市数字政务建设方案');
    assert.deepEqual(await readFile(path.join(cwd, 'source', 'plan', 'image-1.png')), makePng(8, 4));
    const built = await readFile(path.join(cwd, 'out', 'plan', 'index.html'), 'utf8');
    assert.match(built, /<td rowspan="2">东区<\/td>/);
    assert.match(built, /<img src="image-1.png" alt="某某市区位示意图">/);
    assert.match(built, /数据来源：某某市统计局年度公报。/);
  });
});

describe('hidden and dropped parts of a page', () => {
  it('names each part hidden by CSS and skips it', async () => {
    const { markdown, report } = importDocument(await readFile(path.join(FIXTURES, 'hidden-section.html')), { shownFile: 'hidden-section.html', extension: '.html', today: TODAY });
    assert.ok(!markdown.includes('高标准农田'));
    assert.deepEqual(
      report.warnings.filter((w) => w.startsWith('skipped hidden')),
      [
        'skipped hidden content (display:none, visibility:hidden or hidden): div#fulltext “一是加强高标准农田建设，新建和改造提升高…” (70 Han characters) — unhide it in the page if it belongs to the document',
        'skipped hidden content (display:none, visibility:hidden or hidden): p.print-only “本页打印版附有各乡镇任务分解表，请以正式…” (25 Han characters) — unhide it in the page if it belongs to the document',
      ],
    );
  });

  it('warns, naming the part, when more than 1 % of the main text is dropped', () => {
    const page = `<!doctype html><html lang="zh-CN"><head><title>某某镇工作总结</title></head><body>
      <article><h1>某某镇工作总结</h1>
      <p>今年以来，全镇上下紧紧围绕年度目标任务，扎实推进各项工作，经济社会保持平稳健康发展。</p>
      <p>农业生产形势良好，粮食播种面积稳定，特色产业不断壮大，农民收入持续增长。</p>
      <p>基础设施不断完善，新建改建农村公路十二公里，群众出行更加便捷安全。</p></article>
      <div class="sidebar related-links"><p>下半年将重点抓好项目建设和安全生产两项工作。</p></div>
      </body></html>`;
    const { report } = importHtml(page);
    assert.equal(report.coverage?.pageHan, 128);
    assert.equal(report.coverage?.keptHan, 107);
    assert.ok(
      report.warnings.includes("kept 107 of 128 Han characters of the page's main text (83.6 %); dropped: div.sidebar.related-links p “下半年将重点抓好项目建设和安全生产两项工…” (21)"),
      report.warnings.join('\n'),
    );
  });

  it('never prints **** where two bold runs of a page touch', () => {
    const { markdown } = importHtml('<html><body><h1>某某通报</h1><p><b>一是强化统筹。</b><strong>二是压实责任。</strong>各单位要按照分工抓好落实，确保按期完成。</p></body></html>');
    assert.ok(bodyOf(markdown).includes('**一是强化统筹。二是压实责任。**各单位要按照分工抓好落实，确保按期完成。'), markdown);
  });
});

describe('Word files that import refuses', () => {
  it('refuses a .doc with the command that converts it', async () => {
    const { convertOfficeFile } = await import('../../src/import/docx.ts');
    await assert.rejects(convertOfficeFile(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]), '.doc', 'old.doc'), (error: Error & { format(): string }) => {
      assert.equal(error.format(), 'old.doc: is an old binary Word/WPS file (.doc), which import cannot read; save it as .docx, or convert it with LibreOffice: soffice --headless --convert-to docx "old.doc"');
      return true;
    });
  });

  it('refuses a zip that expands past the bound, and one with too many entries, before converting it', async () => {
    const { checkZipBounds } = await import('../../src/import/zip-bounds.ts');
    const docx = await makeReportDocx();
    const formatted = (pattern: RegExp) => (error: Error & { format(): string }) => pattern.test(error.format());
    await assert.rejects(checkZipBounds(docx, 'big.docx', { entries: 2000, uncompressed: 1000 }), formatted(/^big\.docx: expands to more than 1000 bytes; refusing it as a zip bomb$/));
    await assert.rejects(checkZipBounds(docx, 'many.docx', { entries: 3, uncompressed: 1e9 }), formatted(/^many\.docx: holds \d+ zip entries; a Word file has a few dozen \(limit 3\)$/));
    await checkZipBounds(docx, 'ok.docx');
    await assert.rejects(checkZipBounds(Buffer.from('not a zip at all'), 'x.docx'), formatted(/^x\.docx: is not a readable \.docx \(zip\) file/));
  });
});
