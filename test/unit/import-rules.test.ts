import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BOILERPLATE_RULES, removeBoilerplate } from '../../src/import/boilerplate.ts';
import { boldLeadSentences, mergeTouchingBold, splitSentences } from '../../src/import/lead.ts';
import { issuerFromTitle, parseTitleLine, signatureOf } from '../../src/import/metadata.ts';
import { parseBlocks } from '../../src/import/structure.ts';

/** Per rule (docs/import-rules.md): lines it removes, and look-alike lines of a document it must keep. */
const RULE_CASES: Record<string, { removes: string[]; keeps: string[] }> = {
  navigation: {
    removes: ['导航菜单', '网站首页', 'English', '首页 | 新闻 | 报告 | 公报', '首页 政务公开 政策文件 互动交流 办事服务'],
    keeps: ['一、总体要求', '首页设计要简洁明了，导航菜单不超过五项。', '宁波市海曙区人民政府工作报告'],
  },
  breadcrumb: {
    removes: ['当前位置：首页 > 报告', '您的位置:首页 > 政务公开 > 规划计划', '首页 > 报告 > 华东 > 正文'],
    keeps: ['收入增长率 > 支出增长率 > 物价涨幅，结构持续优化。'],
  },
  disclaimer: {
    removes: [
      '本文仅代表作者观点,不代表本站立场。',
      '版权所有：某某县人民政府办公室',
      'Copyright © 2015-2023 博县网',
      '未经本站书面许可，不得转载、复制或镜像。',
      '转载请注明出处',
    ],
    keeps: ['依法保护知识产权，严厉打击侵权假冒行为。', '完善版权保护制度，推进文化产业发展。'],
  },
  'address-line': {
    removes: ['本文地址:/baogao/huadong/4693.html', '原文链接：https://www.gov.cn/a.html', 'URL: http://example.com/'],
    keeps: ['网址导航服务全面升级。'],
  },
  'comment-box': {
    removes: ['留言与评论(共有 条评论)', '验证码:', '发表评论', '网友评论（0）', '昵称：', '看不清？换一张'],
    keeps: ['认真办理人大代表建议和政协委员提案，回应群众留言和评论。', '评论员文章引发热议，社会反响良好。'],
  },
  buttons: {
    removes: ['【字号:大 中 小】【打印】【关闭】', '分享到: 微信 微博', '【打印本页】 【关闭窗口】', '返回顶部', '下载', '全屏', '加大', '减小', '还原', '【加大 减小 还原】', 'A+ A-'],
    keeps: ['打印设备采购项目完成招标。', '关闭落后产能企业12家。', '下载量突破一百万次', '还原历史街区风貌'],
  },
  'glyph-line': {
    removes: ['【', '】', '| |'],
    keeps: ['【重要】', '——'],
  },
  'previous-next': {
    removes: ['上一篇：某某县2022年重点项目计划', '下一篇:某某县交通运输工作要点', '相关阅读'],
    keeps: ['上一篇文章提到的问题已经整改到位。'],
  },
  'page-metadata': {
    removes: ['发布时间：2023-02-03 09:12　来源：博县网　浏览次数：1024', '来源：海曙区政府办', '作者：张三'],
    keeps: ['来源于群众、服务于群众的做法得到推广。', '时间紧、任务重，我们迎难而上。'],
  },
};

describe('boilerplate rules', () => {
  it('every rule has cases, and every case names a rule', () => {
    assert.deepEqual(Object.keys(RULE_CASES).sort(), BOILERPLATE_RULES.map((r) => r.id).sort());
  });

  for (const [id, { removes, keeps }] of Object.entries(RULE_CASES)) {
    it(`${id}: removes its lines`, () => {
      const { removed, kept } = removeBoilerplate(removes);
      assert.deepEqual(kept, []);
      assert.deepEqual(removed.map((r) => r.rule), removes.map(() => id));
    });
    it(`${id}: keeps a document's own lines that look alike`, () => {
      const { removed } = removeBoilerplate(keeps);
      assert.deepEqual(removed, []);
    });
  }

  it('reports the line number of each removed line and keeps blank lines', () => {
    const { removed, kept } = removeBoilerplate(['导航菜单', '', '正文第一段。', '验证码:']);
    assert.deepEqual(removed.map((r) => r.line), [1, 4]);
    assert.deepEqual(kept.map((k) => k.line), [2, 3]);
  });
});

