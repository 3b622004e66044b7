// Nothing is left in $TMPDIR: Chromium's own org.chromium.Chromium.* folders
// live inside paiban's profile folder and go with it, and a verify killed
// outright (SIGKILL) has its folder removed by the next verify.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { launchOwnChromium, repoRoot } from '../helpers/cli.ts';

// These runs are watched for the Chromium they launch themselves.
launchOwnChromium();

const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-leftovers-'));
after(() => rmSync(work, { recursive: true, force: true }));

function paiban(cwd: string, tmp: string, args: string[]) {
  const result = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'paiban.js'), ...args], {
    cwd,
    env: { ...process.env, PAIBAN_DEBUG: '', TMPDIR: tmp },
    encoding: 'utf8',
    timeout: 180_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function project(name: string): { dir: string; tmp: string } {
  const dir = path.join(work, name);
  const tmp = path.join(work, `${name}-tmp`);
  mkdirSync(path.join(dir, 'source', 'doc'), { recursive: true });
  mkdirSync(tmp);
  writeFileSync(path.join(dir, 'source', 'doc', 'index.md'), '---\ntitle: 测试\nauthor: 某区人民政府\ndate: 2023-02-01\n---\n\n正文。\n');
  return { dir, tmp };
}

test('a PDF build leaves nothing in TMPDIR (no org.chromium.Chromium.*)', () => {
  const { dir, tmp } = project('chromium');
  const result = paiban(dir, tmp, ['build', 'source/doc', '--format', 'pdf']);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(readdirSync(tmp), []);
});

test('verify removes the folder a SIGKILLed verify left, and leaves none of its own', () => {
  const { dir, tmp } = project('verify');
  assert.equal(paiban(dir, tmp, ['build', 'source/doc', '--format', 'html']).code, 0);
  // A pid that is certainly gone: a process that has exited.
  const dead = spawnSync('true').pid;
  mkdirSync(path.join(tmp, `paiban-verify-${dead}-AbC123`, 'doc'), { recursive: true });
  writeFileSync(path.join(tmp, `paiban-verify-${dead}-AbC123`, 'doc', 'index.html'), 'left by a killed run');
  const result = paiban(dir, tmp, ['verify', 'output/doc/manifest.json']);
  assert.equal(result.code, 0, result.stderr + result.stdout);
  assert.match(result.stdout, /: all \d+ outputs identical$/m);
  assert.deepEqual(readdirSync(tmp), []);
});
