import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { DEFAULT_LIMITS, limitsFromEnv } from '../../src/limits.ts';
import { checkLinePrefixes, checkTreeShape } from '../../src/markdown/guard.ts';
import { stopParser } from '../../src/markdown/isolate.ts';
import { isLocalReference, validUrl } from '../../src/markdown/local-resources.ts';
import { checkFrontMatterSize, readDocumentSafely } from '../../src/markdown/read.ts';
import { readSourceBytes } from '../../src/source/bounded.ts';
import { parseMarkdown } from '../../src/markdown/parse.ts';

const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-limits-'));
after(async () => {
  rmSync(work, { recursive: true, force: true });
  await stopParser();
});

const FRONT = '---\ntitle: 报告\nauthor: 某区\ndate: 2023-02-01\n---\n\n';

test('limits: defaults, overridden by the environment, bad values one clear line', () => {
  assert.deepEqual(limitsFromEnv({}), DEFAULT_LIMITS);
  const limits = limitsFromEnv({ PAIBAN_MAX_SOURCE_SIZE: '1.5M', PAIBAN_MAX_FRONT_MATTER_SIZE: '4k', PAIBAN_MAX_DEPTH: '20', PAIBAN_PARSE_TIMEOUT: '0.5' });
  assert.equal(limits.maxSourceBytes, 1.5 * 1024 * 1024);
  assert.equal(limits.maxFrontMatterBytes, 4096);
  assert.equal(limits.maxDepth, 20);
  assert.equal(limits.parseTimeoutMs, 500);
  assert.throws(() => limitsFromEnv({ PAIBAN_MAX_SOURCE_SIZE: 'lots' }), /PAIBAN_MAX_SOURCE_SIZE=lots is not a size/);
  assert.throws(() => limitsFromEnv({ PAIBAN_MAX_DEPTH: '-3' }), /PAIBAN_MAX_DEPTH=-3 must be a positive whole number/);
});

test('guard: depth and node limits without recursion, with the line', () => {
  const deep = parseMarkdown(`${'> '.repeat(30)}x\n`);
  assert.equal(checkTreeShape(deep, { maxDepth: 100, maxNodes: 1000 }, 'doc'), undefined);
  assert.match(checkTreeShape(deep, { maxDepth: 10, maxNodes: 1000 }, 'doc')!.message, /nested more than 10 levels/);
  assert.match(checkTreeShape(parseMarkdown('a *b* c\n'.repeat(50)), { maxDepth: 100, maxNodes: 100 }, 'doc')!.message, /more than 100 nodes/);
  // A tree far deeper than any stack: built by hand, checked in a loop.
  let node: { type: string; children: unknown[] } = { type: 'root', children: [] };
  const root = node;
  for (let i = 0; i < 200_000; i++) {
    const child = { type: 'blockquote', children: [] as unknown[], position: { start: { line: i + 1, column: 1 }, end: { line: i + 1, column: 2 } } };
    node.children.push(child);
    node = child;
  }
  assert.equal(checkTreeShape(root as never, { maxDepth: 100, maxNodes: 1e9 }, 'doc')!.line, 101);
  assert.equal(checkLinePrefixes(`ok\n${'> - 1. '.repeat(40)}x\n`, 100)!.line, 2);
  assert.equal(checkLinePrefixes('- a\n  - b\n> c\n* * *\n', 100), undefined);
});

test('front matter size is checked before YAML sees it', () => {
  assert.doesNotThrow(() => checkFrontMatterSize(FRONT, 'x.md', 1024));
  assert.throws(() => checkFrontMatterSize(`---\ntitle: "${'x'.repeat(2000)}"\n---\n`, 'x.md', 1024), /front matter is 2 KiB; the limit is 1 KiB/);
  // Not closed: readDocument reports that instead.
  assert.doesNotThrow(() => checkFrontMatterSize(`---\ntitle: "${'x'.repeat(2000)}"\n`, 'x.md', 1024));
});

test('readDocumentSafely: same result as readDocument; quadratic input stopped at the deadline', async () => {
  const doc = await readDocumentSafely(`${FRONT}# 一、标题\n\n正文 *强调*。\n`, 'x.md', DEFAULT_LIMITS);
  assert.equal(doc.meta.title, '报告');
  assert.equal(doc.tree.children[0]?.type, 'heading');
  // Minutes of parsing without the deadline (quadratic delimiter matching): stopped at 1 s.
  await assert.rejects(readDocumentSafely(`${FRONT}${'a*'.repeat(100_000)}\n`, 'x.md', { ...DEFAULT_LIMITS, parseTimeoutMs: 1000 }), /took longer than 1 s to parse/);
  // The parser thread is replaced after being stopped: the next document parses.
  assert.equal((await readDocumentSafely(`${FRONT}正文。\n`, 'x.md', DEFAULT_LIMITS)).meta.author, '某区');
  await assert.rejects(readDocumentSafely(`${FRONT}${'*'.repeat(500)}x${'*'.repeat(500)}\n`, 'x.md', DEFAULT_LIMITS), (error: Error & { line?: number }) => {
    assert.match(error.message, /nested more than 100 levels/);
    assert.equal(error.line, 7);
    return true;
  });
});

test('readSourceBytes: regular files inside the folder, within the limit', async () => {
  const dir = path.join(work, 'doc');
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'index.md'), 'x'.repeat(100));
  assert.equal((await readSourceBytes(dir, path.join(dir, 'index.md'), 100))!.length, 100);
  await assert.rejects(readSourceBytes(dir, path.join(dir, 'index.md'), 99), /is 100 bytes; the limit is 99 bytes/);
  assert.equal(await readSourceBytes(dir, path.join(dir, 'missing.md'), 100), undefined);
  // A file of our own outside the document folder, for the link to name.
  writeFileSync(path.join(work, 'outside.md'), 'outside');
  symlinkSync(path.join(work, 'outside.md'), path.join(dir, 'link.md'));
  await assert.rejects(readSourceBytes(dir, path.join(dir, 'link.md'), 100), /link to a file outside the document folder/);
});

test('local references and valid URLs', () => {
  for (const url of ['images/a.png', 'a.png?x=1', '中文.png', './b/c.svg']) assert.ok(isLocalReference(url), url);
  for (const url of ['http://x/a.png', 'HTTPS://x', '//x/a.png', '/etc/passwd', '\\\\server\\a.png', '../a.png', 'a/../../b.png', 'file:///etc/passwd', 'data:image/png;base64,AA', '', '%2e%2e/a.png']) {
    assert.ok(!isLocalReference(url), url);
  }
  assert.equal(validUrl('/bar\\/)'), '/bar%5C/)');
  assert.equal(validUrl('a b%zz%41'), 'a%20b%25zz%41');
});
