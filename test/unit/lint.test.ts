import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { fixMarkdown, lintMarkdown } from '../../src/lint/lint.ts';
import { packageRoot } from '../../src/paths.ts';

const run = promisify(execFile);
const SEED = path.join(packageRoot, 'test', 'fixtures', 'seeds', 'haishu-2023-report.txt');
const FRONT_MATTER = '---\ntitle: 宁波市海曙区人民政府工作报告\nauthor: 宁波市海曙区人民政府\ndate: 2023-02-01\n---\n';

/** The seed's paragraphs (the indented lines) as a Markdown source, indent and all. */
async function seedDocument(): Promise<string> {
  const seed = await readFile(SEED, 'utf8');
  const paragraphs = seed.split('\n').filter((line) => line.startsWith('  '));
  assert.ok(paragraphs.length >= 5);
  return `${FRONT_MATTER}\n${paragraphs.join('\n\n')}\n`;
}

/** Line:column (in characters) of every ASCII comma with Chinese on at least one side and not inside a number. */
function commasInChineseText(markdown: string): string[] {
  const places: string[] = [];
  markdown.split('\n').forEach((line, index) => {
    const chars = Array.from(line);
    chars.forEach((char, column) => {
      if (char !== ',') return;
      const [before, after] = [chars[column - 1] ?? '', chars[column + 1] ?? ''];
      if (/\d/.test(before) && /\d/.test(after)) return;
      places.push(`${index + 1}:${column + 1}`);
    });
  });
  return places;
}

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(packageRoot, 'bin', 'paiban.js'), ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

async function docFolder(markdown: string | Buffer): Promise<string> {
  const dir = path.join(await mkdtemp(path.join(tmpdir(), 'paiban-lint-')), 'doc');
  await mkdir(dir);
  await writeFile(path.join(dir, 'index.md'), markdown);
  return dir;
}

describe('lintMarkdown on the seed paragraphs', () => {
  it('reports every ASCII comma in Chinese text at its line and column', async () => {
    const markdown = await seedDocument();
    const expected = commasInChineseText(markdown);
    assert.ok(expected.length > 100, `the seed has many commas (${expected.length})`);
    const reported = lintMarkdown(markdown, 'seed.md')
      .problems.filter((p) => p.rule === 'cjk-comma')
      .map((p) => `${p.line}:${p.column}`);
    assert.deepEqual(reported, expected);
  });

  it('places problems after the front matter lines', async () => {
    const first = lintMarkdown(await seedDocument(), 'seed.md').problems[0]!;
    assert.deepEqual([first.line, first.column, first.before, first.after], [7, 6, ',', '，']);
  });
});

describe('paiban lint (CLI)', () => {
  it('prints file:line:col rule before→after and exits 1; --fix leaves none and keeps numbers', async () => {
    const markdown = await seedDocument();
    const dir = await docFolder(markdown);
    const file = path.join(dir, 'index.md');

    const before = await cli(['lint', dir]);
    assert.equal(before.code, 1);
    const lines = before.stdout.trim().split('\n');
    assert.ok(lines.every((line) => /^.+index\.md:\d+:\d+ cjk-[a-z-]+ \S+→\S+$/.test(line)), lines.find((l) => !/→/.test(l)));
    assert.equal(lines.filter((line) => / cjk-comma ,→，$/.test(line)).length, commasInChineseText(markdown).length);

    const fixed = await cli(['lint', '--fix', dir]);
    assert.equal(fixed.code, 0, fixed.stderr);
    const text = await readFile(file, 'utf8');
    assert.deepEqual(commasInChineseText(text), []);
    for (const kept of ['73.7%', '1+8', '3·30', '99.7%、99.8%', '2.4万人']) assert.ok(text.includes(kept), kept);
    assert.equal(text.length, markdown.length, 'one character for one character');
    assert.equal(text.slice(0, FRONT_MATTER.length), FRONT_MATTER);

    const after = await cli(['lint', dir]);
    assert.deepEqual([after.code, after.stdout], [0, '']);
  });

  it('--fix changes only the reported characters, keeping BOM and CRLF byte for byte', async () => {
    const markdown = `${FRONT_MATTER}\n甲,乙\n\n- 列表项(一)\n  续行,内容\n\n> 引用,文字\n\n用\`a,b\`,中&amp;文,字\n`.replace(/\n/g, '\r\n');
    const dir = await docFolder(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(markdown)]));
    const { problems } = lintMarkdown(markdown, 'x.md');
    assert.equal(fixMarkdown(markdown, problems).split(',').length - 1, 1, 'only the comma in code is left');
    await cli(['lint', '--fix', dir]);
    const bytes = await readFile(path.join(dir, 'index.md'));
    const expected = markdown.replace('甲,乙', '甲，乙').replace('(一)', '（一）').replace('续行,', '续行，').replace('引用,', '引用，').replace('`,中&amp;文,字', '`，中&amp;文，字');
    assert.deepEqual(bytes, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(expected)]));
  });

  it('skips a document with punctuation: false', async () => {
    const dir = await docFolder(FRONT_MATTER.replace('---\n', '---\npunctuation: false\n') + '\n甲,乙\n');
    assert.deepEqual(lintMarkdown(await readFile(path.join(dir, 'index.md'), 'utf8'), 'x.md'), { problems: [], checked: false });
    const result = await cli(['lint', dir]);
    assert.deepEqual([result.code, result.stdout], [0, '']);
  });

  it('reports a folder without index.md in one line and still checks the next document', async () => {
    const empty = await mkdtemp(path.join(tmpdir(), 'paiban-lint-empty-'));
    const dir = await docFolder(`${FRONT_MATTER}\n甲,乙\n`);
    const result = await cli(['lint', empty, dir]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^paiban: .*paiban-lint-empty-\w+: no index\.md here\n$/);
    assert.match(result.stdout, /index\.md:7:2 cjk-comma ,→，\n$/);
  });

  it('reports a bad source as one line per problem with file and line', async () => {
    const dir = await docFolder('---\ntitle: 报告\n---\n甲,乙\n');
    const result = await cli(['lint', dir]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^paiban: .*index\.md:\d+: front matter field "author" is required\npaiban: .*index\.md:\d+: front matter field "date" is required\n$/);
  });
});
