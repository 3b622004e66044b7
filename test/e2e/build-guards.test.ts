// Build refuses, with one line and before writing anything, what would lose
// or mix files: an output folder overlapping a source folder, --out naming
// a file, an edition id that names a folder of the output, a --timeout
// Node's timers cannot hold.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { repoRoot } from '../helpers/cli.ts';
import { snapshot } from '../helpers/files.ts';
import { makePng } from '../helpers/png.ts';

const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-guards-'));
after(() => rmSync(work, { recursive: true, force: true }));
const FRONT = '---\ntitle: 测试\nauthor: 某区人民政府\ndate: 2023-02-01\n---\n\n正文。\n';

function paiban(cwd: string, args: string[]) {
  const result = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'paiban.js'), ...args], {
    cwd,
    env: { ...process.env, PAIBAN_DEBUG: '', TMPDIR: work },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function oneLine(result: { code: number | null; stderr: string }, pattern: RegExp): void {
  assert.equal(result.code, 1, result.stderr);
  assert.equal(result.stderr.trimEnd().split('\n').length, 1, result.stderr);
  assert.match(result.stderr, pattern);
}

function project(name: string): string {
  const dir = path.join(work, name);
  mkdirSync(path.join(dir, 'source', 'doc'), { recursive: true });
  writeFileSync(path.join(dir, 'source', 'doc', 'index.md'), FRONT);
  writeFileSync(path.join(dir, 'source', 'doc', 'notes.txt'), '作者的笔记\n');
  return dir;
}

test('--out overlapping a source folder is refused; the author’s files are untouched', () => {
  const dir = project('overlap');
  const before = snapshot(path.join(dir, 'source'), { mtimes: true });
  for (const out of ['source', 'source/doc', 'source/doc/out']) {
    oneLine(paiban(dir, ['build', 'source/doc', '--format', 'html', '--out', out]), /would be, or overlap, the source folder source\/doc; give --out a folder outside the sources/);
  }
  assert.deepEqual(snapshot(path.join(dir, 'source'), { mtimes: true }), before);
});

test('--out naming a file: one line, not "internal error: EEXIST"', () => {
  const dir = project('out-file');
  writeFileSync(path.join(dir, 'out.txt'), 'x');
  oneLine(paiban(dir, ['build', 'source/doc', '--format', 'html', '--out', 'out.txt']), /^paiban: out\.txt: is not a folder; --out takes a folder/);
});

test('an edition id naming a folder of the output (assets) is refused', () => {
  const dir = project('reserved');
  writeFileSync(path.join(dir, 'source', 'doc', 'index.md'), FRONT.replace('---\n\n', 'editions:\n  - id: first\n  - id: assets\n---\n\n'));
  oneLine(paiban(dir, ['build', 'source/doc', '--format', 'html', '--all-editions']), /source\/doc\/index\.md:5: edition id "assets" is reserved/);
  assert.deepEqual(readdirSync(dir).sort(), ['source'], 'nothing written');
});

test('--timeout past an hour is refused with the bound', () => {
  const dir = project('timeout');
  // HTML only: a build that would print starts Chromium at once, before the option is checked.
  oneLine(paiban(dir, ['build', 'source/doc', '--timeout', '3000000', '--format', 'html']), /^paiban: --timeout must be a number of seconds from more than 0 up to 3600, not "3000000"/);
});

test('a raw <img> of a file of the folder that no Markdown image uses is an error naming it', () => {
  const dir = project('raw-img');
  mkdirSync(path.join(dir, 'source', 'doc', 'images'));
  writeFileSync(path.join(dir, 'source', 'doc', 'images', 'a.png'), makePng(2, 2));
  writeFileSync(path.join(dir, 'source', 'doc', 'index.md'), `${FRONT}\n<img src="images/a.png" alt="图">\n`);
  oneLine(paiban(dir, ['build', 'source/doc', '--format', 'html']), /source\/doc\/index\.md:9: raw HTML <img src="images\/a\.png"> names no image of the document/);
  // Named by a Markdown image as well: read, checked and copied, so the raw one shows it too.
  writeFileSync(path.join(dir, 'source', 'doc', 'index.md'), `${FRONT}\n![图](images/a.png)\n\n<img src="images/a.png" alt="图">\n`);
  const built = paiban(dir, ['build', 'source/doc', '--format', 'html']);
  assert.equal(built.code, 0, built.stderr);
});
