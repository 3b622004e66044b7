import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizePunctuation } from '../../src/cjk/punctuation.ts';

/**
 * Normalisation cases written from GB/T 15834-2011 (标点符号用法) and W3C clreq.
 * Each row: input, expected output, and where the rule comes from.
 */
const CHANGES: readonly [input: string, expected: string, why: string][] = [
  // 逗号 §4.4 — a pause inside a Chinese sentence.
  ['这一年,我们致力普惠共享', '这一年，我们致力普惠共享', '4.4 comma between Han'],
  ['比重达73.7%,8件民生实事', '比重达73.7%，8件民生实事', '4.4 comma after a percentage in Chinese text'],
  ['分别达到99.7%、99.8%,“天一甬宁保”', '分别达到99.7%、99.8%，“天一甬宁保”', '4.4 comma before an opening quote'],
  ['完成“1+8”执法队伍整合,全区', '完成“1+8”执法队伍整合，全区', '4.4 comma after Han, 1+8 untouched'],
  ['名片,民生', '名片，民生', '4.4 comma'],
  ['这一年, 我们', '这一年，我们', '4.4 full-width comma carries its own space'],
  ['使用Python,这很方便', '使用Python，这很方便', '4.4 comma after a Latin word inside a Chinese sentence'],
  ['共有A股,B股两类', '共有A股，B股两类', '4.4 comma after Han'],
  ['2022年,我们', '2022年，我们', '4.4 comma after 年'],
  // 句号 §4.1
  ['民生福祉持续增进.坚持', '民生福祉持续增进。坚持', '4.1 full stop between sentences'],
  ['财政收入增长了3.', '财政收入增长了3。', '4.1 full stop after a number ending a sentence'],
  ['我喜欢Python.', '我喜欢Python。', '4.1 full stop after a Latin word ending a Chinese sentence'],
  ['事情就是这样. ', '事情就是这样。', '4.1 full stop; trailing space dropped'],
  // 问号 §4.2, 叹号 §4.3
  ['你去过北京吗?', '你去过北京吗？', '4.2 question mark'],
  ['真的吗?!', '真的吗？！', '4.2.3.3 ?! both full-width'],
  ['各位代表!2022年我们取得的成绩', '各位代表！2022年我们取得的成绩', '4.3 exclamation mark before a number'],
  ['表示崇高的敬意和衷心的感谢!', '表示崇高的敬意和衷心的感谢！', '4.3 exclamation mark at the end'],
  // 分号 §4.6, 冒号 §4.7
  ['财政收支平衡还面临较大挑战;产业结构', '财政收支平衡还面临较大挑战；产业结构', '4.6 semicolon'],
  ['分别下降25%、14.3%;刑事', '分别下降25%、14.3%；刑事', '4.6 semicolon after a percentage'],
  ['还存在不少困难和短板:稳进提质', '还存在不少困难和短板：稳进提质', '4.7 colon'],
  ['本文地址:/baogao/huadong/4693.html', '本文地址：/baogao/huadong/4693.html', '4.7 colon after Han, path untouched'],
  ['验证码:', '验证码：', '4.7 colon at the end'],
  ['他说:"Hello, world."', '他说：“Hello, world.”', '4.7 + 4.8 colon and quotes around Latin text; Latin punctuation kept'],
  // 引号 §4.8 — paired, double outside, single inside.
  ['打造6张民生"专曙"名片', '打造6张民生“专曙”名片', '4.8 straight double quotes around Han'],
  ['成功打赢"3·30""4·07"等', '成功打赢“3·30”“4·07”等', '4.8 adjacent quoted numbers, pairs kept apart'],
  ["他说:\"我读过'论语'.\"", '他说：“我读过‘论语’。”', '4.8.3.2 single quotes inside double quotes'],
  ['"一老一小"服务体系', '“一老一小”服务体系', '4.8 quotes at the start of a paragraph'],
  ['名为"iPhone"的手机', '名为“iPhone”的手机', '4.8 quotes around a Latin name inside Chinese'],
  ['“物质+服务"社会救助', '“物质+服务”社会救助', '4.8 a straight closing quote paired with a curly opening one'],
  // 括号 §4.9
  ['(浙江省)宁波市海曙区人民政府工作报告', '（浙江省）宁波市海曙区人民政府工作报告', '4.9 brackets around Han at the start'],
  ['人民政府工作报告(2023年2月1日)', '人民政府工作报告（2023年2月1日）', '4.9 brackets around a date'],
  ['筹建保障性租赁住房10531套(间),新增', '筹建保障性租赁住房10531套（间），新增', '4.9 brackets, then a comma after the closing bracket'],
  ['服务中心(站)。', '服务中心（站）。', '4.9 brackets before a full stop'],
  ['包括(1)安全生产', '包括（1）安全生产', '4.9 + GB/T 9704: item number in brackets between Han is full-width'],
  ['北京(Beijing)是首都', '北京（Beijing）是首都', '4.9 brackets around a Latin gloss in Chinese text'],
  ['(一)总体要求', '（一）总体要求', '4.9 numbered heading （一）'],
  ['留言与评论(共有 条评论)', '留言与评论（共有 条评论）', '4.9 brackets with a space inside'],
  ['见(附件(二))说明', '见（附件（二））说明', '4.9 nested brackets'],
  ['（浙江省)宁波', '（浙江省）宁波', '4.9 a half-width closing bracket paired with a full-width opening one'],
  // 省略号 §4.11, 破折号 §4.10
  ['等等...', '等等……', '4.11 three points after Han'],
  ['他想了想......说', '他想了想……说', '4.11 six points'],
  ['可是。。。', '可是……', '4.11 three full stops'],
  ['教育、医疗…等', '教育、医疗……等', '4.11 a single ellipsis character is half the mark'],
  ['...总之', '……总之', '4.11 ellipsis before Han'],
  ['工业经济--难中求进', '工业经济——难中求进', '4.10 double hyphen between Han'],
  ['海曙—宁波', '海曙——宁波', '4.10 a single em dash between Han is half the mark'],
  ['“五快循环”--严守', '“五快循环”——严守', '4.10 dash after a closing quote'],
  // Mixed.
  ['东西部协作,对口支援;山海协作:扎实开展!', '东西部协作，对口支援；山海协作：扎实开展！', 'several marks in one sentence'],
  ['网址是http://www.gov.cn,欢迎访问', '网址是http://www.gov.cn，欢迎访问', 'comma after a URL in Chinese text'],
  ['写信到info@example.com,我们会回复', '写信到info@example.com，我们会回复', 'comma after an e-mail address'],
];

