import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserError } from '../../src/errors.ts';
import { parseFrontMatter, readFrontMatter, refuseNonYamlFrontMatter, validateFrontMatter } from '../../src/source/frontmatter.ts';

const parse = (yaml: string) => parseFrontMatter(yaml, 'doc/index.md', 2);

function failsAt(fn: () => unknown, line: number, message: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof UserError, String(error));
    assert.equal(error.file, 'doc/index.md');
    assert.equal(error.line, line, error.format());
    assert.match(error.message, message);
    return true;
  });
}

test('defaults and field lines', () => {
  const { data, lines } = parse('title: 报告\nauthor: 区政府\ndate: 2023-02-01\n');
  assert.deepEqual(data, { title: '报告', author: '区政府', date: '2023-02-01', lang: 'zh-CN', layout: 'booklet', trim: 'A4', bleed: 3, largePrint: false, writing: 'horizontal', cover: true, edition: '1', punctuation: true });
  assert.deepEqual(lines, { title: 2, author: 3, date: 4 });
});

test('an unquoted ISO date stays a string (core schema, no timestamps)', () => {
  assert.equal(parse('title: t\nauthor: a\ndate: 2023-02-01\nedition: 2\n').data.date, '2023-02-01');
});

test('executable front matter fences are refused before parsing', () => {
  for (const fence of ['---js', '---javascript', '---coffee', '--- js ']) {
    failsAt(() => refuseNonYamlFrontMatter(`${fence}\n{}\n---\n`, 'doc/index.md'), 1, /must be YAML/);
  }
  refuseNonYamlFrontMatter('---\ntitle: t\n---\n', 'doc/index.md');
});

test('invalid YAML names the line', () => {
  failsAt(() => parse('title: t\nauthor: a\ndate: 2023-02-01\nlayout: [x\n'), 5, /invalid YAML/);
});

test('custom tags are refused, not constructed', () => {
  failsAt(() => parse('title: !!js/function "function(){}"\nauthor: a\ndate: 2023-02-01\n'), 2, /invalid YAML/);
});

test('alias bombs are refused', () => {
  const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 9; i++) bomb.push(`${'abcdefghi'[i]}: &${'abcdefghi'[i]} [${Array(9).fill(`*${'abcdefghi'[i - 1]}`).join(',')}]`);
  assert.throws(() => parse(`${bomb.join('\n')}\ntitle: t\nauthor: a\ndate: 2023-02-01\n`), UserError);
});

test('unknown, prototype-polluting and ill-typed fields name their line', () => {
  failsAt(() => parse('title: t\nauthor: a\ndate: 2023-02-01\ncolour: red\n'), 5, /unknown front matter field "colour"/);
  failsAt(() => parse('title: t\nauthor: a\ndate: 2023-02-01\n__proto__: {polluted: 1}\n'), 5, /unknown front matter field "__proto__"/);
  assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  failsAt(() => parse('title: t\nauthor: a\ndate: 2023/02/01\n'), 4, /"date"/);
  failsAt(() => parse('title: [1, 2]\nauthor: a\ndate: 2023-02-01\n'), 2, /"title"/);
  failsAt(() => parse('author: a\ndate: 2023-02-01\n'), 2, /"title" is required/);
  failsAt(() => parse('title: t\nauthor: a\ndate: 2023-02-01\nlang: "zh CN"\n'), 5, /BCP 47/);
  failsAt(() => parse('- a\n- b\n'), 2, /mapping/);
});

test('control characters made by YAML escapes are refused with their line', () => {
  failsAt(() => parse('title: "报告\\0"\nauthor: 区政府\ndate: 2023-02-01\n'), 2, /control character U\+0000 \(NUL\)/);
  failsAt(() => parse('title: 报告\nauthor: "区\\e[2J政府"\ndate: 2023-02-01\n'), 3, /control character U\+001B/);
  failsAt(() => parse('title: 报告\nauthor: 区政府\ndate: 2023-02-01\neditions:\n  - id: a\n    name: "第\\x07版"\n'), 7, /control character U\+0007/);
  // Tabs and line breaks are text.
  assert.equal(parse('title: "报\\t告"\nauthor: 区政府\ndate: 2023-02-01\n').data.title, '报\t告');
});

test('a misspelt field names itself, its line and the field it likely means; the required field is not reported twice', () => {
  assert.throws(
    () => parse('title: t\nauther: a\ndate: 2023-02-01\n'),
    (error: unknown) => error instanceof UserError && error.format() === 'doc/index.md:3: unknown front matter field "auther" (did you mean "author"?)',
  );
});

test('every bad field is reported, each at its line', () => {
  const { problems } = readFrontMatter('title: t\nauthor: a\ndate: 2023/02/01\nlayuot: x\ncolour: red\n', 'doc/index.md', 2);
  assert.deepEqual(problems.map((p) => p.format()), [
    'doc/index.md:5: unknown front matter field "layuot" (did you mean "layout"?)',
    `doc/index.md:6: unknown front matter field "colour" (known: ${['title', 'subtitle', 'author', 'date', 'lang', 'layout', 'trim', 'bleed', 'largePrint', 'writing', 'cover', 'chapterStart', 'autospace', 'printing', 'printer', 'edition', 'fonts', 'numbering', 'editions', 'region', 'punctuation', 'gongwen'].join(', ')})`,
    'doc/index.md:4: front matter field "date": date must be an ISO date, e.g. 2023-02-01',
  ]);
});

test('a ": " in an unquoted title says to quote it, at its line', () => {
  failsAt(() => parse('author: a\ntitle: 海曙区: 工作报告\ndate: 2023-02-01\n'), 3, /^quote the title: it contains ": " \(write title: "海曙区: 工作报告"\)/);
});

test('Hugo and Jekyll fields are accepted and listed; a date with a time is read as its day', () => {
  const { data, ignored } = parse('title: t\nauthor: a\ndate: 2024-01-15T10:00:00+08:00\ntags: [x]\ndraft: true\ndescription: d\nweight: 3\nslug: s\ncategories: [c]\nlastmod: 2024-02-01\nkeywords: [k]\naliases: [/a]\nsummary: s\n');
  assert.equal(data.date, '2024-01-15');
  assert.deepEqual(ignored, ['tags', 'draft', 'description', 'weight', 'slug', 'categories', 'lastmod', 'keywords', 'aliases', 'summary']);
  assert.equal('tags' in data, false);
});

test('validateFrontMatter works on a merged object with the caller’s lines', () => {
  const { data, issues } = validateFrontMatter({ title: 't', date: '2024-01-01', auther: 'x' }, (path) => (path[0] === 'auther' ? 9 : undefined));
  assert.equal(data, undefined);
  assert.deepEqual(issues, [{ key: 'auther', line: 9, message: 'unknown front matter field "auther" (did you mean "author"?)' }]);
});
