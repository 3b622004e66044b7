import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserError } from '../../src/errors.ts';
import { parseFrontMatter, refuseNonYamlFrontMatter } from '../../src/source/frontmatter.ts';

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
  assert.deepEqual(data, { title: '报告', author: '区政府', date: '2023-02-01', lang: 'zh-CN', layout: 'booklet', trim: 'A4', bleed: 3, largePrint: false, cover: true, edition: '1', punctuation: true });
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
