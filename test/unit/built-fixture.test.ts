import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { builtFixture } from '../helpers/built.ts';
import { snapshot } from '../helpers/files.ts';

// The shared builds of a test run (test/helpers/built.ts): built once, then
// copies; a changed source is another build, never yesterday's outputs.
const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-built-'));
const saved = process.env['PAIBAN_TEST_BUILDS'];
const cache = path.join(work, 'cache');
mkdirSync(cache);
process.env['PAIBAN_TEST_BUILDS'] = cache;
after(() => {
  if (saved === undefined) delete process.env['PAIBAN_TEST_BUILDS'];
  else process.env['PAIBAN_TEST_BUILDS'] = saved;
  rmSync(work, { recursive: true, force: true });
});

const doc = path.join(work, 'src', 'note');
const write = (body: string) => {
  mkdirSync(doc, { recursive: true });
  writeFileSync(path.join(doc, 'index.md'), `---\ntitle: 通知\nauthor: 某区\ndate: 2023-02-01\n---\n\n${body}\n`);
};
/** The finished builds in the cache folder (not staging folders or locks). */
const entries = () => readdirSync(cache).filter((name) => !name.startsWith('.') && !name.endsWith('.lock'));

test('the same source and arguments: one build, copied to each caller, paths printed as the caller’s', () => {
  write('这是第一稿的正文。');
  const first = builtFixture(doc, ['--format', 'html'], { into: path.join(work, 'a') });
  const second = builtFixture(doc, ['--format', 'html'], { into: path.join(work, 'b') });
  assert.equal(first.code, 0, first.stderr);
  assert.equal(entries().length, 1);
  assert.deepEqual(snapshot(path.join(work, 'b', 'note')), snapshot(path.join(work, 'a', 'note')));
  assert.match(first.stdout, new RegExp(`to ${path.join(work, 'a', 'note').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `));
  assert.match(second.stdout, new RegExp(`to ${path.join(work, 'b', 'note').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `));
  assert.ok(!first.stdout.includes(cache) && !second.stdout.includes(cache), 'no path into the cache');
});

test('a changed source or other arguments: another build', () => {
  write('这是第二稿的正文。');
  const changed = builtFixture(doc, ['--format', 'html'], { into: path.join(work, 'c') });
  assert.equal(changed.code, 0, changed.stderr);
  assert.match(readFileSync(path.join(work, 'c', 'note', 'index.html'), 'utf8'), /第二稿/);
  assert.doesNotMatch(readFileSync(path.join(work, 'c', 'note', 'index.html'), 'utf8'), /第一稿/);
  const failing = builtFixture(doc, ['--format', 'nonsense'], { into: path.join(work, 'd') });
  assert.equal(failing.code, 1);
  assert.equal(entries().length, 3);
});
