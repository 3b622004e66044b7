// `paiban import` converts a page or a Word file in a worker thread bounded
// like the Markdown parser (time, heap, stack): hostile pages, generated
// here, fail with one line and write nothing, or import within the limits.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { assertOneLineError, repoRoot, type CliResult } from '../helpers/cli.ts';
import { innermostRules } from '../../src/import/page-text.ts';

const BIN = path.join(repoRoot, 'bin', 'paiban.js');
const root = mkdtempSync(path.join(os.tmpdir(), 'paiban-import-bounded-'));
after(() => rmSync(root, { recursive: true, force: true }));

type Result = CliResult;

/** A run that hangs is killed after 120 s and fails its test. */
function importPage(name: string, html: string | Buffer, env: NodeJS.ProcessEnv = {}, file = 'page.html'): { result: Result; dir: string } {
  const dir = path.join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, file), html);
  const result = spawnSync(process.execPath, [BIN, 'import', file, '--doc', 'doc'], {
    cwd: dir,
    env: { ...process.env, PAIBAN_DEBUG: '', ...env },
    encoding: 'utf8',
    timeout: 120_000,
    killSignal: 'SIGKILL',
  });
  return { result: { code: result.status, stdout: result.stdout, stderr: result.stderr }, dir };
}

/** One line, `paiban: …`, exit 1, no stack trace, and no document folder written. */
function assertRefused({ result, dir }: { result: Result; dir: string }, pattern: RegExp): void {
  assertOneLineError(result, pattern);
  assert.ok(!existsSync(path.join(dir, 'source')), 'nothing written');
}

const page = (head: string, body: string) => `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>测试报告</title>${head}</head><body>\n<h1>测试报告</h1>\n${body}</body></html>`;
const PARAGRAPH = '<p>这一年，我们砥砺前行，全市经济社会发展取得新的成绩，各项工作稳步推进。</p>';

describe('import runs in the bounded importer thread', () => {
  test('PAIBAN_PARSE_TIMEOUT bounds the import: one line, nothing written', () => {
    // A millisecond: the thread cannot even load its modules in time.
    assertRefused(importPage('timeout', page('', PARAGRAPH), { PAIBAN_PARSE_TIMEOUT: '0.001' }), /page\.html: took longer than 0\.001 s to import \(limit PAIBAN_PARSE_TIMEOUT\)/);
  });

  test('PAIBAN_PARSE_MEMORY bounds the import: a 3 MB page in a 16 MiB heap fails with one line', () => {
    const body = Array.from({ length: 30_000 }, (_, i) => `<div class="c${i % 50}"><p>第${i}段，${'这是测试文本。'.repeat(8)}</p></div>`).join('\n');
    assertRefused(importPage('memory', page('', body), { PAIBAN_PARSE_MEMORY: '16' }), /page\.html: needs more than 16 MiB of memory to import \(limit PAIBAN_PARSE_MEMORY\)/);
  });

  test('50,000 nested <span> with the depth check lifted: stopped by the thread’s stack or deadline, one line', () => {
    const spans = `<p>${'<span>'.repeat(50_000)}正文${'</span>'.repeat(50_000)}</p>`;
    assertRefused(
      importPage('deep-span', page('', spans), { PAIBAN_MAX_DEPTH: '1000000', PAIBAN_PARSE_TIMEOUT: '60' }),
      /page\.html: (?:nests its elements too deeply to import \(the parser ran out of stack\)|took longer than 60 s to import)/,
    );
  });

  test('100,000 nested <div> with the depth check lifted: fails with one line or imports, within the limits', () => {
    const divs = `${'<div>'.repeat(100_000)}正文${'</div>'.repeat(100_000)}`;
    const run = importPage('deep-div', page('', divs), { PAIBAN_MAX_DEPTH: '1000000', PAIBAN_PARSE_TIMEOUT: '5' });
    if (run.result.code === 0) assert.match(readFileSync(path.join(run.dir, 'source', 'doc', 'index.md'), 'utf8'), /正文/);
    else assertRefused(run, /page\.html: (?:nests its elements too deeply to import|took longer than 5 s to import)/);
  });

  test('a Word file that is not one fails in the thread with one line', () => {
    assertRefused(importPage('bad-docx', Buffer.from('PK\u0003\u0004 not really a zip'), {}, 'plan.docx'), /plan\.docx: is not a readable \.docx/);
  });
});

describe('linear scans of hostile markup', () => {
  test('400 KB of junk after a nested rule: the hiding rule after it is still found, within the default limits', () => {
    // The rule scan was a regular expression that restarted at every character of a run ending in `}`:
    // 80 KB took 21 s; with this page the import ran past the default 30 s deadline.
    const css = `<style>.x{.y{color:red} ${'a'.repeat(400_000)}} .hide{display:none}</style>`;
    const run = importPage('no-braces', page(css, `${PARAGRAPH}<p class="hide">隐藏的段落不应导入。</p>`));
    assert.equal(run.result.code, 0, run.result.stderr);
    const markdown = readFileSync(path.join(run.dir, 'source', 'doc', 'index.md'), 'utf8');
    assert.match(markdown, /砥砺前行/);
    assert.doesNotMatch(markdown, /隐藏的段落/);
    assert.match(run.result.stdout, /skipped hidden content .*p\.hide/);
  });

  test('200,000 unclosed `<a ` and 200,000 unclosed `/* `: the depth scan and the comment strip stay linear', () => {
    const run = importPage('unclosed', page(`<style>${'/* '.repeat(200_000)}</style>`, `${PARAGRAPH}${'<a '.repeat(200_000)}`));
    assert.equal(run.result.code, 0, run.result.stderr);
    assert.match(readFileSync(path.join(run.dir, 'source', 'doc', 'index.md'), 'utf8'), /砥砺前行/);
  });

  test('innermostRules: the innermost blocks, each prelude the text since the last brace or @', () => {
    assert.deepEqual(innermostRules('.a{display:none} @media print{.b, #c{x:1}} d{', 10), [
      { prelude: '.a', body: 'display:none' },
      { prelude: '.b, #c', body: 'x:1' },
    ]);
    assert.deepEqual(innermostRules('@import "x.css"; .a { content: "@" }', 10), [{ prelude: 'import "x.css"; .a ', body: ' content: "@" ' }]);
    assert.deepEqual(innermostRules('.a{}.b{}.c{}', 2).length, 2);
  });
});