/** Text that must come out exactly as it went in. */
const UNCHANGED: readonly [input: string, why: string][] = [
  ['1,000', 'thousands separator'],
  ['共计1,000,000元', 'thousands separators inside Chinese text'],
  ['比重达73.7%', 'decimal point and percent sign'],
  ['打赢“3·30”“4·07”疫情防控阻击战', 'middle dot inside a date'],
  ['完成“1+8”执法队伍整合', 'plus sign'],
  ['2023.2.1', 'dotted date'],
  ['会议于10:30开始', 'clock time'],
  ['比例为1:1', 'ratio'],
  ['Hello, world.', 'a Latin sentence'],
  ["It's a students' day.", 'apostrophes in Latin text'],
  ['wait...', 'Latin ellipsis'],
  ['访问https://example.com/a,b?x=1&y=(2)', 'URL with commas, query and brackets'],
  ['联系admin@example.gov.cn', 'e-mail address'],
  ['用`a,b;c`表示', 'inline code'],
  ['公式$f(x)=a,b$成立', 'inline math'],
  ['点击<a href="x.html">这里</a>', 'HTML tag and its attribute quotes'],
  ['见[链接](http://a.cn/b,c.html)', 'Markdown link target'],
  ['函数f(x)的值', 'function call brackets attached to a Latin letter'],
  ['使用Node.js开发', 'dotted product name'],
  ['版本v1.0发布', 'version number'],
  ['1.概况', 'Arabic ordinal with a half-width point at the start of a line (GB/T 15834 §4.1.3.2)'],
  ['中文, and then English', 'a Latin clause after the comma'],
  ['this--that', 'double hyphen between Latin words'],
  ['a-b', 'hyphen'],
  ['“专曙”名片，民生。', 'already full-width'],
  ['这是……那是——', 'already correct ellipsis and dash'],
  ['See (Figure 1).', 'Latin brackets'],
  ['2.5', 'decimal number'],
];

describe('normalizePunctuation: GB/T 15834 cases that change', () => {
  for (const [input, expected, why] of CHANGES) {
    it(`${why}: ${input}`, () => {
      assert.equal(normalizePunctuation(input).text, expected);
    });
  }
});

describe('normalizePunctuation: text that must not change', () => {
  for (const [input, why] of UNCHANGED) {
    it(`${why}: ${input}`, () => {
      const result = normalizePunctuation(input);
      assert.equal(result.text, input);
      assert.deepEqual(result.fixes, []);
    });
  }
});

describe('normalizePunctuation: the list of fixes', () => {
  it('gives offset, before, after and rule of each change, in order', () => {
    const { fixes } = normalizePunctuation('(浙江省)报告,完成.');
    assert.deepEqual(
      fixes.map((f) => [f.offset, f.before, f.after, f.rule]),
      [
        [0, '(', '（', 'cjk-parenthesis'],
        [4, ')', '）', 'cjk-parenthesis'],
        [7, ',', '，', 'cjk-comma'],
        [10, '.', '。', 'cjk-full-stop'],
      ],
    );
  });

  it('is idempotent', () => {
    for (const [input] of CHANGES) {
      const once = normalizePunctuation(input).text;
      assert.equal(normalizePunctuation(once).text, once, input);
    }
  });

  // A quadratic pattern on these 200,000-character lines runs for minutes; linear, it takes milliseconds.
  // The runner's timeout (not a measured time) fails it, far beyond anything load can cause.
  it('stays linear on long hostile lines (URL, e-mail and code patterns are bounded)', { timeout: 120_000 }, () => {
    for (const text of ['a.a.a.'.repeat(30000), 'a'.repeat(200000), '`'.repeat(200000), 'www.'.repeat(50000), 'a@'.repeat(50000)]) {
      assert.ok(normalizePunctuation(`${text}中,文`).text.endsWith('中，文'), text.slice(0, 8));
    }
  });

  it('counts an astral Han character as Chinese context', () => {
    assert.equal(normalizePunctuation('𠀀,𠀁').text, '𠀀，𠀁');
  });
});

it('has at least 60 cases, 20 of them unchanged', () => {
  assert.ok(CHANGES.length + UNCHANGED.length >= 60);
  assert.ok(UNCHANGED.length >= 20);
});