describe('run-in lead sentences', () => {
  const cases: [paragraph: string, leads: string[], why: string][] = [
    ['这一年，我们致力普惠共享。共同富裕系统推进。东西部协作、对口支援扎实开展。', ['共同富裕系统推进。'], 'a short comma-free sentence after a full stop'],
    ['深化改革开放。加快转型升级。推进共同富裕，增进民生福祉。', ['加快转型升级。'], 'among short sentences only the one before an explanation'],
    ['全区上下团结一心。经济运行平稳。群众生活改善。', [], 'short ordinary sentences in a row: none is a lead'],
    ['我们坚持创新驱动。产业结构持续优化。', [], 'a short sentence that opens nothing longer'],
    ['社会保障更广覆盖。实施“乐业海曙”行动，实现城镇新增就业2.4万人。', ['社会保障更广覆盖。'], 'at the start of a paragraph'],
    ['——经济运行趋稳向好。全年实现地区生产总值512.3亿元。', ['——经济运行趋稳向好。'], 'a leading-dash topic line'],
    ['——工业经济难中求进。', ['——工业经济难中求进。'], 'a dash topic line on its own'],
    ['这一年，我们致力普惠共享，民生福祉持续增进。坚持以人民为中心。', [], 'a first sentence with commas'],
    ['成绩来之不易。', [], 'a short sentence that ends the paragraph'],
    ['建成文化公园。“曙光里”残疾人综合服务中心正式启用。社会事业全面进步。', [], 'quotes in the sentence; then the last sentence opens nothing'],
    ['各位代表！坚持稳中求进工作总基调。', [], 'after an address ending in ！'],
    ['2022年我们取得的成绩极其不易。这是科学指引的结果。', [], 'digits in the sentence'],
    ['经济运行稳中向好。这是全区上下共同努力的结果，来之不易。', ['经济运行稳中向好。'], 'a following sentence that starts with 这 does not stop the lead'],
    ['我们要坚定信心。这是全区上下共同努力的结果。', [], 'a sentence starting with 我们 continues, it does not open'],
    ['实现城乡统筹协调发展的目标任务已经基本完成。下一步继续推进。', [], 'longer than 16 characters'],
    ['你去过吗？经济运行平稳。全年增长6%。', [], 'after a question'],
  ];
  for (const [paragraph, leads, why] of cases) {
    it(why, () => {
      const result = boldLeadSentences(paragraph);
      assert.deepEqual(result.leads, leads);
      let expected = paragraph;
      for (const lead of leads) expected = expected.replace(lead, `**${lead}**`);
      assert.equal(result.text, expected);
    });
  }

  it('keeps a lead already in bold as it is, and counts it', () => {
    const text = '这一年成效明显。**共同富裕系统推进。**东西部协作、对口支援扎实开展。';
    assert.deepEqual(boldLeadSentences(text), { text, leads: ['共同富裕系统推进。'] });
  });

  it('merges a lead into the bold run it touches: one run, never a literal ****', () => {
    const result = boldLeadSentences('**经济运行稳中向好。**社会保障更广覆盖。实施“乐业海曙”行动，实现城镇新增就业2.4万人。');
    assert.equal(result.text, '**经济运行稳中向好。社会保障更广覆盖。**实施“乐业海曙”行动，实现城镇新增就业2.4万人。');
    assert.deepEqual(result.leads, ['社会保障更广覆盖。']);
  });

  it('merges touching bold runs from the source', () => {
    assert.equal(mergeTouchingBold('**一是强化统筹。****二是压实责任。**其余照常。'), '**一是强化统筹。二是压实责任。**其余照常。');
  });

  it('does not split sentences inside quotes', () => {
    assert.deepEqual(splitSentences('他说：“好。”然后走了。再见！'), ['他说：“好。”然后走了。', '再见！']);
  });
});

describe('title line and signature', () => {
  it('parses a region prefix and a date suffix, half- or full-width', () => {
    assert.deepEqual(parseTitleLine('(浙江省)宁波市海曙区人民政府工作报告(2023年2月1日)'), { title: '宁波市海曙区人民政府工作报告', region: '浙江省', date: '2023-02-01' });
    assert.deepEqual(parseTitleLine('（上海市）某某区人民政府工作报告（2024年1月8日在区人大会议上）'), { title: '某某区人民政府工作报告', region: '上海市', date: '2024-01-08' });
    assert.deepEqual(parseTitleLine('某某区人民政府工作报告(2024-1-8)'), { title: '某某区人民政府工作报告', date: '2024-01-08' });
  });

  it('keeps a bracketed suffix that is not a valid date in the title', () => {
    assert.deepEqual(parseTitleLine('某某规划(2023年2月30日)'), { title: '某某规划(2023年2月30日)' });
    assert.deepEqual(parseTitleLine('某某条例(草案)'), { title: '某某条例(草案)' });
  });

  it('derives the issuer from a title', () => {
    assert.equal(issuerFromTitle('宁波市海曙区人民政府工作报告'), '宁波市海曙区人民政府');
    assert.equal(issuerFromTitle('某某市人民政府办公室关于做好防汛工作的通知'), '某某市人民政府办公室');
    assert.equal(issuerFromTitle('某某区2023年国民经济和社会发展统计公报'), undefined);
  });

  it('reads issuer and date from a closing signature', () => {
    assert.deepEqual(signatureOf(['正文。', '', '某某区统计局', '2024年3月15日', '']), { author: '某某区统计局', date: '2024-03-15' });
    assert.deepEqual(signatureOf(['正文。', '2024年3月15日']), { date: '2024-03-15' });
    assert.deepEqual(signatureOf(['正文。', '某某区统计局']), {});
  });
});

describe('structure', () => {
  const lines = (...texts: string[]) => texts.map((text, i) => ({ text, line: i + 1 }));

  it('numbers heading levels by the kinds a document uses, outermost first', () => {
    const blocks = parseBlocks(lines('(一)总体要求', '  正文。', '一、指导思想', '(1)细则', '第一章 总则'), 'text');
    assert.deepEqual(
      blocks.map((b) => (b.kind === 'heading' ? `${b.depth} ${b.text}` : b.kind)),
      ['3 (一)总体要求', 'paragraph', '2 一、指导思想', '4 (1)细则', '1 第一章 总则'],
    );
  });

  it('a numbered line with a sentence is a list item, a short one a heading', () => {
    const blocks = parseBlocks(lines('1.总体要求', '1.压实责任。各地要落实。', '2.加强排查。'), 'text');
    assert.deepEqual(blocks.map((b) => b.kind), ['heading', 'list']);
  });

  it('one paragraph per line in text, joined lines in Markdown', () => {
    assert.equal(parseBlocks(lines('第一行。', '第二行。'), 'text').length, 2);
    assert.deepEqual(parseBlocks(lines('第一行，', '第二行。'), 'markdown'), [{ kind: 'paragraph', text: '第一行，第二行。' }]);
  });

  it('rows with tabs or wide spaces make a table; a single such line does not', () => {
    assert.deepEqual(parseBlocks(lines('指标\t数值', '收入\t1.5'), 'text'), [{ kind: 'table', rows: [['指标', '数值'], ['收入', '1.5']] }]);
    assert.equal(parseBlocks(lines('指标    数值'), 'text')[0]!.kind, 'paragraph');
  });
});
